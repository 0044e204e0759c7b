/**
 * Issue 14 item 5 end to end with real processes on 127.0.66.0/24: a hub (`oemscan serve --hub`)
 * on a throwaway PostgreSQL with an estate webhook, and a site scanner reporting to it with a
 * webhook of its own, scanning a simulated Hikvision camera every two seconds.
 * - The site logs one readable line per scan start and end (`--log-format pretty`).
 * - The estate hook hears `device.flagged` for the camera, from the hub.
 * - The site's credentials file breaks: the next scan fails, is logged at error level, and both
 *   the site's hook and (through the site's outbox and the hub) the estate hook get `scan.failed`.
 * - `POST /api/webhooks/test` on both servers answers each hook's outcome by origin.
 * No token, secret or webhook path appears in any process's output.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import { CLI } from '../helpers/cli.js';
import { type PgCluster, requirePostgres, startPostgres } from '../helpers/postgres.js';
import { startReceiver } from '../helpers/proxy.js';
import { waitFor } from '../helpers/serve.js';

const HUB = '127.0.66.120:30670';
const SITE = '127.0.66.121:30671';
const READER = 'ops-e2e-hub-reader-token-0123456789ab';
const SITE_TOKEN = 'ops-e2e-north-site-token-0123456789ab';
const SITE_API = 'ops-e2e-north-api-token-0123456789abcd';
const SECRET = 'ops-e2e-webhook-secret-0123456789abcdef';
const OFFSET = 25000;

const available = requirePostgres();
let pgc: PgCluster;
let lab: Lab;
let dir: string;
let estate: Awaited<ReturnType<typeof startReceiver>>;
let local: Awaited<ReturnType<typeof startReceiver>>;
const procs: { child: ChildProcess; out: () => string }[] = [];

function run(args: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    [CLI, '--log-level', 'info', '--log-format', 'pretty', 'serve', ...args],
    {
      env: {
        ...process.env,
        NO_COLOR: '1',
        HTTP_PROXY: '',
        HTTPS_PROXY: '',
        http_proxy: '',
        https_proxy: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    out += c;
  });
  const p = { child, out: () => out };
  procs.push(p);
  return p;
}

const post = async (base: string, path: string, token: string) => {
  const res = await fetch(`http://${base}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const bodies = (rx: typeof estate, event: string) =>
  rx.received.filter((r) => r.headers['x-oemscan-event'] === event).map((r) => JSON.parse(r.body));

beforeAll(async () => {
  if (!available) return;
  pgc = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'oemscan-ops-e2e-'));
  lab = await startLab({
    prefix: '127.0.66',
    first: 130,
    portOffset: OFFSET,
    profiles: loadProfiles().filter((p) => p.id === 'hikvision-camera'),
  });
  estate = await startReceiver('127.0.66.122');
  local = await startReceiver('127.0.66.123');
}, 60000);

afterAll(async () => {
  for (const p of procs)
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  await lab?.stop();
  await estate?.close();
  await local?.close();
  await pgc?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30000);

describe.skipIf(!available)('webhooks and logs, site and hub', () => {
  it('logs scans, fires device.flagged and scan.failed at the site and the hub, tests every hook', async () => {
    const hub = run(['--hub', '--database', pgc.url, '--listen', HUB], {
      OEMSCAN_API_TOKEN: READER,
      OEMSCAN_HUB_SITES: `north=${SITE_TOKEN}`,
      OEMSCAN_HUB_WEBHOOKS: `${estate.url}/estate/path-secret-1f2e`,
      OEMSCAN_WEBHOOK_SECRET: SECRET,
    });
    await waitFor('the hub', 20000, async () =>
      (await fetch(`http://${HUB}/healthz`)).ok ? true : undefined,
    );
    const creds = join(dir, 'creds.yaml');
    writeFileSync(creds, '- { targets: "*", username: viewer, password: not-the-password-4d1c }\n', {
      mode: 0o600,
    });
    const config = join(dir, 'north.yaml');
    writeFileSync(
      config,
      [
        `targets: [${lab.devices[0]?.ip}/32]`,
        'schedule: "*/2 * * * * *"',
        `data: ${join(dir, 'north')}`,
        `listen: ${SITE}`,
        `credentials: ${creds}`,
        'shutdownTimeout: 2000',
        `scan: { portOffset: ${OFFSET}, discovery: false }`,
        `webhooks: [{ url: "${local.url}/local/path-secret-3a4b", events: [scan.failed], attempts: 2, backoff: 50 }]`,
      ].join('\n'),
    );
    const site = run(['--config', config, '--site', 'north', '--report-to', `http://${HUB}`], {
      OEMSCAN_API_TOKEN: SITE_API,
      OEMSCAN_REPORT_TOKEN: SITE_TOKEN,
      OEMSCAN_WEBHOOK_SECRET: SECRET,
      OEMSCAN_REPORT_RETRY_MAX_MS: '500',
    });

    const flagged = await waitFor(
      'device.flagged at the estate hook',
      30000,
      async () => bodies(estate, 'device.flagged')[0],
    );
    expect(flagged).toMatchObject({
      site: 'north',
      devices: [{ ip: lab.devices[0]?.ip, status: 'flagged' }],
    });
    // Terminal lines, one per start and one per end of each scan.
    expect(site.out()).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO +scan starting scan=[0-9a-f-]{36} trigger=schedule targets=1$/m,
    );
    expect(site.out()).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO +scan finished scan=[0-9a-f-]{36} seconds=[\d.]+ devices=1 flagged=1 unverified=0 errors=\d+ trigger=schedule$/m,
    );

    // The credentials file breaks: the next scans fail.
    writeFileSync(creds, 'x: 1\n');
    const failedHere = await waitFor(
      'scan.failed at the site hook',
      20000,
      async () => bodies(local, 'scan.failed')[0],
    );
    expect(failedHere).toMatchObject({ event: 'scan.failed', site: 'north', trigger: 'schedule' });
    expect(failedHere.error).toMatch(/expected a non-empty list of entries/);
    const failedThere = await waitFor('scan.failed at the estate hook', 20000, async () =>
      bodies(estate, 'scan.failed').find((b) => b.scan.id === failedHere.scan.id),
    );
    expect(failedThere).toMatchObject({ site: 'north', trigger: 'schedule', error: failedHere.error });
    expect(site.out()).toMatch(
      new RegExp(
        `^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR +scan failed scan=${failedHere.scan.id} trigger=schedule seconds=[\\d.]+ err=".*expected a non-empty list`,
        'm',
      ),
    );
    // The site told the hub how often it scans.
    const db = new pg.Client(pgc.url);
    await db.connect();
    try {
      const { rows } = await db.query("SELECT interval_seconds FROM hub_sites WHERE name = 'north'");
      expect(rows[0]?.interval_seconds).toBe(2);
    } finally {
      await db.end();
    }

    const atSite = await post(SITE, '/api/webhooks/test', SITE_API);
    expect(atSite).toEqual({
      status: 200,
      body: { results: [{ origin: local.url, status: 'delivered', httpStatus: 204 }] },
    });
    const atHub = await post(HUB, '/api/webhooks/test', READER);
    expect(atHub).toEqual({
      status: 200,
      body: { results: [{ origin: estate.url, status: 'delivered', httpStatus: 204 }] },
    });
    expect((await post(HUB, '/api/webhooks/test', SITE_TOKEN)).status).toBe(401);

    site.child.kill('SIGTERM');
    hub.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    for (const p of [site, hub])
      for (const secret of [READER, SITE_TOKEN, SITE_API, SECRET, 'path-secret', 'not-the-password'])
        expect(p.out()).not.toContain(secret);
  }, 90000);
});
