/**
 * The estate's webhooks at the hub (issue 14, item 5), on a real, throwaway PostgreSQL:
 * `device.flagged` from a site's previous scan at the hub, `scan.failed` from the failures route
 * (site token, idempotent by scan id), `site.silent` once per silence episode, the test delivery
 * endpoint, and the webhook configuration (file and environment, secret length). Receivers and
 * the hub listen on 127.0.66.0/24.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubConfig, loadHubConfig, type ReportConfig } from '../../src/hub/config.js';
import { Outbox, PushSender } from '../../src/hub/push.js';
import { buildHubApi, startHub } from '../../src/hub/service.js';
import { SilenceWatch, silenceAllowanceSeconds, silentSites } from '../../src/hub/silence.js';
import { HubStore } from '../../src/hub/store.js';
import { HubEvents } from '../../src/hub/webhooks.js';
import type { Report } from '../../src/report/types.js';
import type { WebhookConfig } from '../../src/serve/config.js';
import { type ScanFailure, WebhookSender } from '../../src/serve/webhooks.js';
import { openStore } from '../../src/store/index.js';
import { silentLogger } from '../../src/util/log.js';
import { type PgCluster, requirePostgres, startPostgres } from '../helpers/postgres.js';
import { startReceiver } from '../helpers/proxy.js';
import { makeDevice, makeReport } from '../helpers/report.js';

const API_TOKEN = 'hub-ops-reader-token-0123456789abcdef';
const SECRET = 'hub-ops-webhook-secret-0123456789abcdef';
const SITES = new Map([
  ['north', 'north-ops-token-0123456789abcdefghij'],
  ['south', 'south-ops-token-0123456789abcdefghij'],
  ['east', 'east-ops-token-0123456789abcdefghijk'],
]);
const token = (site: string) => SITES.get(site) as string;
const hubConfig = (url: string, over: Partial<HubConfig> = {}): HubConfig => ({
  databaseUrl: url,
  listen: { host: '127.0.66.70', port: 30666 },
  apiToken: API_TOKEN,
  sites: SITES,
  shutdownTimeoutMs: 5000,
  testCommitDelayMs: 0,
  ...over,
});
const hook = (
  url: string,
  events: string[] = ['device.flagged', 'scan.failed', 'site.silent'],
): WebhookConfig => ({
  url,
  events,
  attempts: 2,
  backoffMs: 20,
  timeoutMs: 3000,
});

const available = requirePostgres();
const closers: (() => Promise<void>)[] = [];
let pgc: PgCluster;
let store: HubStore;
let app: FastifyInstance;
let rx: Awaited<ReturnType<typeof startReceiver>>;
let sender: WebhookSender;
let watch: SilenceWatch;

beforeAll(async () => {
  if (!available) return;
  pgc = await startPostgres();
  store = await HubStore.open(pgc.url);
  await store.registerSites([...SITES.keys()]);
  rx = await startReceiver('127.0.66.71');
  sender = new WebhookSender([hook(`${rx.url}/estate/secret-9a8b`)], SECRET, silentLogger);
  const events = new HubEvents(store.pool, sender, silentLogger);
  pending = [];
  app = buildHubApi(store, hubConfig(pgc.url), silentLogger, {
    onIngest: (site, report, result) => {
      pending.push(events.ingested(site, report, result));
    },
    onFailure: (f) => events.failed(f),
    webhooks: sender,
  });
  watch = new SilenceWatch(store.pool, sender, silentLogger);
}, 60000);

afterAll(async () => {
  for (const c of closers) await c();
  await app?.close();
  await sender?.close(1000);
  await rx?.close();
  await store?.close();
  await pgc?.stop();
});

let pending: Promise<void>[] = [];
/** Everything the hub sent so far, once deliveries in flight are done. */
async function sent(): Promise<Record<string, unknown>[]> {
  await Promise.all(pending);
  const end = Date.now() + 3000;
  let n = -1;
  // Deliveries are queued asynchronously: wait until the count stops moving.
  while (Date.now() < end && n !== rx.received.length) {
    n = rx.received.length;
    await new Promise((r) => setTimeout(r, 150));
  }
  return rx.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
}
const eventsOf = async (event: string) => (await sent()).filter((b) => b.event === event);

