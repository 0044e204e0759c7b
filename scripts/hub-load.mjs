#!/usr/bin/env node
/**
 * Hub load test (issue 14): many sites push scans to one `oemscan serve --hub` while readers
 * query its API, all on loopback, bounded in time and in counts.
 *
 *   npm run bench:hub [-- --sites 20 --scans 3 --devices 200 --readers 4 --time-limit 120 --json]
 *
 * What it starts, and always stops (by handle and PID, also on failure and on Ctrl-C):
 * a throwaway PostgreSQL cluster (initdb in a temp directory, unless `--database URL` names
 * one), the simulated lab fleet for a few seconds, and the hub as a child process
 * (`node dist/cli/main.js serve --hub`, as in production) on 127.0.67.250.
 *
 * The scans: the lab fleet (profiles built from real captures) is scanned once by the real
 * CLI, and scan j of site i is that scan's devices repeated to `--devices + i + j` devices,
 * each copy with its own address (10.<site>.x.y), serial and MAC (the template's OUI kept), so
 * every site is a mixed estate of makers, types and flagged/unverified/clear with distinct
 * device keys, and each site (and its newest scan) has a count of its own. Reports are `oemscan.report/v1` (checked before sending). Each site
 * sends its scans in order, one at a time (like a site's outbox); all sites at once. Readers
 * loop over `GET /api/sites`, `GET /api/devices?site=X&status=flagged` and
 * `GET /api/devices?limit=100` until the last scan is acknowledged, reading only the status
 * code and `total`. Afterwards the hub's counts are checked against what was sent.
 *
 * Needs `npm run build` (the script imports dist/ and runs dist/cli/main.js) and PostgreSQL's
 * server binaries (Debian's "postgresql" package) unless `--database` is given.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'dist/cli/main.js');
const dist = (m) => import(new URL(`../dist/${m}`, import.meta.url).href);

/** Defaults of `npm run bench:hub`. */
export const DEFAULTS = Object.freeze({
  sites: 20,
  scans: 3,
  devices: 200,
  readers: 4,
  timeLimitS: 120,
  host: '127.0.67.250',
  labPrefix: '127.0.67',
  labPortOffset: 25000,
  /** Seconds of reads after the ingest, on the same inventory, for the latency without load. */
  idleReadS: 3,
});
const LIMITS = { sites: 100, scans: 50, devices: 5000, readers: 32, timeLimitS: 600 };

export const ROUTES = Object.freeze({
  ingest: 'PUT /api/sites/{site}/scans/{scanId}',
  sites: 'GET /api/sites',
  flagged: 'GET /api/devices?site=X&status=flagged',
  page: 'GET /api/devices?limit=100',
});

// ---------------------------------------------------------------------------------------------
// Processes and clusters this script starts: each registers its stop here, run in reverse.

const cleanups = [];
async function cleanupAll() {
  while (cleanups.length) {
    const stop = cleanups.pop();
    try {
      await stop();
    } catch (err) {
      process.stderr.write(`cleanup: ${err.message}\n`);
    }
  }
}

export async function freePort(host) {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const PG_BIN_DIRS = [
  '/usr/lib/postgresql/17/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/15/bin',
];

/** A throwaway cluster on 127.0.0.1 (as test/helpers/postgres.ts does it), run as `postgres` when root. */
export async function startThrowawayPostgres() {
  const bin = [process.env.OEMSCAN_PG_BIN, ...PG_BIN_DIRS].find(
    (d) => d && existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')),
  );
  if (!bin)
    throw new Error(
      `PostgreSQL server binaries not found in ${PG_BIN_DIRS.join(', ')} or $OEMSCAN_PG_BIN; install Debian's "postgresql" package or pass --database URL`,
    );
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'oemscan-hubload-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const run = (cmd, args) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], {
          stdio: 'pipe',
          cwd: dir,
        })
      : execFileSync(join(bin, cmd), args, { stdio: 'pipe', cwd: dir });
  let started = false;
  const stop = async () => {
    if (started) {
      started = false;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '20', 'stop']);
      } catch {
        // already stopped
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  cleanups.push(stop);
  const port = await freePort('127.0.0.1');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  // Durable commits (fsync on), as a hub would run; the server's defaults otherwise.
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=on -c max_connections=50`;
  run('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  started = true;
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'oemscan']);
  return { url: `postgres://postgres@127.0.0.1:${port}/oemscan`, stop };
}

