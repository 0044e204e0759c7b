/**
 * `oemscan identify` on the XML of a REAL nmap run (/usr/bin/nmap, -sV with the evidence
 * scripts) over the simulated fleet, against the live oemscan scan of the same hosts and ports.
 * Every device the live scan identifies from what those nmap scripts also read (the root page's
 * headers and title, the certificate, the RTSP OPTIONS reply, the SSDP answer) must get the same
 * maker from the nmap file. The fleet runs on 127.0.56.0/24 on its standard ports (nmap's scripts
 * choose by port and service), so this needs root, like the namespace tests: it fails in CI without
 * root and is skipped elsewhere. A missing nmap always fails.
 *
 * One XML from this exact command is kept as test/fixtures/nmap/lab-scripts.xml (test/identify/nmap.test.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { identify } from '../../src/identify/index.js';
import { parseNmapDocument } from '../../src/identify/nmap.js';
import { hostsFromReport } from '../../src/identify/report.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Report } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import type { HostResult } from '../../src/scan/host.js';
import { runCli } from '../helpers/cli.js';

const NMAP = '/usr/bin/nmap';
const PREFIX = '127.0.56';
const isRoot = process.getuid?.() === 0;

/** The nmap command (also how test/fixtures/nmap/lab-scripts.xml was made). */
function nmapArgs(targets: string): string[] {
  return [
    '-Pn',
    '-n',
    '-sS',
    '-sU',
    '-sV',
    '--version-light',
    '-T4',
    '--max-retries',
    '1',
    // About 55 s in practice (the slowest: the RTSP port that answers only a full request);
    // the bound leaves room for a loaded CI machine.
    '--host-timeout',
    '120s',
    '--script-timeout',
    '20s',
    // upnp-info fetches the description only with -v.
    '-v',
    // The silent SDK ports (8000, 37777) carry no evidence either way and cost nmap's service
    // scan its full wait per probe; 3702/udp likewise (wsdd-discover prints no scopes).
    '-p',
    'T:80,443,554,U:1900',
    '--script',
    'http-headers,http-title,http-server-header,ssl-cert,rtsp-methods,upnp-info,fingerprint-strings',
    '-oX',
    '-',
    targets,
  ];
}

/**
 * What the live scan learnt that the nmap scripts above also read: the same request to the same
 * service. Everything else (other HTTP paths, ONVIF, WS-Discovery scopes, DHIP) nmap never asks.
 */
function comparable(e: HostResult['evidence'][number]): boolean {
  if (e.probe === 'http' || e.probe === 'https')
    return e.request === 'GET /' && ['http.header.server', 'http.auth.realm', 'http.title'].includes(e.field);
  if (e.probe === 'tls') return true;
  // nmap keeps what its RTSP match names (the Server header), not the head's layout.
  if (e.probe === 'rtsp') return e.request === 'RTSP OPTIONS' && e.field !== 'rtsp.head';
  // upnp-info prints SERVER and the description's fields, not the USN.
  if (e.probe === 'ssdp-unicast') return e.field === 'ssdp.server' || /^upnp\.(?!udn)/.test(e.field);
  return false;
}

function runNmap(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(NMAP, args, { timeout: 200000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`nmap failed: ${err.message}\n${stderr.slice(0, 2000)}`));
      else resolve(stdout);
    });
  });
}

// Not skipped anywhere: without nmap this comparison cannot run, and that must show as a failure.
it('has the real nmap to run', () => {
  expect(existsSync(NMAP), `${NMAP} is missing: install nmap (apt-get install nmap)`).toBe(true);
});

describe.skipIf(!isRoot && process.env.CI !== 'true')('identify from a real nmap run over the lab', () => {
  let lab: Lab | undefined;
  let live: Report;
  let fromNmap: Report;
  let xml: string;
  let work: string;

  beforeAll(async () => {
    if (!existsSync(NMAP))
      throw new Error(`${NMAP} is missing: this test runs the real nmap (apt-get install nmap)`);
    if (!isRoot)
      throw new Error('this test needs root (standard ports for nmap, raw SYN/UDP scans; CI runs as root)');
    lab = await startLab({ prefix: PREFIX, portOffset: 0 });
    const first = lab.devices[0]?.ip ?? '';
    const last = lab.devices.at(-1)?.ip.split('.')[3] ?? '';
    const targets = `${first}-${last}`;
    const [scan, out] = await Promise.all([
      runCli(['scan', targets, '-p', '80,443,554', '--format', 'json', '--no-progress'], {}, 120000),
      runNmap(nmapArgs(targets)),
    ]);
    expect(scan.code, scan.stderr).toBe(0);
    live = JSON.parse(scan.stdout) as Report;
    xml = out;
    const lib = loadSignatureLibrary();
    fromNmap = identify('nmap.xml', parseNmapDocument(xml).hosts, lib, []);
    work = mkdtempSync(join(tmpdir(), 'oemscan-nmap-'));
  }, 240000);

  afterAll(async () => {
    await lab?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('nmap reported every lab host that serves a port it was asked, and ran the scripts', () => {
    const { hosts, warnings } = parseNmapDocument(xml);
    expect(warnings).toEqual([]);
    // A unit that answers only its vendor's own protocol (the Tapo's discovery on UDP 20002, the
    // Reolink's Baichuan on TCP 9000) has none of them.
    const asked = (s: { port: number; transport: string }) =>
      s.transport === 'tcp' ? [80, 443, 554].includes(s.port) : s.port === 1900;
    const serving = live.devices.filter((d) => d.services.some(asked)).map((d) => d.ip);
    expect(serving.length).toBeGreaterThanOrEqual((lab?.devices.length ?? 0) - 2);
    expect(hosts.map((h) => h.ip).sort()).toEqual(serving.sort());
    expect(xml).toMatch(/<script id="ssl-cert"/);
    expect(xml).toMatch(/<script id="http-headers"/);
    expect(xml).toMatch(/<script id="upnp-info"/);
  });

  it('names the maker the live scan names from the same services, on every such host', () => {
    const lib = loadSignatureLibrary();
    const restricted = hostsFromReport(live).map((h) => ({ ...h, evidence: h.evidence.filter(comparable) }));
    const sameServices = identify('live', restricted, lib, []);
    const want = new Map(sameServices.devices.filter((d) => d.oem.vendor).map((d) => [d.ip, d.oem.vendor]));
    // Not vacuous: the fleet has devices that give their maker away on these services.
    expect(want.size).toBeGreaterThanOrEqual(5);
    const got = new Map(fromNmap.devices.map((d) => [d.ip, d.oem.vendor]));
    for (const [ip, vendor] of want) expect(`${ip} ${got.get(ip)}`).toBe(`${ip} ${vendor}`);
  });

  it('never names a maker the full live scan does not', () => {
    const full = new Map(live.devices.map((d) => [d.ip, d.oem.vendor]));
    for (const d of fromNmap.devices)
      if (d.oem.vendor) expect(`${d.ip} ${full.get(d.ip)}`).toBe(`${d.ip} ${d.oem.vendor}`);
  });

  it('identifies the Dahua certificate device through the CLI', async () => {
    const file = join(work, 'nmap.xml');
    writeFileSync(file, xml);
    const r = await runCli(['identify', file, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(validateReport(report).errors).toEqual([]);
    const dahua = lab?.devices.find((d) => d.profile.id === 'dahua-camera');
    const device = report.devices.find((d) => d.ip === dahua?.ip);
    expect(device?.oem.vendor).toBe('Dahua');
    expect(device?.evidence.some((e) => e.field === 'tls.issuer' && /Dahua/.test(e.value))).toBe(true);
  }, 30000);
});
