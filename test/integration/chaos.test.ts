/**
 * The chaos fleet (src/lab/chaos/) next to the normal fleet, scanned through the built CLI:
 * the scan ends in bounded time and memory, every normal device gets the same verdict as in a
 * scan of the normal fleet alone, every hostile device is listed with the right error status,
 * an XXE canary file is never read and an XAddr naming another host is never contacted.
 * Loopback only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosProfiles } from '../../src/lab/chaos/index.js';
import { loadProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import { PROBE_STATUSES } from '../../src/probes/types.js';
import type { Device, Report } from '../../src/report/types.js';
import { CLI, runProcess } from '../helpers/cli.js';

const OFFSET = 19000; // highest port used is 37777 + 19000 = 56777 <= 65535
const CHAOS = '127.0.19'; // normal fleet + chaos fleet
const ALONE = '127.0.21'; // normal fleet alone, the reference verdicts
const TIMEOUT = 800;
const HOST_TIMEOUT = 8000;
/**
 * Every live host fits in one wave of the default 64-wide pool, and each is cut at its host
 * budget, so the scan needs one host budget plus process start-up and report writing; the
 * rest is slack for a loaded CI machine.
 */
const WALL_BOUND_MS = HOST_TIMEOUT + 7000;
const HEAP_MB = 256;
/** Peak RSS: the V8 heap cap plus code, buffers and the runtime itself. */
const RSS_BOUND_KB = 400 * 1024;
const SECRET = `canary-secret-${process.pid}-${Date.now()}-do-not-read`;
const DECOY_PORT = 19999;

const tmp = mkdtempSync(join(tmpdir(), 'oemscan-chaos-'));
const canary = join(tmp, 'canary.txt');
const control = join(tmp, 'control.txt');
const OLD = new Date('2001-01-01T00:00:00Z');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  maxRssKb?: number;
  report: Report;
}

/** The built CLI under a capped heap, with peak RSS from /usr/bin/time when it exists. */
async function scan(prefix: string): Promise<Run> {
  const timeFile = join(tmp, `${prefix}.rss`);
  const node = [`--max-old-space-size=${HEAP_MB}`, CLI, 'scan', `${prefix}.0/24`];
  const flags = ['--port-offset', String(OFFSET), '--format', 'json', '--no-progress'];
  const limits = ['--timeout', String(TIMEOUT), '--host-timeout', String(HOST_TIMEOUT)];
  const withTime = existsSync('/usr/bin/time');
  const [cmd, args] = withTime
    ? ['/usr/bin/time', ['-f', '%M', '-o', timeFile, process.execPath, ...node, ...flags, ...limits]]
    : [process.execPath, [...node, ...flags, ...limits]];
  const r = await runProcess(cmd as string, args as string[], { env: { ...process.env, NO_COLOR: '1' } });
  const rss = withTime && existsSync(timeFile) ? Number(readFileSync(timeFile, 'utf8').trim()) : undefined;
  let report = { devices: [] } as unknown as Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    // asserted below through `code` and the device lists
  }
  return { ...r, report, ...(rss ? { maxRssKb: rss } : {}) };
}

let mixed: Lab;
let alone: Lab;
let chaos: Run;
let reference: Run;
const decoys: { server: Server; label: string; connections: number }[] = [];

async function decoy(ip: string, port: number) {
  const entry = { server: createServer((s) => s.destroy()), label: `${ip}:${port}`, connections: 0 };
  entry.server.on('connection', () => {
    entry.connections++;
  });
  await new Promise<void>((resolve, reject) => {
    entry.server.once('error', reject);
    entry.server.listen(port, ip, () => resolve());
  });
  decoys.push(entry);
  const addr = entry.server.address();
  if (!addr || typeof addr === 'string') throw new Error('decoy has no port');
  entry.label = `${ip}:${addr.port}`;
  return `http://${ip}:${addr.port}/onvif/device_service`;
}

beforeAll(async () => {
  for (const file of [canary, control]) {
    writeFileSync(file, `${SECRET}\n`);
    // atime older than mtime: under relatime a read updates atime, so a read would show.
    utimesSync(file, OLD, new Date());
  }
  const xaddrs = [
    await decoy('127.0.0.1', 0), // outside the scan's targets
    await decoy(`${CHAOS}.250`, DECOY_PORT), // inside the targets, but another host than the device
  ];
  const profiles = [
    ...loadProfiles(),
    ...chaosProfiles({ canaryUrl: pathToFileURL(canary).href, foreignXAddrs: xaddrs }),
  ];
  mixed = await startLab({ prefix: CHAOS, portOffset: OFFSET, profiles });
  alone = await startLab({ prefix: ALONE, portOffset: OFFSET });
  [chaos, reference] = await Promise.all([scan(CHAOS), scan(ALONE)]);
}, 90000);

afterAll(async () => {
  await Promise.all([mixed?.stop(), alone?.stop()]);
  await Promise.all(decoys.map((d) => new Promise<void>((r) => d.server.close(() => r()))));
  rmSync(tmp, { recursive: true, force: true });
});

