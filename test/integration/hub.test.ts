/**
 * Issue 14 "Done when", end to end with real processes: a hub (`oemscan serve --hub`) on a
 * throwaway PostgreSQL and three site scanners (`oemscan serve --site … --report-to …`), each
 * scanning its own simulated fleet on its own loopback prefix every few seconds.
 *
 * 1. Every site's devices appear at the hub under the right site.
 * 2. The hub is stopped for two scan cycles and restarted: every scan buffered in the sites'
 *    outboxes arrives, once, in the order the site finished them.
 * 3. The hub is killed with SIGKILL while an ingest is open (the test-only hook
 *    OEMSCAN_TEST_HUB_COMMIT_DELAY_MS holds each ingest before COMMIT, and the hub logs it):
 *    after a restart every scan the hub had acknowledged is intact, byte for byte, and the
 *    interrupted one is resent and stored.
 * No token appears in any process's output.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { ScanRecord } from '../../src/store/types.js';
import { type PgCluster, requirePostgres, startPostgres } from '../helpers/postgres.js';
import { apiClient, type ServeProcess, spawnServe, waitFor } from '../helpers/serve.js';

const HUB = { host: '127.0.60.1', port: 30600 };
const hubBase = `http://${HUB.host}:${HUB.port}`;
const READER = 'hub-reader-token-7d1e0c55-0123456789';
const OFFSET = 24000; // highest lab port 37777 + 24000 = 61777
const SCHEDULE = '*/3 * * * * *';
const SITES = ['north', 'east', 'west'].map((name, i) => {
  const prefix = `127.0.${61 + i}`;
  return {
    name,
    prefix,
    token: `${name}-site-token-${'9f3a1c7b'.repeat(2)}`,
    apiToken: `${name}-local-api-token-5e2b-0123456789`,
    listen: { host: `${prefix}.250`, port: 30601 + i },
  };
});
type Site = (typeof SITES)[number];
const ALL_TOKENS = [READER, ...SITES.flatMap((s) => [s.token, s.apiToken])];

const available = requirePostgres();
let pgc: PgCluster;
let db: pg.Client;
let dir: string;
const labs: Lab[] = [];
const procs: ServeProcess[] = [];
const siteProc = new Map<string, ServeProcess>();
let hub: ServeProcess;

const hubApi = apiClient(hubBase, READER);
const siteApi = (s: Site) => apiClient(`http://${s.listen.host}:${s.listen.port}`, s.apiToken);
const completeScans = async (s: Site) =>
  (await siteApi(s).json<ScanRecord[]>('/api/scans?limit=1000'))
    .filter((x) => x.status === 'complete')
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
/** Scan ids the hub stored for a site, in the order they arrived. */
const received = async (site: string) =>
  (
    await db.query<{ id: string }>('SELECT id FROM hub_scans WHERE site = $1 ORDER BY received_seq', [site])
  ).rows.map((r) => r.id);