const put = (site: string, report: Report, tok = token(site)) =>
  app.inject({
    method: 'PUT',
    url: `/api/sites/${site}/scans/${report.scan.id}`,
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
    payload: JSON.stringify(report),
  });
const postFailure = (site: string, f: ScanFailure, tok = token(site), interval?: number) =>
  app.inject({
    method: 'POST',
    url: `/api/sites/${site}/failures`,
    headers: {
      authorization: `Bearer ${tok}`,
      'content-type': 'application/json',
      ...(interval === undefined ? {} : { 'x-oemscan-interval-seconds': String(interval) }),
    },
    payload: JSON.stringify(f),
  });
const failure = (site: string, error = 'credentials file /etc/oemscan/creds.yaml: EACCES'): ScanFailure => ({
  site,
  scan: { id: randomUUID(), startedAt: '2026-12-05T08:00:00.000Z', finishedAt: '2026-12-05T08:00:02.000Z' },
  trigger: 'schedule',
  error,
});
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 0, minutes)).toISOString();

describe.skipIf(!available)('estate webhooks at the hub', () => {
  it('applies migration 3: failed scans, silence episodes, the schedule interval', async () => {
    const { rows } = await store.pool.query('SELECT version FROM hub_schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toContain(3);
    const cols = await store.pool.query(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'hub_sites'",
    );
    expect(cols.rows.map((r) => r.column_name)).toContain('interval_seconds');
  });

  it("fires device.flagged with the devices newly flagged since the same site's previous scan", async () => {
    const cam = (ip: string, serial: string, status: 'flagged' | 'clear' | 'unverified') =>
      makeDevice(ip, { status, serial });
    const s1 = makeReport([cam('127.0.66.81', 'A', 'flagged'), cam('127.0.66.82', 'B', 'clear')], at(0));
    const s2 = makeReport([cam('127.0.66.81', 'A', 'flagged'), cam('127.0.66.82', 'B', 'clear')], at(10));
    const s3 = makeReport([cam('127.0.66.81', 'A', 'flagged'), cam('127.0.66.82', 'B', 'flagged')], at(20));
    // Another site's scans never count as north's previous scan.
    const other = makeReport([cam('127.0.66.91', 'Z', 'flagged')], at(15));
    expect((await put('north', s1)).statusCode).toBe(201);
    expect((await put('north', s2)).statusCode).toBe(201);
    expect((await put('north', s2)).statusCode).toBe(200); // a resend fires nothing
    expect((await put('south', other)).statusCode).toBe(201);
    expect((await put('north', s3)).statusCode).toBe(201);
    const flagged = await eventsOf('device.flagged');
    expect(flagged.map((e) => [e.site, (e.scan as { id: string }).id, e.previousScan])).toEqual([
      ['north', s1.scan.id, null],
      ['south', other.scan.id, null],
      ['north', s3.scan.id, s2.scan.id],
    ]);
    const devices = (e: Record<string, unknown>) => (e.devices as { serial: string }[]).map((d) => d.serial);
    expect(devices(flagged[0] as Record<string, unknown>)).toEqual(['A']);
    expect(devices(flagged[2] as Record<string, unknown>)).toEqual(['B']);
    const r = rx.received.find((x) => x.headers['x-oemscan-event'] === 'device.flagged');
    const mac = createHmac('sha256', SECRET)
      .update(`${r?.headers['x-oemscan-timestamp']}.${r?.body}`)
      .digest('hex');
    expect(r?.headers['x-oemscan-signature']).toBe(`sha256=${mac}`);
  });

  it('takes a failed scan from its own site only, once, and fires scan.failed once', async () => {
    const f = failure('east');
    expect((await postFailure('east', f, token('south'))).statusCode).toBe(401);
    expect((await postFailure('east', f, API_TOKEN)).statusCode).toBe(401);
    expect((await postFailure('west', f, token('east'))).statusCode).toBe(401);
    const first = await postFailure('east', f, token('east'), 1800);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ site: 'east', scanId: f.scan.id, result: 'stored' });
    const again = await postFailure('east', f);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ result: 'duplicate' });
    // South cannot claim east's scan id, nor report under another site's name.
    expect((await postFailure('south', { ...f, site: 'south' })).statusCode).toBe(409);
    expect((await postFailure('south', failure('east'))).statusCode).toBe(400);
    const bad = await postFailure('south', {
      ...failure('south'),
      scan: { id: 'nope' },
    } as unknown as ScanFailure);
    expect(bad.statusCode).toBe(400);

    const failed = await eventsOf('scan.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      schema: 'oemscan.webhook/v1',
      event: 'scan.failed',
      site: 'east',
      trigger: 'schedule',
      scan: f.scan,
      error: f.error,
    });
    const { rows } = await store.pool.query("SELECT interval_seconds FROM hub_sites WHERE name = 'east'");
    expect(rows[0].interval_seconds).toBe(1800);
  });

  it('announces a silent site once per silence episode', async () => {
    await store.pool.query("UPDATE hub_sites SET interval_seconds = 600 WHERE name = 'north'");
    await store.pool.query("UPDATE hub_sites SET interval_seconds = 0 WHERE name = 'south'");
    await store.pool.query("UPDATE hub_sites SET interval_seconds = NULL WHERE name = 'east'");
    const last = await store.pool.query<{ t: Date }>(
      "SELECT max(received_at) AS t FROM hub_scans WHERE site = 'north'",
    );
    const t0 = last.rows[0]?.t as Date;
    const after = (s: number) => new Date(t0.getTime() + s * 1000);
    const allowed = silenceAllowanceSeconds(600);
    expect(allowed).toBe(1260);
    expect(await watch.check(after(allowed - 5))).toEqual([]);
    expect(await silentSites(store.pool, after(allowed + 5))).toEqual([
      { site: 'north', intervalSeconds: 600, lastReceivedAt: t0.toISOString(), silentSeconds: allowed + 5 },
    ]);
    expect(await watch.check(after(allowed + 5))).toEqual(['north']);
    // Still the same episode: not announced again, however long it lasts.
    expect(await watch.check(after(allowed + 600))).toEqual([]);
    expect(await watch.check(after(10 * allowed))).toEqual([]);
    const silent = await eventsOf('site.silent');
    expect(silent).toHaveLength(1);
    expect(silent[0]).toMatchObject({
      event: 'site.silent',
      site: 'north',
      intervalSeconds: 600,
      lastReceivedAt: t0.toISOString(),
    });

    // The site is heard again (a failure report counts), then falls silent again: a new episode.
    expect((await postFailure('north', failure('north'), token('north'), 600)).statusCode).toBe(201);
    const heard = await store.pool.query<{ t: Date }>(
      "SELECT max(received_at) AS t FROM hub_failures WHERE site = 'north'",
    );
    const t1 = heard.rows[0]?.t as Date;
    expect(await watch.check(new Date(t1.getTime() + 60000))).toEqual([]);
    expect(await watch.check(new Date(t1.getTime() + (allowed + 1) * 1000))).toEqual(['north']);
    expect(await eventsOf('site.silent')).toHaveLength(2);
  });

  it('sends a signed test event on POST /api/webhooks/test (readers only), answering by origin', async () => {
    const before = rx.received.length;
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/webhooks/test',
          headers: { authorization: `Bearer ${token('north')}` },
        })
      ).statusCode,
    ).toBe(401);
    const res = await app.inject({
      method: 'POST',
      url: '/api/webhooks/test',
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ results: [{ origin: rx.url, status: 'delivered', httpStatus: 204 }] });
    expect(res.body).not.toContain('secret-9a8b');
    expect(rx.received).toHaveLength(before + 1);
    expect(JSON.parse(rx.received[before]?.body ?? '{}')).toMatchObject({ event: 'test', role: 'hub' });
  });

  it('wires it all in startHub: a site pushes a flagged device and the estate hook hears of it', async () => {
    const estate = await startReceiver('127.0.66.72');
    closers.push(estate.close);
    const hub = await startHub(
      hubConfig(pgc.url, { webhooks: [hook(`${estate.url}/h`, ['device.flagged'])], webhookSecret: SECRET }),
      silentLogger,
    );
    closers.push(() => hub.stop());
    const dir = mkdtempSync(join(tmpdir(), 'oemscan-hub-ops-'));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    const site = openStore(dir);
    const outbox = new Outbox(site.db);
    const report = makeReport([makeDevice('127.0.66.95', { status: 'flagged', serial: 'E1' })], at(30));
    outbox.enqueue('east', report.scan.id, JSON.stringify(report));
    const cfg: ReportConfig = {
      site: 'east',
      url: hub.url,
      token: token('east'),
      retryBaseMs: 20,
      retryMaxMs: 100,
      timeoutMs: 5000,
    };
    const push = new PushSender(outbox, cfg, silentLogger, 300);
    push.start();
    const end = Date.now() + 10000;
    while (estate.received.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    await push.stop();
    site.close();
    expect(estate.received).toHaveLength(1);
    expect(JSON.parse(estate.received[0]?.body ?? '{}')).toMatchObject({
      event: 'device.flagged',
      site: 'east',
      scan: { id: report.scan.id },
      devices: [{ serial: 'E1', status: 'flagged' }],
    });
  });
});