// ---------------------------------------------------------------------------------------------
// The scans

/** Scans the lab fleet once with the real CLI (lab in this process, scanner a child). */
export async function scanLabTemplate({
  prefix = DEFAULTS.labPrefix,
  portOffset = DEFAULTS.labPortOffset,
} = {}) {
  const { startLab } = await dist('lab/server.js');
  const lab = await startLab({ prefix, portOffset });
  try {
    const child = spawn(
      process.execPath,
      [CLI, 'scan', lab.network, '--port-offset', String(portOffset), '--format', 'json', '--no-progress'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    );
    const out = [];
    let err = '';
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => {
      err = (err + c).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
    const code = await new Promise((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    if (code !== 0) throw new Error(`lab scan exited ${code}: ${err}`);
    const report = JSON.parse(Buffer.concat(out).toString('utf8'));
    if (!report.devices.length) throw new Error('the lab scan found no devices');
    return report.devices;
  } finally {
    await lab.stop();
  }
}

const hex2 = (n) => (n & 0xff).toString(16).padStart(2, '0');

/**
 * The `n`-th device of site `site` (0-based): the template's device `n mod template.length`
 * with this site's address, serial and MAC. Serials keep the template's head; MACs its OUI.
 */
export function estateDevice(template, site, n) {
  const t = template[n % template.length];
  const d = structuredClone(t);
  d.ip = `10.${site + 1}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  const tag = `${String(site + 1).padStart(2, '0')}${String(n).padStart(5, '0')}`;
  if (t.serial) d.serial = `${t.serial.slice(0, Math.max(0, t.serial.length - tag.length))}${tag}`;
  if (t.mac) d.mac = `${t.mac.slice(0, 8)}:${hex2(site + 1)}:${hex2(n >> 8)}:${hex2(n)}`;
  if (d.via) d.via = { ...d.via, ip: `10.${site + 1}.${Math.floor(n / 250)}.1` };
  return d;
}

/** One site's `scans` reports, oldest first, five minutes apart, ending now; scan j has `devices + j` devices. */
export function siteReports({ summarise, template, site, name, scans, devices }) {
  const now = Date.now();
  const reports = [];
  for (let j = 0; j < scans; j++) {
    // The same devices in every scan, and scan j finds j more (cameras added since), so the
    // newest scan is told apart from the older ones by its count.
    const list = Array.from({ length: devices + j }, (_, n) => estateDevice(template, site, n));
    const startedAt = new Date(now - (scans - j) * 300000).toISOString();
    reports.push({
      schema: 'oemscan.report/v1',
      tool: { name: 'oemscan', version: 'hub-load' },
      scan: {
        id: randomUUID(),
        startedAt,
        finishedAt: new Date(Date.parse(startedAt) + 9000).toISOString(),
        targets: [`10.${site + 1}.0.0/22`],
        policies: ['us-ndaa-889'],
        engagement: { site: name },
      },
      devices: list,
      summary: summarise(list, 1022),
    });
  }
  return reports;
}

// ---------------------------------------------------------------------------------------------
// The hub

/** `oemscan serve --hub` as a child process; resolves when /healthz answers. */
export async function startHubProcess({
  databaseUrl,
  host,
  port,
  apiToken,
  sites,
  logLevel = 'info',
  logFile,
}) {
  const child = spawn(
    process.execPath,
    [
      CLI,
      '--log-level',
      logLevel,
      'serve',
      '--hub',
      '--database',
      databaseUrl,
      '--listen',
      `${host}:${port}`,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        OEMSCAN_API_TOKEN: apiToken,
        OEMSCAN_HUB_SITES: sites.map((s) => `${s.name}=${s.token}`).join(','),
      },
    },
  );
  let tail = '';
  let lines = 0;
  const keep = (c) => {
    const s = String(c);
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lines++;
    tail = (tail + s).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  if (logFile) {
    const file = createWriteStream(logFile);
    child.stdout.pipe(file, { end: false });
    child.stderr.pipe(file, { end: false });
    child.on('close', () => file.end());
  }
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let done = false;
  const stop = async () => {
    if (done) return exited;
    done = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15000);
      await exited;
      clearTimeout(t);
    }
    return exited;
  };
  cleanups.push(stop);
  const url = `http://${host}:${port}`;
  const until = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the hub exited ${child.exitCode}: ${tail}`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`the hub did not answer /healthz within 30 s: ${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid, stop, exited, output: () => tail, lines: () => lines };
}

/** CPU seconds (user+system) and peak RSS (MB) of a live process, from /proc. */
export function processStats(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpuS: ticks / 100, peakRssMb: hwm ? Math.round(Number(hwm[1]) / 1024) : null };
  } catch {
    return { cpuS: null, peakRssMb: null };
  }
}

// ---------------------------------------------------------------------------------------------
// Load

function quantile(sorted, q) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export function latencyStats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const r = (v) => (v == null ? null : Math.round(v * 10) / 10);
  return { n: s.length, p50: r(quantile(s, 0.5)), p95: r(quantile(s, 0.95)), max: r(s.at(-1)) };
}

/**
 * Pushes every site's reports (each site in order, all sites at once) while `readers` loop
 * over the read routes; then, with no ingest running, the same readers for `idleReadS`
 * seconds (the API's latency on the same inventory without load). Returns the latencies and
 * every failure. Stops at `deadline` (ms, performance.now()), counting what had not finished
 * as failures.
 */
export async function runLoad({ url, apiToken, sites, readers, deadline, idleReadS = 3, onIngestDone }) {
  const lat = { ingest: [], sites: [], flagged: [], page: [] };
  const idle = { sites: [], flagged: [], page: [] };
  /** Every failure is counted per route; the first 200 are kept with their details. */
  const failures = [];
  const failed = { ingest: 0, sites: 0, flagged: 0, page: 0 };
  const results = { stored: 0, duplicate: 0 };
  const signal = AbortSignal.timeout(Math.max(1, Math.ceil(deadline - performance.now())));
  const fail = (route, what) => {
    failed[route]++;
    if (failures.length < 200) failures.push({ route: ROUTES[route], ...what });
  };
  const timed = async (into, route, path, init, check) => {
    const t0 = performance.now();
    try {
      const res = await fetch(`${url}${path}`, { ...init, signal });
      const text = await res.text();
      into[route].push(performance.now() - t0);
      if (!res.ok) return fail(route, { path, status: res.status, body: text.slice(0, 300) });
      const why = check(JSON.parse(text));
      if (why) fail(route, { path, status: res.status, body: why });
    } catch (err) {
      fail(route, { path, status: null, body: signal.aborted ? 'time limit reached' : String(err.message) });
    }
  };
  const t0 = performance.now();
  const pushers = sites.map(async (s) => {
    for (const body of s.bodies) {
      if (signal.aborted) return fail('ingest', { path: s.name, status: null, body: 'not sent: time limit' });
      await timed(
        lat,
        'ingest',
        `/api/sites/${encodeURIComponent(s.name)}/scans/${body.id}`,
        {
          method: 'PUT',
          headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
          body: body.json,
        },
        (r) => {
          if (r.result in results) results[r.result]++;
          return r.result === 'stored' ? undefined : `result ${r.result}, not stored`;
        },
      );
    }
  });
  const auth = { headers: { authorization: `Bearer ${apiToken}` } };
  const hasTotal = (r) => (Number.isInteger(r?.total) ? undefined : 'no integer total');
  const reads = { load: 0, idle: 0 };
  const readLoop = (into, phase, going) =>
    Array.from({ length: readers }, async (_, k) => {
      for (let i = k; going() && !signal.aborted; i++) {
        const turn = i % 3;
        reads[phase]++;
        if (turn === 0)
          await timed(into, 'sites', '/api/sites', auth, (r) =>
            Array.isArray(r) ? undefined : 'not a list',
          );
        else if (turn === 1) {
          const site = sites[i % sites.length].name;
          await timed(
            into,
            'flagged',
            `/api/devices?site=${encodeURIComponent(site)}&status=flagged`,
            auth,
            hasTotal,
          );
        } else await timed(into, 'page', '/api/devices?limit=100', auth, hasTotal);
      }
    });
  let pushing = true;
  const underLoad = readLoop(lat, 'load', () => pushing);
  await Promise.all(pushers);
  const ingestS = (performance.now() - t0) / 1000;
  onIngestDone?.();
  pushing = false;
  await Promise.all(underLoad);
  const idleEnd = Math.min(performance.now() + idleReadS * 1000, deadline);
  await Promise.all(readLoop(idle, 'idle', () => performance.now() < idleEnd));
  return { ingestS, lat, idle, failures, failed, results, reads };
}

/** The hub's view after the load, through its API and its database, per site. */
export async function hubCounts({ url, apiToken, databaseUrl, sites }) {
  // The whole check gets 60 s, however many sites.
  const signal = AbortSignal.timeout(60000);
  const get = async (path) => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${apiToken}` }, signal });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res.json();
  };
  const api = new Map((await get('/api/sites')).map((s) => [s.name, s]));
  const db = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: 10000,
    query_timeout: 30000,
  });
  await db.connect();
  let stored;
  try {
    const { rows } = await db.query(
      `SELECT s.site, count(DISTINCT s.id)::int AS scans, count(d.seq)::int AS rows
       FROM hub_scans s LEFT JOIN hub_devices d ON d.scan_id = s.id GROUP BY s.site`,
    );
    stored = new Map(rows.map((r) => [r.site, r]));
  } finally {
    await db.end();
  }
  const out = [];
  for (const s of sites) {
    const q = encodeURIComponent(s.name);
    out.push({
      site: s.name,
      apiScans: api.get(s.name)?.scans ?? null,
      apiDevices: api.get(s.name)?.devices ?? null,
      apiFlagged: api.get(s.name)?.flagged ?? null,
      devicesTotal: (await get(`/api/devices?site=${q}`)).total,
      flaggedTotal: (await get(`/api/devices?site=${q}&status=flagged`)).total,
      dbScans: stored.get(s.name)?.scans ?? 0,
      dbDeviceRows: stored.get(s.name)?.rows ?? 0,
    });
  }
  return out;
}

/**
 * Everything but the database: the template scan, the hub, the load, the check. `databaseUrl`
 * must point at an empty database (or one whose hub tables hold none of these sites).
 */
export async function runHubLoad(opts) {
  const o = { ...DEFAULTS, ...opts };
  for (const [k, max] of Object.entries(LIMITS))
    if (!(Number.isInteger(o[k]) && o[k] >= 1 && o[k] <= max)) throw new Error(`${k} must be 1..${max}`);
  const started = performance.now();
  const deadline = started + o.timeLimitS * 1000;
  const { summarise } = await dist('scan/run.js');
  const { validateReport } = await dist('report/validate.js');
  const phases = {};
  const mark = (name, since) => {
    phases[name] = round((performance.now() - since) / 1000, 1);
    return performance.now();
  };
  let t = performance.now();
  const template =
    o.template ?? (await scanLabTemplate({ prefix: o.labPrefix, portOffset: o.labPortOffset }));
  t = mark('templateScanS', t);
  const apiToken = `hubload-reader-${randomBytes(12).toString('hex')}`;
  const sites = [];
  for (let i = 0; i < o.sites; i++) {
    const name = `site-${String(i + 1).padStart(2, '0')}`;
    const reports = siteReports({
      summarise,
      template,
      site: i,
      name,
      scans: o.scans,
      devices: o.devices + i,
    });
    for (const r of reports) {
      const v = validateReport(r);
      if (!v.valid)
        throw new Error(`generated report is not oemscan.report/v1: ${v.errors.slice(0, 3).join('; ')}`);
    }
    const last = reports.at(-1);
    sites.push({
      name,
      token: `hubload-${name}-${randomBytes(12).toString('hex')}`,
      bodies: reports.map((r) => ({ id: r.scan.id, json: JSON.stringify(r) })),
      sent: { scans: reports.length, devices: reports.reduce((a, r) => a + r.devices.length, 0) },
      latest: { devices: last.devices.length, flagged: last.summary.flagged },
    });
  }
  t = mark('buildReportsS', t);
  const port = o.port ?? (await freePort(o.host));
  const hub = await startHubProcess({
    databaseUrl: o.databaseUrl,
    host: o.host,
    port,
    apiToken,
    sites,
    logFile: o.hubLog,
  });
  try {
    t = mark('hubStartS', t);
    const before = processStats(hub.pid);
    let after = before;
    const load = await runLoad({
      url: hub.url,
      apiToken,
      sites,
      readers: o.readers,
      deadline,
      idleReadS: o.idleReadS,
      onIngestDone: () => {
        after = processStats(hub.pid);
      },
    });
    t = mark('loadS', t);
    const counts = await hubCounts({ url: hub.url, apiToken, databaseUrl: o.databaseUrl, sites });
    const scans = sites.reduce((a, s) => a + s.sent.scans, 0);
    const devices = sites.reduce((a, s) => a + s.sent.devices, 0);
    const bytes = sites.reduce((a, s) => a + s.bodies.reduce((b, x) => b + Buffer.byteLength(x.json), 0), 0);
    const mismatches = [];
    for (const s of sites) {
      const c = counts.find((x) => x.site === s.name);
      const want = {
        apiScans: s.sent.scans,
        apiDevices: s.latest.devices,
        apiFlagged: s.latest.flagged,
        devicesTotal: s.latest.devices,
        flaggedTotal: s.latest.flagged,
        dbScans: s.sent.scans,
        dbDeviceRows: s.sent.devices,
      };
      for (const [k, v] of Object.entries(want))
        if (c?.[k] !== v) mismatches.push({ site: s.name, field: k, sent: v, hub: c?.[k] ?? null });
    }
    await hub.stop();
    const exit = await hub.exited;
    return {
      config: {
        sites: o.sites,
        scansPerSite: o.scans,
        devicesPerScan: [o.devices, o.devices + o.sites - 1 + o.scans - 1],
        readers: o.readers,
        timeLimitS: o.timeLimitS,
        templateDevices: template.length,
      },
      sent: { scans, devices, bytes },
      ingest: {
        seconds: round(load.ingestS, 2),
        scansPerS: round(scans / load.ingestS, 1),
        devicesPerS: Math.round(devices / load.ingestS),
        mbPerS: round(bytes / 1e6 / load.ingestS, 1),
        results: load.results,
      },
      latencyMs: Object.fromEntries(Object.entries(load.lat).map(([k, v]) => [k, latencyStats(v)])),
      idleLatencyMs: Object.fromEntries(Object.entries(load.idle).map(([k, v]) => [k, latencyStats(v)])),
      reads: load.reads,
      failed: load.failed,
      failedTotal: Object.values(load.failed).reduce((a, b) => a + b, 0),
      failures: load.failures,
      mismatches,
      counts,
      expected: sites.map((s) => ({ site: s.name, ...s.sent, latest: s.latest })),
      hub: {
        cpuS: after.cpuS != null && before.cpuS != null ? round(after.cpuS - before.cpuS, 1) : null,
        peakRssMb: after.peakRssMb,
        logLines: hub.lines(),
        exit,
      },
      phases: { ...phases, checkS: round((performance.now() - t) / 1000, 1) },
      wallS: round((performance.now() - started) / 1000, 1),
    };
  } finally {
    await hub.stop();
  }
}

const round = (v, d) => Math.round(v * 10 ** d) / 10 ** d;

export function formatTable(r) {
  const c = r.config;
  const lines = [
    `hub load: ${c.sites} sites x ${c.scansPerSite} scans of ${c.devicesPerScan[0]}-${c.devicesPerScan[1]} devices, ${c.readers} readers`,
    `ingested ${r.sent.scans} scans, ${r.sent.devices} devices (${round(r.sent.bytes / 1e6, 1)} MB of JSON) in ${r.ingest.seconds} s: ` +
      `${r.ingest.scansPerS} scans/s, ${r.ingest.devicesPerS} devices/s, ${r.ingest.mbPerS} MB/s`,
    `hub process: ${r.hub.cpuS ?? '?'} CPU s during the ingest, peak RSS ${r.hub.peakRssMb ?? '?'} MB`,
    '',
    '| route | requests | failed | p50 ms | p95 ms | max ms | idle: requests | p50 ms | p95 ms | max ms |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [k, name] of Object.entries(ROUTES)) {
    const l = r.latencyMs[k];
    const i = r.idleLatencyMs[k];
    const idle = i ? `${i.n} | ${i.p50 ?? '-'} | ${i.p95 ?? '-'} | ${i.max ?? '-'}` : '- | - | - | -';
    lines.push(
      `| \`${name}\` | ${l.n} | ${r.failed[k]} | ${l.p50 ?? '-'} | ${l.p95 ?? '-'} | ${l.max ?? '-'} | ${idle} |`,
    );
  }
  lines.push('');
  lines.push(
    r.failedTotal || r.mismatches.length
      ? `FAILED: ${r.failedTotal} failed requests, ${r.mismatches.length} count mismatches`
      : `OK: every request succeeded; every site's scans and devices at the hub match what was sent (wall ${r.wallS} s: ${Object.entries(
          r.phases,
        )
          .map(([k, v]) => `${k.replace(/S$/, '')} ${v}`)
          .join(', ')})`,
  );
  for (const f of r.failures.slice(0, 10))
    lines.push(`  ${f.route} ${f.path}: ${f.status ?? 'error'} ${f.body}`);
  for (const m of r.mismatches.slice(0, 10))
    lines.push(`  ${m.site} ${m.field}: sent ${m.sent}, hub has ${m.hub}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({
    options: {
      sites: { type: 'string' },
      scans: { type: 'string' },
      devices: { type: 'string' },
      readers: { type: 'string' },
      'time-limit': { type: 'string' },
      database: { type: 'string' },
      host: { type: 'string' },
      'hub-log': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: npm run bench:hub -- [--sites 20] [--scans 3] [--devices 200] [--readers 4] [--time-limit 120] [--database postgres://...] [--host 127.0.67.250] [--hub-log FILE] [--json]\n',
    );
    return 0;
  }
  const int = (v, d) => (v === undefined ? d : Number(v));
  if (!existsSync(CLI)) throw new Error('run `npm run build` first (dist/cli/main.js is missing)');
  const bail = () => {
    process.stderr.write('interrupted: stopping what was started\n');
    cleanupAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', bail);
  process.once('SIGTERM', bail);
  const databaseUrl = values.database ?? (await startThrowawayPostgres()).url;
  const result = await runHubLoad({
    databaseUrl,
    sites: int(values.sites, DEFAULTS.sites),
    scans: int(values.scans, DEFAULTS.scans),
    devices: int(values.devices, DEFAULTS.devices),
    readers: int(values.readers, DEFAULTS.readers),
    timeLimitS: int(values['time-limit'], DEFAULTS.timeLimitS),
    host: values.host ?? DEFAULTS.host,
    hubLog: values['hub-log'],
  });
  process.stdout.write(`${values.json ? JSON.stringify(result, null, 2) : formatTable(result)}\n`);
  return result.failedTotal || result.mismatches.length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let code = 1;
  try {
    code = await main();
  } catch (err) {
    process.stderr.write(`hub-load: ${err.message}\n`);
  } finally {
    await cleanupAll();
  }
  process.exit(code);
}
