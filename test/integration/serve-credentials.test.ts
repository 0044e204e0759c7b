/**
 * The secret rule for the service: `oemscan serve` at trace level, configured with a credentials
 * file that takes the canary password once from a `passwordFile` and once from a `passwordEnv`,
 * scans the credentialed lab (loopback 127.0.45.x, port offset 27000) on POST /api/scans. The
 * scan must really log in (the locked ONVIF camera is identified from its authenticated answers),
 * and then no API body, dashboard file, stdout/stderr line, byte of the data directory (SQLite
 * db, -wal, -shm) or /proc/<pid>/cmdline may hold the password in plain, base64 or URL-encoded
 * form. A second service on the same data directory gets a wrong password: one refused login
 * per device, `auth-failed` in the stored report, and still no trace of either password.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCredentialedProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Device, Report } from '../../src/report/types.js';
import type { ScanRecord } from '../../src/store/types.js';
import { CANARY, expectNoSecret, withPassword } from '../helpers/canary.js';
import { apiClient, type ServeProcess, spawnServe, waitFor } from '../helpers/serve.js';

const LAB = '127.0.45';
const OFFSET = 27000; // highest lab port 37777 + 27000 = 64777
const API = { host: '127.0.46.1', port: 27900 };
const TOKEN = 'serve-cred-token-3b8e1f0a9c7d-01234567';
const WRONG = `${CANARY}-wrong`;
const SECRETS = [CANARY, WRONG];
const base = `http://${API.host}:${API.port}`;
const api = apiClient(base, TOKEN);

const profiles = loadCredentialedProfiles().map((p) => withPassword(p, CANARY));
const tmp = mkdtempSync(join(tmpdir(), 'oemscan-serve-cred-'));
const data = join(tmp, 'data');
let lab: Lab;
const running: ServeProcess[] = [];

const labIp = (id: string) => lab.devices.find((d) => d.profile.id === id)?.ip as string;
const byIp = (report: Report, ip: string) => report.devices.find((d) => d.ip === ip && !d.via) as Device;

/**
 * A service config whose credentials file sends `password` to the locked camera from a
 * passwordFile and to the rest of the fleet from the SITE_CAM_PW variable.
 */
function writeConfig(name: string, password: string): string {
  const pw = join(tmp, `${name}.pw`);
  writeFileSync(pw, `${password}\n`, { mode: 0o600 });
  const creds = join(tmp, `${name}-credentials.yaml`);
  writeFileSync(
    creds,
    [
      `- targets: ${labIp('locked-onvif-camera')}`,
      '  username: admin',
      `  passwordFile: ${name}.pw`,
      `- targets: ${LAB}.0/24`,
      '  username: admin',
      '  passwordEnv: SITE_CAM_PW',
    ].join('\n'),
    { mode: 0o600 },
  );
  const config = join(tmp, `${name}.yaml`);
  writeFileSync(
    config,
    [
      `targets: ["${LAB}.11-${10 + profiles.length}"]`,
      `credentials: ${name}-credentials.yaml`,
      'data: data',
      `listen: ${API.host}:${API.port}`,
      'scan:',
      `  portOffset: ${OFFSET}`,
    ].join('\n'),
  );
  return config;
}

interface Started {
  serve: ServeProcess;
  cmdlines: string[];
  stopSampling: () => void;
}

/** Starts the service at trace level and samples its command line while it lives. */
async function startServe(config: string, password: string): Promise<Started> {
  const serve = spawnServe(
    ['--config', config],
    { OEMSCAN_API_TOKEN: TOKEN, SITE_CAM_PW: password },
    'trace',
  );
  running.push(serve);
  const cmdlines: string[] = [];
  const sampler = setInterval(() => {
    try {
      cmdlines.push(readFileSync(`/proc/${serve.child.pid}/cmdline`, 'utf8'));
    } catch {}
  }, 20);
  await waitFor('healthz', 15000, async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined));
  return { serve, cmdlines, stopSampling: () => clearInterval(sampler) };
}

/** POST /api/scans, then waits for that scan to end; returns its stored report. */
async function scanNow(): Promise<{ id: string; report: Report }> {
  const started = await api.post('/api/scans');
  expect(started.status).toBe(202);
  const id = String(started.body.id);
  const rec = await waitFor('the scan to finish', 50000, async () =>
    (await api.json<ScanRecord[]>('/api/scans')).find((s) => s.id === id && s.status !== 'running'),
  );
  expect(rec.status, rec.message ?? '').toBe('complete');
  return { id, report: await api.json<Report>(`/api/scans/${id}`) };
}

/** Every endpoint the service has, with the token where it needs one: path -> status and body. */
async function sweep(scanId: string, diff: [string, string]) {
  const paths = [
    '/healthz',
    '/metrics',
    '/',
    '/dashboard.js',
    '/dashboard.css',
    '/api/scans',
    `/api/scans/${scanId}`,
    `/api/scans/${scanId}/report.html`,
    '/api/devices',
    '/api/flagged',
    `/api/diff?from=${diff[0]}&to=${diff[1]}`,
  ];
  const out = new Map<string, { status: number; body: string }>();
  for (const p of paths) out.set(p, await api.text(p));
  return out;
}

