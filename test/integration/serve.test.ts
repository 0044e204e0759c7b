/**
 * End to end: `oemscan serve` on loopback scans the simulated fleet every few seconds. Two
 * scans complete and are read back through the API; the first one's flagged devices arrive as
 * a signed webhook; the process is killed with SIGKILL in the middle of a third scan and
 * restarted: both earlier scans are intact, byte for byte, and the killed one is incomplete.
 * Finally SIGTERM stops it cleanly within its bound.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Report } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import type { ScanRecord } from '../../src/store/types.js';
import { runCli } from '../helpers/cli.js';
import { apiClient, type ServeProcess, spawnServe, waitFor, webhookReceiver } from '../helpers/serve.js';

const LAB = '127.0.30';
const OFFSET = 23000; // highest lab port 37777 + 23000 = 60777
const API = { host: '127.0.31.1', port: 30080 };
const HOOK = { host: '127.0.31.2', port: 30090 };
const TOKEN = 'e2e-token-5f0c9a1d7e3b4c2a-0123456789';
const SECRET = 'e2e-webhook-secret-0123456789abcdef';
const ENV = { OEMSCAN_API_TOKEN: TOKEN, OEMSCAN_WEBHOOK_SECRET: SECRET };
const base = `http://${API.host}:${API.port}`;
const api = apiClient(base, TOKEN);

let lab: Lab;
let dir: string;
let config: string;
let hook: Awaited<ReturnType<typeof webhookReceiver>>;
const running: ServeProcess[] = [];

const scans = () => api.json<ScanRecord[]>('/api/scans');
const healthy = async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined);

beforeAll(async () => {
  lab = await startLab({ prefix: LAB, portOffset: OFFSET });
  hook = await webhookReceiver(HOOK.host, HOOK.port);
  dir = mkdtempSync(join(tmpdir(), 'oemscan-serve-e2e-'));
  config = join(dir, 'serve.yaml');
  writeFileSync(
    config,
    [
      `targets: [${LAB}.0/24]`,
      'schedule: "*/4 * * * * *"',
      'data: data',
      `listen: ${API.host}:${API.port}`,
      'shutdownTimeout: 3000',
      'scan:',
      `  portOffset: ${OFFSET}`,
      'webhooks:',
      `  - url: ${hook.url}`,
      '    backoff: 200',
    ].join('\n'),
  );
});

afterAll(async () => {
  for (const p of running)
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(running.map((p) => p.exited));
  await hook?.close();
  await lab?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('oemscan serve end to end', () => {
  const reports = new Map<string, string>();
  let first: ScanRecord[] = [];

  it('completes two scheduled scans and serves their reports', async () => {
    const p = spawnServe(['--config', config], ENV);
    running.push(p);
    await waitFor('healthz', 15000, healthy);
    first = await waitFor('two complete scans', 40000, async () => {
      const done = (await scans()).filter((s) => s.status === 'complete');
      return done.length >= 2 ? done.slice(-2) : undefined;
    });
    for (const s of first) {
      expect(s).toMatchObject({ status: 'complete', trigger: 'schedule' });
      expect(s.finishedAt).toBeTruthy();
      const { status, body } = await api.text(`/api/scans/${s.id}`);
      expect(status).toBe(200);
      const report = JSON.parse(body) as Report;
      expect(validateReport(report).errors).toEqual([]);
      expect(report.scan.id).toBe(s.id);
      expect(report.summary.devices).toBe(lab.devices.length);
      expect(report.summary.flagged).toBe(s.flagged);
      expect(s.flagged).toBeGreaterThanOrEqual(4);
      reports.set(s.id, body);
    }
  }, 60000);

  it("sends the first scan's flagged devices as a webhook signed with HMAC-SHA256", async () => {
    const older = first.at(-1) as ScanRecord; // the list is newest first
    const flaggedIps = (JSON.parse(reports.get(older.id) as string) as Report).devices
      .filter((d) => d.status === 'flagged')
      .map((d) => d.ip);
    const got = await waitFor('a newly-flagged webhook', 10000, async () =>
      hook.received.find((r) => r.headers['x-oemscan-event'] === 'newly-flagged'),
    );
    const ts = String(got.headers['x-oemscan-timestamp']);
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${got.body}`).digest('hex')}`;
    expect(got.headers['x-oemscan-signature']).toBe(expected);
    expect(Math.abs(Date.now() / 1000 - Number(ts))).toBeLessThan(60);
    const payload = JSON.parse(got.body) as {
      event: string;
      scan: { id: string };
      previousScan: null;
      devices: { ip: string }[];
    };
    expect(payload).toMatchObject({
      schema: 'oemscan.webhook/v1',
      event: 'newly-flagged',
      previousScan: null,
    });
    expect(payload.scan.id).toBe(older.id);
    expect(payload.devices.map((d) => d.ip).sort()).toEqual(flaggedIps.sort());
    // The second scan saw the same fleet: nothing is newly flagged by it.
    const newer = first[0] as ScanRecord;
    const again = hook.received.filter(
      (r) =>
        r.headers['x-oemscan-event'] === 'newly-flagged' &&
        (JSON.parse(r.body) as { scan: { id: string } }).scan.id === newer.id,
    );
    expect(again).toEqual([]);
  }, 20000);

  it('survives SIGKILL during a third scan: earlier scans intact, the killed one incomplete', async () => {
    const p = running[0] as ServeProcess;
    expect((await runCli(['healthcheck', '--listen', `${API.host}:${API.port}`])).code).toBe(0);
    // Killed as soon as a scan is seen running: nothing slow in between lets it finish first.
    const third = await waitFor('a third scan to be running', 15000, async () =>
      (await scans()).find((s) => s.status === 'running' && !reports.has(s.id)),
    );
    p.child.kill('SIGKILL');
    expect((await p.exited).signal).toBe('SIGKILL');
    expect((await runCli(['healthcheck', '--listen', `${API.host}:${API.port}`])).code).toBe(1);

    const again = spawnServe(['--config', config, '--schedule', '0 0 1 1 *'], ENV);
    running.push(again);
    await waitFor('healthz after restart', 15000, healthy);
    const list = await scans();
    for (const [id, body] of reports) {
      expect(list.find((s) => s.id === id)?.status).toBe('complete');
      expect((await api.text(`/api/scans/${id}`)).body).toBe(body);
    }
    const killed = list.find((s) => s.id === third.id);
    expect(killed).toMatchObject({ status: 'incomplete', message: expect.stringMatching(/stopped before/) });
    expect((await api.text(`/api/scans/${third.id}`)).status).toBe(409);
    expect(again.stderr()).toContain('marked incomplete');

    // SIGTERM: a clean exit well inside shutdownTimeout + margin, and a consistent file.
    const t = Date.now();
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
    expect(Date.now() - t).toBeLessThan(8000);
    const db = new Database(join(dir, 'data', 'oemscan.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare("SELECT COUNT(*) AS n FROM scans WHERE status = 'running'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 40000);
});