const verdict = (d: Device | undefined) => ({
  vendor: d?.oem.vendor,
  brand: d?.brand,
  type: d?.type,
  flagged: (d?.flags.length ?? 0) > 0,
});

describe('chaos fleet scan', () => {
  it('exits 0 within one host budget plus start-up', () => {
    expect(chaos.code, chaos.stderr.slice(-2000)).toBe(0);
    expect(reference.code, reference.stderr.slice(-2000)).toBe(0);
    expect(chaos.ms).toBeLessThan(WALL_BOUND_MS);
  });

  it(`stays inside a ${HEAP_MB} MB heap and a bounded peak RSS`, () => {
    // --max-old-space-size makes a runaway heap crash the process, which the exit code shows.
    expect(chaos.code).toBe(0);
    if (chaos.maxRssKb !== undefined) expect(chaos.maxRssKb).toBeLessThan(RSS_BOUND_KB);
  });

  it('lists every device of both fleets, and nothing else', () => {
    expect(chaos.report.devices.map((d) => d.ip)).toEqual(mixed.devices.map((d) => d.ip));
    expect(reference.report.devices.map((d) => d.ip)).toEqual(alone.devices.map((d) => d.ip));
  });

  it('gives every normal device the verdict it gets without the chaos fleet', () => {
    const normal = loadProfiles();
    expect(normal.length).toBeGreaterThan(0);
    for (const p of normal) {
      const at = (lab: Lab, run: Run) => {
        const ip = lab.devices.find((d) => d.profile.id === p.id)?.ip;
        return run.report.devices.find((d) => d.ip === ip);
      };
      const want = verdict(at(alone, reference));
      expect(want.type, `${p.id} missing from the reference scan`).toBeDefined();
      expect(verdict(at(mixed, chaos)), p.id).toEqual(want);
      expect(want).toEqual(p.expect);
    }
  });

  it('never reads the XXE canary file', () => {
    for (const text of [chaos.stdout, chaos.stderr, reference.stdout, reference.stderr]) {
      expect(text).not.toContain(SECRET);
    }
    // Where the filesystem records reads (relatime/strictatime), the canary's atime is untouched.
    readFileSync(control);
    if (statSync(control).atimeMs !== OLD.getTime()) expect(statSync(canary).atimeMs).toBe(OLD.getTime());
  });

  it('never contacts a host named only in a WS-Discovery XAddr', () => {
    for (const d of decoys) expect(d.connections, `connections to decoy ${d.label}`).toBe(0);
  });
});

describe.each(chaosProfiles().map((p) => [p.id, p] as const))('hostile device %s', (id, profile) => {
  it('is listed, claims no vendor, and records the right error statuses', () => {
    const ip = mixed.devices.find((d) => d.profile.id === id)?.ip;
    const device = chaos.report.devices.find((d) => d.ip === ip);
    expect(device, `${id} at ${ip} missing from the report`).toBeDefined();
    const seen = (device?.errors ?? []).map((e) => ({ probe: e.probe, status: e.status }));
    expect(
      verdict(device),
      JSON.stringify(device?.evidence.map((e) => `${e.field}=${e.value.slice(0, 60)}`)),
    ).toEqual(profile.expect);
    for (const want of profile.expectErrors ?? [])
      expect(seen, JSON.stringify(device?.errors)).toContainEqual(want);
    for (const e of device?.errors ?? []) {
      expect(PROBE_STATUSES).toContain(e.status);
      expect(e.message.length).toBeLessThanOrEqual(300);
    }
    for (const e of device?.evidence ?? []) {
      expect(e.value.length).toBeLessThanOrEqual(64 * 1024);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none survive
      expect(e.value).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    }
    // Expanding the entity bomb would make values of megabytes; nothing may even hint at it.
    expect(JSON.stringify(device)).not.toMatch(/(lol){20}/);
  });
});

describe('non-UTF-8 and oversized values', () => {
  const device = (id: string) => {
    const ip = mixed.devices.find((d) => d.profile.id === id)?.ip;
    return chaos.report.devices.find((d) => d.ip === ip);
  };

  it('keeps a latin1 title readable and a GBK title bounded and free of control characters', () => {
    const title = (id: string) => device(id)?.evidence.find((e) => e.field === 'http.title')?.value;
    expect(title('chaos-latin1-title')).toBe('Caméra réseau Über');
    const gbk = title('chaos-gbk-title');
    expect(gbk).toMatch(/IPC$/);
    expect(gbk?.length).toBeLessThan(64);
  });

  it('cuts a 64 KB WS-Discovery reply to bounded evidence', () => {
    const scopes = device('chaos-wsd-64k')?.evidence.filter((e) => e.field === 'wsd.scope') ?? [];
    expect(scopes.length).toBeGreaterThan(0);
    expect(scopes.length).toBeLessThanOrEqual(64);
    for (const s of scopes) expect(s.value.length).toBeLessThanOrEqual(2048);
  });

  it('does not let a slow-header device hold the host to its budget', () => {
    const errors = device('chaos-slowloris')?.errors ?? [];
    expect(errors.some((e) => e.probe === 'host')).toBe(false);
  });
});