describe('hub webhook configuration', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'oemscan-hubhooks-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const env = { OEMSCAN_API_TOKEN: API_TOKEN, OEMSCAN_DATABASE_URL: 'postgres://u@127.0.0.1:5/db' };

  it('reads hub.webhooks from the file and OEMSCAN_HUB_WEBHOOKS, signed with OEMSCAN_WEBHOOK_SECRET', () => {
    const file = join(tmp, 'hub.yaml');
    writeFileSync(
      file,
      'hub:\n  webhooks:\n    - url: https://hooks.example.invalid/a/secret-1\n      events: [site.silent]\n      attempts: 3\n',
    );
    const cfg = loadHubConfig(
      { config: file },
      {
        ...env,
        OEMSCAN_HUB_WEBHOOKS: 'https://b.example.invalid/x http://127.0.66.73:9/y',
        OEMSCAN_WEBHOOK_SECRET: SECRET,
      },
    );
    expect(cfg.webhooks?.map((w) => [w.url, w.events, w.attempts])).toEqual([
      ['https://hooks.example.invalid/a/secret-1', ['site.silent'], 3],
      ['https://b.example.invalid/x', ['device.flagged', 'scan.failed', 'site.silent'], 5],
      ['http://127.0.66.73:9/y', ['device.flagged', 'scan.failed', 'site.silent'], 5],
    ]);
    expect(cfg.webhookSecret).toBe(SECRET);
    expect(loadHubConfig({}, env).webhooks).toEqual([]);
  });

  it('refuses a missing or short key, a bad event, credentials in a URL, without repeating secrets', () => {
    const withHooks = { ...env, OEMSCAN_HUB_WEBHOOKS: 'https://h.example.invalid/p/secret-2' };
    expect(() => loadHubConfig({}, withHooks)).toThrow(/OEMSCAN_WEBHOOK_SECRET: .*must be set/);
    const short = 'k'.repeat(31);
    let msg = '';
    try {
      loadHubConfig({}, { ...withHooks, OEMSCAN_WEBHOOK_SECRET: short });
    } catch (err) {
      msg = (err as Error).message;
    }
    expect(msg).toBe('OEMSCAN_WEBHOOK_SECRET: the webhook signing key must be at least 32 characters');
    try {
      loadHubConfig(
        {},
        {
          ...env,
          OEMSCAN_HUB_WEBHOOKS: 'https://u:pw-7c1d@h.example.invalid/p',
          OEMSCAN_WEBHOOK_SECRET: SECRET,
        },
      );
      msg = '';
    } catch (err) {
      msg = (err as Error).message;
    }
    expect(msg).toMatch(/^OEMSCAN_HUB_WEBHOOKS \(entry 1\): must not carry credentials/);
    expect(msg).not.toContain('pw-7c1d');
    const file = join(tmp, 'bad.yaml');
    writeFileSync(
      file,
      'hub:\n  webhooks:\n    - url: https://h.example.invalid/q\n      events: [newly-flagged]\n',
    );
    expect(() => loadHubConfig({ config: file }, { ...env, OEMSCAN_WEBHOOK_SECRET: SECRET })).toThrow(
      /hub\.webhooks\.0\.events: must be a list of device\.flagged, scan\.failed, site\.silent/,
    );
    // Site tokens and the readers' token have the same floor.
    expect(() => loadHubConfig({}, { ...env, OEMSCAN_HUB_SITES: `a=${'t'.repeat(31)}` })).toThrow(
      /OEMSCAN_HUB_SITES: the token of site "a" must be at least 32 characters/,
    );
    expect(() => loadHubConfig({}, { ...env, OEMSCAN_API_TOKEN: 'r'.repeat(31) })).toThrow(
      /^OEMSCAN_API_TOKEN: the API token must be set, at least 32 characters$/,
    );
  });
});