const outboxSize = (s: Site) => {
  const f = new Database(join(dir, s.name, 'data', 'oemscan.db'), { readonly: true, fileMustExist: true });
  try {
    return (f.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  } finally {
    f.close();
  }
};

function startHubProcess(extra: Record<string, string> = {}) {
  const p = spawnServe(['--hub', '--database', pgc.url, '--listen', `${HUB.host}:${HUB.port}`], {
    OEMSCAN_API_TOKEN: READER,
    OEMSCAN_HUB_SITES: SITES.map((s) => `${s.name}=${s.token}`).join(','),
    ...extra,
  });
  procs.push(p);
  return p;
}
const hubUp = () =>
  waitFor('the hub to answer /healthz', 20000, async () =>
    (await fetch(`${hubBase}/healthz`)).ok ? true : undefined,
  );

beforeAll(async () => {
  if (!available) return;
  pgc = await startPostgres();
  db = new pg.Client(pgc.url);
  await db.connect();
  dir = mkdtempSync(join(tmpdir(), 'oemscan-hub-e2e-'));
  const profiles = loadProfiles();
  for (const [i, s] of SITES.entries()) {
    labs.push(
      await startLab({ prefix: s.prefix, portOffset: OFFSET, profiles: profiles.slice(i * 3, i * 3 + 3) }),
    );
    const config = join(dir, `${s.name}.yaml`);
    writeFileSync(
      config,
      [
        `targets: [${s.prefix}.0/28]`,
        `schedule: "${SCHEDULE}"`,
        `data: ${join(dir, s.name, 'data')}`,
        `listen: ${s.listen.host}:${s.listen.port}`,
        'shutdownTimeout: 3000',
        'scan:',
        `  portOffset: ${OFFSET}`,
      ].join('\n'),
    );
  }
}, 60000);

afterAll(async () => {
  for (const p of procs)
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  await db?.end().catch(() => {});
  for (const lab of labs) await lab.stop();
  await pgc?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  for (const p of procs) for (const t of ALL_TOKENS) expect(p.stderr() + p.stdout()).not.toContain(t);
}, 30000);

describe.skipIf(!available)('hub and three site scanners end to end', () => {
  it("shows every site's devices at the hub under the right site", async () => {
    hub = startHubProcess();
    await hubUp();
    for (const s of SITES) {
      const p = spawnServe(
        ['--config', join(dir, `${s.name}.yaml`), '--site', s.name, '--report-to', hubBase],
        {
          OEMSCAN_API_TOKEN: s.apiToken,
          OEMSCAN_REPORT_TOKEN: s.token,
          OEMSCAN_REPORT_RETRY_MAX_MS: '800',
        },
      );
      procs.push(p);
      siteProc.set(s.name, p);
    }
    for (const s of SITES) {
      const local = await waitFor(`a complete scan at ${s.name}`, 30000, async () =>
        (await completeScans(s)).at(-1),
      );
      expect(local.devices).toBeGreaterThan(0);
      const atHub = await waitFor(`${s.name}'s devices at the hub`, 20000, async () => {
        const r = await hubApi.json<{ total: number; devices: { site: string; ip: string }[] }>(
          `/api/devices?site=${s.name}`,
        );
        return r.total === local.devices ? r : undefined;
      });
      expect(atHub.devices).toHaveLength(local.devices);
      for (const d of atHub.devices) {
        expect(d.site).toBe(s.name);
        expect(d.ip.startsWith(`${s.prefix}.`)).toBe(true);
      }
      const flagged = await hubApi.json<{ total: number; devices: { status: string }[] }>(
        `/api/devices?site=${s.name}&status=flagged`,
      );
      expect(flagged.devices.every((d) => d.status === 'flagged')).toBe(true);
      expect(flagged.total).toBe(local.flagged);
    }
    const sites =
      await hubApi.json<{ name: string; lastScanAt: string | null; devices: number }[]>('/api/sites');
    expect(sites.map((x) => x.name).sort()).toEqual(SITES.map((s) => s.name).sort());
    for (const x of sites) {
      expect(x.lastScanAt).not.toBeNull();
      expect(x.devices).toBeGreaterThan(0);
    }
  }, 60000);

  it('buffers scans while the hub is down for two cycles, then delivers each once, in order', async () => {
    hub.child.kill('SIGTERM');
    expect((await hub.exited).code).toBe(0);
    const downAt = new Date().toISOString();
    // Two scan cycles at every site while the hub is away: they wait in the outboxes.
    for (const s of SITES)
      await waitFor(`two scans at ${s.name} while the hub is down`, 30000, async () =>
        (await completeScans(s)).filter((x) => x.startedAt > downAt).length >= 2 && outboxSize(s) >= 2
          ? true
          : undefined,
      );
    const buffered = new Map<string, string[]>();
    for (const s of SITES)
      buffered.set(
        s.name,
        (await completeScans(s)).map((x) => x.id),
      );
    hub = startHubProcess();
    await hubUp();
    for (const s of SITES) {
      const want = buffered.get(s.name) as string[];
      const got = await waitFor(`${s.name}'s buffered scans at the hub`, 30000, async () => {
        const ids = await received(s.name);
        return want.every((id) => ids.includes(id)) ? ids : undefined;
      });
      // Once each, and in the order the site finished them.
      expect(new Set(got).size).toBe(got.length);
      const local = (await completeScans(s)).map((x) => x.id);
      expect(got).toEqual(local.filter((id) => got.includes(id)));
      expect(got.slice(0, want.length)).toEqual(want);
    }
    // Nothing was sent twice: no push was answered "already stored".
    expect(hub.stderr()).toContain('"result":"stored"');
    expect(hub.stderr()).not.toContain('"result":"duplicate"');
  }, 90000);

  it('survives SIGKILL during an ingest: acknowledged scans intact, the interrupted one resent', async () => {
    hub.child.kill('SIGTERM');
    expect((await hub.exited).code).toBe(0);
    hub = startHubProcess({ OEMSCAN_TEST_HUB_COMMIT_DELAY_MS: '30000' });
    const held = await waitFor('an ingest held before COMMIT', 30000, async () => {
      for (const line of hub.stderr().split('\n')) {
        if (!line.includes('holding the ingest before COMMIT')) continue;
        const rec = JSON.parse(line) as { site: string; scan: string };
        return rec;
      }
      return undefined;
    });
    // What the hub has acknowledged so far: committed rows, as stored.
    const before = (
      await db.query<{ id: string; report: string; n: number }>(
        'SELECT s.id, s.report::text AS report, (SELECT count(*)::int FROM hub_devices d WHERE d.scan_id = s.id) AS n FROM hub_scans s ORDER BY s.id',
      )
    ).rows;
    expect(before.map((r) => r.id)).not.toContain(held.scan);
    hub.child.kill('SIGKILL');
    expect((await hub.exited).signal).toBe('SIGKILL');
    const site = SITES.find((s) => s.name === held.site) as Site;
    expect(outboxSize(site)).toBeGreaterThanOrEqual(1);

    hub = startHubProcess();
    await hubUp();
    await waitFor('the interrupted scan to be resent and stored', 30000, async () =>
      (await received(held.site)).includes(held.scan) ? true : undefined,
    );
    const after = new Map(
      (
        await db.query<{ id: string; report: string; n: number }>(
          'SELECT s.id, s.report::text AS report, (SELECT count(*)::int FROM hub_devices d WHERE d.scan_id = s.id) AS n FROM hub_scans s',
        )
      ).rows.map((r) => [r.id, r]),
    );
    for (const r of before) expect(after.get(r.id)).toEqual(r);
    const resent = after.get(held.scan);
    expect(resent?.n).toBe((JSON.parse(resent?.report as string) as { devices: unknown[] }).devices.length);
    // Still once each and in order at every site, and the sites keep up once the hub is back.
    for (const s of SITES) {
      const local = (await completeScans(s)).map((x) => x.id);
      const got = await waitFor(`${s.name} to catch up`, 30000, async () => {
        const ids = await received(s.name);
        return local.every((id) => ids.includes(id)) ? ids : undefined;
      });
      expect(new Set(got).size).toBe(got.length);
      const order = (await completeScans(s)).map((x) => x.id);
      expect(got).toEqual(order.filter((id) => got.includes(id)));
    }
    for (const s of SITES) {
      const p = siteProc.get(s.name) as ServeProcess;
      p.child.kill('SIGTERM');
      expect((await p.exited).code).toBe(0);
    }
    hub.child.kill('SIGTERM');
    expect((await hub.exited).code).toBe(0);
  }, 120000);
});
