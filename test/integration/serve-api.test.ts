/**
 * End to end on loopback 127.0.59.x (issue 14, items 3 and 4): `oemscan serve` and
 * `oemscan scan` are given the same fleet and settings and decide the same devices the same
 * way (one preparation step, two shells); the service's operations API then serves it: the
 * OpenAPI document without a token, POST /api/scans refusing a body that tries to choose
 * targets and answering 202 with a Location to poll, /api/devices filtered by site and status
 * with a total, walked with a cursor, and a device's history by key.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Report } from '../../src/report/types.js';
import { runCli } from '../helpers/cli.js';
import { type ServeProcess, spawnServe, waitFor } from '../helpers/serve.js';

const LAB = '127.0.59';
const TARGETS = `${LAB}.0/25`; // the lab starts at .11; the API listens outside the targets
const OFFSET = 21000; // highest lab port 37777 and DHIP 37810, + 21000 < 65535
const API = { host: '127.0.59.250', port: 31590 };
const TOKEN = 'serve-api-e2e-token-7c1d0b9e-01234567';
const SITE = 'lab-59';
const base = `http://${API.host}:${API.port}`;
const headers = { Authorization: `Bearer ${TOKEN}` };
const ENV = { OEMSCAN_API_TOKEN: TOKEN, OEMSCAN_CONFIG: '', OEMSCAN_POLICIES: '' };

let lab: Lab;
let dir: string;
let serve: ServeProcess | undefined;

async function get<T>(path: string, h: Record<string, string> = headers) {
  const res = await fetch(`${base}${path}`, { headers: h });
  return { status: res.status, body: (await res.json()) as T };
}

/** What a shell decided about each device, in a comparable form. */
const decisions = (r: Report) =>
  r.devices
    .map((d) => [
      d.ip,
      d.type,
      d.status,
      d.oem.vendor,
      d.brand,
      d.model,
      d.serial,
      d.flags.map((f) => f.policy),
    ])
    .map((x) => JSON.stringify(x))
    .sort();

beforeAll(async () => {
  lab = await startLab({ prefix: LAB, portOffset: OFFSET });
  dir = mkdtempSync(join(tmpdir(), 'oemscan-serve-api-'));
});

afterAll(async () => {
  if (serve && serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
  await serve?.exited;
  await lab?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('oemscan serve operations API, end to end', () => {
  let report: Report;

  it('runs the scan a bare POST asks for (a body choosing targets is a 400) and finds the fleet', async () => {
    const config = join(dir, 'serve.yaml');
    writeFileSync(
      config,
      [
        `targets: [${TARGETS}]`,
        `site: ${SITE}`,
        'data: data',
        `listen: ${API.host}:${API.port}`,
        'scan:',
        `  portOffset: ${OFFSET}`,
      ].join('\n'),
    );
    serve = spawnServe(['--config', config], ENV, 'warn');
    await waitFor('healthz', 15000, async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined));

    const doc = await get<{ openapi: string; paths: Record<string, unknown> }>('/openapi.json', {});
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/devices', '/api/devices/{key}']),
    );

    const refused = await fetch(`${base}/api/scans`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ targets: ['10.0.0.0/8'] }),
    });
    expect(refused.status).toBe(400);
    expect((await get<unknown[]>('/api/scans')).body).toEqual([]);

    const started = await fetch(`${base}/api/scans`, { method: 'POST', headers });
    expect(started.status).toBe(202);
    const location = started.headers.get('location') as string;
    expect(location).toMatch(/^\/api\/scans\/[0-9a-f-]{36}$/);
    report = await waitFor('the scan at Location to complete', 60000, async () => {
      const r = await get<Report>(location);
      return r.status === 200 ? r.body : undefined;
    });
    expect(report.summary.devices).toBe(lab.devices.length);
    expect(report.summary.flagged).toBeGreaterThanOrEqual(4);
  }, 90000);

  it('decides every device exactly as `oemscan scan` does with the same settings', async () => {
    const cli = await runCli(
      ['scan', TARGETS, '--port-offset', String(OFFSET), '-f', 'json', '--no-progress'],
      ENV,
      90000,
    );
    expect(cli.code, cli.stderr).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as Report;
    expect(fromCli.scan.targets).toEqual(report.scan.targets);
    expect(fromCli.scan.policies).toEqual(report.scan.policies);
    expect(decisions(report)).toEqual(decisions(fromCli));
  }, 100000);

  it('filters devices by site and status with a total, pages them, and gives one with its history', async () => {
    const flaggedIps = report.devices
      .filter((d) => d.status === 'flagged')
      .map((d) => d.ip)
      .sort();
    type Page = {
      site: string;
      total: number;
      items: { ip: string; key: string; history: unknown[] }[];
      nextCursor: string | null;
    };
    const flagged = await get<Page>(`/api/devices?site=${SITE}&status=flagged`);
    expect(flagged.status).toBe(200);
    expect(flagged.body).toMatchObject({ site: SITE, total: flaggedIps.length, nextCursor: null });
    expect(flagged.body.items.map((d) => d.ip).sort()).toEqual(flaggedIps);
    expect((await get<Page>('/api/devices?site=another-site')).body.total).toBe(0);

    const walked: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const p: { body: Page } = await get<Page>(`/api/devices?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(p.body.total).toBe(report.summary.devices);
      walked.push(...p.body.items.map((d) => d.ip));
      cursor = p.body.nextCursor;
      if (!cursor) break;
    }
    expect(walked.sort()).toEqual(report.devices.map((d) => d.ip).sort());

    const first = flagged.body.items[0] as Page['items'][number];
    const one = await get<{ key: string; ip: string; history: { scanId: string }[] }>(
      `/api/devices/${encodeURIComponent(first.key)}`,
    );
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ key: first.key, ip: first.ip });
    expect(one.body.history.map((h) => h.scanId)).toEqual([report.scan.id]);
    expect((await get('/api/devices?status=flagged', {})).status).toBe(401);
  }, 30000);

  it('stops on SIGTERM', async () => {
    serve?.child.kill('SIGTERM');
    expect(await serve?.exited).toMatchObject({ code: 0 });
  }, 20000);
});
