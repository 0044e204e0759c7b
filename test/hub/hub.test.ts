/**
 * The hub on a real, throwaway PostgreSQL: migrations (idempotent), ingest (site tokens, a site
 * writes only its own scans, a scan id sent twice is stored once), the readers' API, and the
 * site's outbox and push sender against a hub that is down first and then comes up.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHubConfig, loadReportConfig, parseSites } from '../../src/hub/config.js';
import { backoffDelay, Outbox, PushSender } from '../../src/hub/push.js';
import { buildHubApi, type Hub, startHub } from '../../src/hub/service.js';
import { HubStore } from '../../src/hub/store.js';
import type { Report } from '../../src/report/types.js';
import { openStore, type Store } from '../../src/store/index.js';
import { silentLogger } from '../../src/util/log.js';
import { runCli } from '../helpers/cli.js';
import { type PgCluster, requirePostgres, startPostgres } from '../helpers/postgres.js';
import { makeDevice, makeReport } from '../helpers/report.js';
import { waitFor } from '../helpers/serve.js';

const API_TOKEN = 'reader-token-0123456789abcdefghijkl';
const SITES = new Map([
  ['north', 'north-token-0123456789abcdefghijkl'],
  ['south', 'south-token-0123456789abcdefghijkl'],
]);
const config = (url: string, listen = { host: '127.0.60.1', port: 0 }) => ({
  databaseUrl: url,
  listen,
  apiToken: API_TOKEN,
  sites: SITES,
  shutdownTimeoutMs: 5000,
  testCommitDelayMs: 0,
});

const available = requirePostgres();
let pgc: PgCluster;
let store: HubStore;
let app: FastifyInstance;

beforeAll(async () => {
  if (!available) return;
  pgc = await startPostgres();
  store = await HubStore.open(pgc.url);
  await store.registerSites([...SITES.keys()]);
  app = buildHubApi(store, config(pgc.url), silentLogger);
}, 60000);

afterAll(async () => {
  await app?.close();
  await store?.close();
  await pgc?.stop();
});

const put = (site: string, token: string, report: Report, id = report.scan.id) =>
  app.inject({
    method: 'PUT',
    url: `/api/sites/${site}/scans/${id}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(report),
  });
const read = async (url: string) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${API_TOKEN}` } });

describe.skipIf(!available)('hub on PostgreSQL', () => {
  it('applies its migrations once: a second open applies nothing', async () => {
    const again = await HubStore.open(pgc.url);
    try {
      expect(await again.migrate((await import('../../src/hub/migrations.js')).HUB_MIGRATIONS)).toEqual([]);
      const { rows } = await again.pool.query('SELECT version FROM hub_schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual([1, 3]);
    } finally {
      await again.close();
    }
  });

  it('stores a pushed scan once and acknowledges a resend as already stored', async () => {
    const report = makeReport([
      makeDevice('127.0.60.10', { status: 'flagged', serial: 'N1' }),
      makeDevice('127.0.60.11'),
      makeDevice('127.0.60.12', { status: 'clear' }),
    ]);
    const first = await put('north', SITES.get('north') as string, report);
    expect(first.statusCode).toBe(201);
    const second = await put('north', SITES.get('north') as string, report);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ result: 'duplicate' });
    const received = await store.receivedScans('north');
    expect(received.filter((s) => s.id === report.scan.id)).toHaveLength(1);
    const { rows } = await store.pool.query('SELECT count(*)::int AS n FROM hub_devices WHERE scan_id = $1', [
      report.scan.id,
    ]);
    expect(rows[0].n).toBe(3);
  });

  it('leaves nothing behind when an ingest fails before COMMIT', async () => {
    const report = makeReport([makeDevice('127.0.60.15'), makeDevice('127.0.60.16')]);
    await expect(
      store.ingest('north', report, async () => {
        throw new Error('connection lost');
      }),
    ).rejects.toThrow('connection lost');
    expect((await store.receivedScans('north')).map((s) => s.id)).not.toContain(report.scan.id);
    const { rows } = await store.pool.query('SELECT count(*)::int AS n FROM hub_devices WHERE scan_id = $1', [
      report.scan.id,
    ]);
    expect(rows[0].n).toBe(0);
    expect(await store.ingest('north', report)).toBe('stored');
  });

  it('lets a site write only its own scans', async () => {
    const report = makeReport([makeDevice('127.0.60.20')]);
    // South's token on north's route, the reader token, no token, an unknown site: all 401.
    for (const [site, token] of [
      ['north', SITES.get('south') as string],
      ['north', API_TOKEN],
      ['north', ''],
      ['west', 'west-token-0123456789abcdefghijkl'],
    ] as const) {
      const res = await put(site, token, report);
      expect(res.statusCode).toBe(401);
    }
    expect(await store.receivedScans('north')).not.toContainEqual(
      expect.objectContaining({ id: report.scan.id }),
    );
    // North's scan id pushed by south is refused, not moved.
    const north = makeReport([makeDevice('127.0.60.21')]);
    expect((await put('north', SITES.get('north') as string, north)).statusCode).toBe(201);
    expect((await put('south', SITES.get('south') as string, north)).statusCode).toBe(409);
    expect((await store.receivedScans('south')).map((s) => s.id)).not.toContain(north.scan.id);
  });

  it('refuses a body that is not a report of the scan the path names', async () => {
    const token = SITES.get('south') as string;
    const report = makeReport([makeDevice('127.0.60.30')]);
    const other = makeReport([]);
    expect((await put('south', token, report, other.scan.id)).statusCode).toBe(400);
    const broken = { ...report, schema: 'nope' } as unknown as Report;
    expect((await put('south', token, broken)).statusCode).toBe(400);
    expect((await store.receivedScans('south')).map((s) => s.id)).not.toContain(report.scan.id);
  });

  it('serves sites and current devices with totals to readers only', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/sites' })).statusCode).toBe(401);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/sites',
          headers: { authorization: `Bearer ${SITES.get('north')}` },
        })
      ).statusCode,
    ).toBe(401);
    const newer = makeReport(
      [makeDevice('127.0.60.40', { status: 'flagged' }), makeDevice('127.0.60.41', { status: 'flagged' })],
      new Date(Date.now() + 60000).toISOString(),
    );
    expect((await put('south', SITES.get('south') as string, newer)).statusCode).toBe(201);
    const sites = (await read('/api/sites')).json() as { name: string; devices: number; flagged: number }[];
    expect(sites.map((s) => s.name)).toEqual(['north', 'south']);
    expect(sites.find((s) => s.name === 'south')).toMatchObject({ devices: 2, flagged: 2, scans: 1 });
    const flagged = (await read('/api/devices?site=south&status=flagged&limit=1')).json() as {
      total: number;
      devices: { site: string; ip: string }[];
    };
    expect(flagged.total).toBe(2);
    expect(flagged.devices).toHaveLength(1);
    expect(flagged.devices[0]?.site).toBe('south');
    const all = (await read('/api/devices')).json() as { total: number; devices: { site: string }[] };
    expect(all.total).toBe(all.devices.length);
    expect(new Set(all.devices.map((d) => d.site))).toEqual(new Set(['north', 'south']));
    expect((await read('/api/devices?status=bogus')).statusCode).toBe(400);
  });
});

describe('site configuration', () => {
  it('parses sites and refuses short tokens without echoing them', () => {
    expect([
      ...parseSites('a=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, b=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'X').keys(),
    ]).toEqual(['a', 'b']);
    expect(() => parseSites('a=short-secret', 'X')).toThrow(/at least 32/);
    try {
      parseSites('a=short-secret', 'X');
    } catch (err) {
      expect((err as Error).message).not.toContain('short-secret');
    }
    expect(() =>
      loadReportConfig(
        { site: 'a', reportTo: 'http://u:p@127.0.0.1/' },
        { OEMSCAN_REPORT_TOKEN: 'x'.repeat(32) },
      ),
    ).toThrow(/without credentials/);
  });

  it('refuses a hub without a database, with scan options, or a site without its token', async () => {
    const env = { OEMSCAN_API_TOKEN: API_TOKEN, OEMSCAN_DATABASE_URL: '', OEMSCAN_REPORT_TOKEN: '' };
    const noDb = await runCli(['serve', '--hub', '--listen', '127.0.60.3:30620'], env);
    expect(noDb.code).not.toBe(0);
    expect(noDb.stderr).toMatch(/--database postgres:/);
    const scanning = await runCli(['serve', '--hub', '--targets', '127.0.60.0/28'], env);
    expect(scanning.code).not.toBe(0);
    expect(scanning.stderr).toMatch(/--hub does not scan: --targets/);
    const site = await runCli(
      ['serve', '--site', 'north', '--targets', '127.0.60.0/28', '--report-to', 'http://127.0.60.3:30620'],
      env,
    );
    expect(site.code).not.toBe(0);
    expect(site.stderr).toMatch(/OEMSCAN_REPORT_TOKEN/);
  }, 30000);

  it('takes the sites from the config file when OEMSCAN_HUB_SITES is not set', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'oemscan-hubcfg-'));
    try {
      const file = join(tmp, 'hub.yaml');
      writeFileSync(
        file,
        'listen: 127.0.60.4:30630\nhub:\n  database: postgres://u@127.0.0.1:5/db\n  sites:\n    a: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n',
      );
      const cfg = loadHubConfig({ config: file }, { OEMSCAN_API_TOKEN: API_TOKEN });
      expect([...cfg.sites]).toEqual([['a', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']]);
      expect(cfg.listen).toEqual({ host: '127.0.60.4', port: 30630 });
      expect(cfg.databaseUrl).toBe('postgres://u@127.0.0.1:5/db');
      const env = { OEMSCAN_API_TOKEN: API_TOKEN, OEMSCAN_HUB_SITES: 'b=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' };
      expect([...loadHubConfig({ config: file }, env).sites.keys()]).toEqual(['b']);
      expect(() =>
        loadHubConfig(
          { config: file },
          { OEMSCAN_API_TOKEN: API_TOKEN, OEMSCAN_HUB_SITES: `c=${API_TOKEN}` },
        ),
      ).toThrow(/must differ/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('backs off exponentially, jittered and bounded', () => {
    expect(backoffDelay(1, 500, 60000, () => 0)).toBe(250);
    expect(backoffDelay(1, 500, 60000, () => 1)).toBe(500);
    expect(backoffDelay(4, 500, 60000, () => 1)).toBe(4000);
    expect(backoffDelay(40, 500, 60000, () => 1)).toBe(60000);
    expect(backoffDelay(40, 500, 60000, () => 0)).toBe(30000);
  });
});

describe.skipIf(!available)('site outbox and push sender', () => {
  let dir: string;
  let site: Store;
  let hub: Hub | undefined;
  afterAll(async () => {
    await hub?.stop();
    site?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('buffers while the hub is down, then delivers every scan once and in order', async () => {
    dir = mkdtempSync(join(tmpdir(), 'oemscan-outbox-'));
    site = openStore(dir);
    const outbox = new Outbox(site.db);
    const listen = { host: '127.0.60.2', port: 30610 };
    const reportCfg = {
      site: 'north',
      url: `http://${listen.host}:${listen.port}`,
      token: SITES.get('north') as string,
      retryBaseMs: 50,
      retryMaxMs: 200,
      timeoutMs: 5000,
    };
    const logged: string[] = [];
    const log = {
      ...silentLogger,
      info: (...a: unknown[]) => logged.push(JSON.stringify(a)),
      warn: (...a: unknown[]) => logged.push(JSON.stringify(a)),
    } as unknown as typeof silentLogger;
    const sender = new PushSender(outbox, reportCfg, log);
    const reports = [0, 1, 2].map((i) =>
      makeReport([makeDevice(`127.0.60.${50 + i}`)], new Date(Date.now() + 120000 + i * 1000).toISOString()),
    );
    for (const r of reports) outbox.enqueue('north', r.scan.id, JSON.stringify(r));
    outbox.enqueue('north', reports[0]?.scan.id as string, 'ignored: already queued');
    expect(outbox.size()).toBe(3);
    sender.start();
    await waitFor('a failed attempt', 5000, async () =>
      (outbox.oldest()?.attempts ?? 0) >= 2 ? true : undefined,
    );
    expect(outbox.size()).toBe(3);
    hub = await startHub(config(pgc.url, listen), silentLogger);
    await waitFor('the outbox to drain', 10000, async () => (outbox.size() === 0 ? true : undefined));
    await sender.stop();
    const got = (await hub.store.receivedScans('north')).map((s) => s.id);
    const ids = reports.map((r) => r.scan.id);
    expect(got.filter((id) => ids.includes(id))).toEqual(ids);
    expect(logged.join('\n')).not.toContain(reportCfg.token);
  }, 30000);
});