function expectCleanSweep(bodies: Map<string, { status: number; body: string }>) {
  for (const [path, { status, body }] of bodies) {
    expect(status, path).toBe(200);
    expect(body.length, path).toBeGreaterThan(0);
    expectNoSecret(body, `GET ${path}`, SECRETS);
  }
}

/** Every file of the data directory, as raw bytes; together they must hold the scan's devices. */
function expectCleanDataDir(expected: string[]) {
  const files = readdirSync(data);
  for (const f of expected) expect(files).toContain(f);
  const bytes: Buffer[] = [];
  for (const f of files) {
    bytes.push(readFileSync(join(data, f)));
    expectNoSecret(bytes.at(-1) as Buffer, `data/${f}`, SECRETS);
  }
  // The bytes searched are the stored scans (the locked camera's serial, read after login).
  expect(Buffer.concat(bytes).includes('DS-2CD2143G0-I20180829AAWRC46851082')).toBe(true);
}

/** SIGTERM by PID, a clean exit, and the output and command lines checked. */
async function stopAndCheck({ serve, cmdlines, stopSampling }: Started) {
  serve.child.kill('SIGTERM');
  expect((await serve.exited).code, serve.stderr()).toBe(0);
  stopSampling();
  expect(cmdlines.some((c) => c.includes('serve'))).toBe(true);
  expectNoSecret(cmdlines.join('\n'), '/proc/<pid>/cmdline', SECRETS);
  expectNoSecret(serve.stdout(), 'stdout', SECRETS);
  expectNoSecret(serve.stderr(), 'stderr (trace)', SECRETS);
  // The verbose log was on and held the credentialed requests (debug lines, level 20).
  expect(serve.stderr()).toMatch(/"level":20.*"msg":"credentialed request"/);
}

beforeAll(async () => {
  lab = await startLab({ prefix: LAB, portOffset: OFFSET, profiles });
});

afterAll(async () => {
  for (const p of running)
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(running.map((p) => p.exited));
  await lab?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('oemscan serve with credentials', () => {
  let good: { id: string; report: Report };

  it('logs in with the canary from passwordFile and passwordEnv, and nothing it serves, logs or stores holds it', async () => {
    const s = await startServe(writeConfig('good', CANARY), CANARY);
    good = await scanNow();
    // Not vacuous: every device answered its authenticated API.
    for (const p of profiles) {
      const d = byIp(good.report, labIp(p.id));
      const want = p.expectAuthenticated;
      expect({ vendor: d.oem.vendor, model: d.model, authenticated: d.oem.authenticated }, p.id).toEqual({
        vendor: want?.vendor,
        model: want?.model,
        authenticated: true,
      });
    }
    const locked = byIp(good.report, labIp('locked-onvif-camera'));
    expect(locked.oem.unauthenticated?.vendor).toBeNull();
    for (const d of lab.devices) expect(d.auth.rejected, d.profile.id).toBe(0);

    const bodies = await sweep(good.id, [good.id, good.id]);
    expectCleanSweep(bodies);
    expect(bodies.get('/api/devices')?.body).toContain('DS-2CD2143G0-I');
    expect(bodies.get(`/api/scans/${good.id}/report.html`)?.body).toContain('DS-2CD2143G0-I');
    // Errors: an unknown scan, an unknown endpoint, a bad query.
    for (const p of ['/api/scans/00000000-0000-4000-8000-000000000000', '/api/nope', '/api/diff?from=x']) {
      const r = await api.text(p);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expectNoSecret(r.body, `GET ${p}`, SECRETS);
    }
    expectCleanDataDir(['oemscan.db', 'oemscan.db-wal', 'oemscan.db-shm']);
    await stopAndCheck(s);
    expectCleanDataDir(['oemscan.db']);
  }, 90000);

  it('a wrong password: one refused login per device, auth-failed in the stored report, no trace of either password', async () => {
    for (const d of lab.devices) Object.assign(d.auth, { sent: 0, rejected: 0 });
    const s = await startServe(writeConfig('wrong', WRONG), WRONG);
    const wrong = await scanNow();
    for (const d of lab.devices) {
      expect(d.auth, d.profile.id).toEqual({ sent: 1, rejected: 1 });
      const failed = byIp(wrong.report, d.ip).errors.filter((e) => e.status === 'auth-failed');
      expect(failed, d.profile.id).toHaveLength(1);
    }
    expect(byIp(wrong.report, labIp('locked-onvif-camera')).oem.authenticated).not.toBe(true);

    const bodies = await sweep(wrong.id, [good.id, wrong.id]);
    expectCleanSweep(bodies);
    expect(bodies.get(`/api/scans/${wrong.id}/report.html`)?.body).toContain('auth-failed');
    // The diff of the two scans sees the locked camera lose its identity.
    expect(bodies.get(`/api/diff?from=${good.id}&to=${wrong.id}`)?.body).toContain(
      labIp('locked-onvif-camera'),
    );
    expectCleanDataDir(['oemscan.db', 'oemscan.db-wal', 'oemscan.db-shm']);
    await stopAndCheck(s);
    expectCleanDataDir(['oemscan.db']);
  }, 90000);
});
