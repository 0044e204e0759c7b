/**
 * The shared preparation step (src/scan/prepare.ts) and the option helpers it moved out of the
 * CLI: one request gives the same scan from `oemscan scan` and from `oemscan serve`, link
 * discovery and credentials included, and the port offset is checked against every port a
 * probe contacts (DHIP 37810 is the highest), not only the TCP list.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ScanFlags, scanRequest } from '../../src/cli/commands/scan.js';
import { UsageError } from '../../src/errors/index.js';
import { DHIP_PORT } from '../../src/probes/dhip/parse.js';
import { SSDP_PORT } from '../../src/probes/ssdp/index.js';
import type { LocalInterface } from '../../src/probes/types.js';
import { WSD_PORT } from '../../src/probes/wsdiscovery/index.js';
import { checkOffset, DEFAULTS, probePorts } from '../../src/scan/defaults.js';
import { type PreparedScan, prepareScan } from '../../src/scan/prepare.js';
import { loadServeConfig, scanRequestOf } from '../../src/serve/config.js';
import { silentLogger } from '../../src/util/log.js';
import { usageError } from '../helpers/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'oemscan-prepare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A made-up link for planning only: nothing is sent, preparation never touches the network. */
const LAB0: LocalInterface = { name: 'serve-api0', address: '10.59.0.1', prefixLength: 24 };
const listInterfaces = (names: readonly string[] = []) =>
  names.length === 0 || names.includes(LAB0.name) ? [LAB0] : [];

/** What commander hands `executeScan` when only targets are given. */
const cliFlags = (extra: Partial<ScanFlags> = {}): ScanFlags => ({
  ports: DEFAULTS.ports,
  portOffset: 0,
  timeout: DEFAULTS.timeoutMs,
  hostTimeout: DEFAULTS.hostBudgetMs,
  concurrency: DEFAULTS.concurrency,
  rate: DEFAULTS.rate,
  maxHostRate: DEFAULTS.maxHostRate,
  discoveryWindow: DEFAULTS.discoveryWindowMs,
  ...extra,
});

/** The comparable part of a prepared scan (functions and loaded objects by what they hold). */
function shape(p: PreparedScan, ip: string) {
  return {
    targets: p.targets.specs,
    count: p.targets.count,
    ports: p.ports,
    portOffset: p.portOffset,
    limits: p.limits,
    hostBudgetMs: p.hostBudgetMs,
    concurrency: p.concurrency,
    rate: p.rate,
    maxHostRate: p.maxHostRate,
    discovery: p.discovery,
    discoverOnly: p.discoverOnly,
    policies: p.policies.map((x) => x.id),
    signatures: p.library.signatures.length,
    user: p.credentials?.(ip)?.username ?? null,
  };
}

describe('port offset', () => {
  it('counts the UDP probes: WS-Discovery, SSDP and the unicast DHIP search', () => {
    const ports = probePorts();
    for (const p of [WSD_PORT, SSDP_PORT, DHIP_PORT, 80, 554]) expect(ports).toContain(p);
    expect(Math.max(...ports)).toBe(DHIP_PORT);
  });

  it('refuses an offset that pushes DHIP 37810 past 65535, even with low TCP ports', () => {
    expect(() => checkOffset(28000, [80, 554])).toThrow(UsageError);
    expect(() => checkOffset(28000, [80, 554])).toThrow(
      `--port-offset 28000 pushes port ${DHIP_PORT + 28000}`,
    );
    expect(() => checkOffset(65535 - DHIP_PORT + 1, [80])).toThrow(UsageError);
    expect(() => checkOffset(65535 - DHIP_PORT, [80])).not.toThrow();
    // A chosen TCP port above every probe's own still counts.
    expect(() => checkOffset(10, [65530])).toThrow('pushes port 65540');
  });

  it('stops the scan before any probe when the offset is too large', async () => {
    const msg = await usageError(
      prepareScan({ targets: ['127.0.59.1'], ports: [80], portOffset: 28000 }, silentLogger, {
        listInterfaces,
      }),
    );
    expect(msg).toContain('65810');
    const ok = await prepareScan({ targets: ['127.0.59.1'], ports: [80], portOffset: 27000 }, silentLogger, {
      listInterfaces,
    });
    expect(ok.portOffset).toBe(27000);
  });
});

describe('prepareScan', () => {
  it('plans link discovery on the interface whose subnet holds a target, and not for loopback', async () => {
    const lan = await prepareScan({ targets: ['10.59.0.7'] }, silentLogger, { listInterfaces, env: {} });
    expect(lan.discovery?.interfaces.map((i) => i.name)).toEqual([LAB0.name]);
    expect(lan.discovery?.windowMs).toBe(DEFAULTS.discoveryWindowMs);
    const lo = await prepareScan({ targets: ['127.0.59.7'] }, silentLogger, { listInterfaces, env: {} });
    expect(lo.discovery).toBeUndefined();
    const off = await prepareScan({ targets: ['10.59.0.7'], discovery: false }, silentLogger, {
      listInterfaces,
    });
    expect(off.discovery).toBeUndefined();
  });

  it('loads credentials one way: a file, or one user with its password', async () => {
    const file = join(dir, 'creds.yaml');
    writeFileSync(file, '- { targets: "10.59.0.0/24", username: viewer, password: not-a-real-one }\n', {
      mode: 0o600,
    });
    const p = await prepareScan({ targets: ['10.59.0.7'], credentialsFile: file }, silentLogger, {
      listInterfaces,
    });
    expect(p.credentials?.('10.59.0.7')?.username).toBe('viewer');
    expect(p.credentials?.('10.58.0.7')).toBeUndefined();
    expect(
      await usageError(
        prepareScan({ targets: ['10.59.0.7'], credentialsFile: file, username: 'admin' }, silentLogger),
      ),
    ).toContain('either --credentials or --username');
    expect(
      await usageError(prepareScan({ targets: ['10.59.0.7'], username: 'admin' }, silentLogger)),
    ).toContain('OEMSCAN_PASSWORD');
  });

  it('gives `oemscan scan` and `oemscan serve` the same scan for the same settings', async () => {
    const file = join(dir, 'same.yaml');
    writeFileSync(file, '- { targets: "*", username: viewer, password: not-a-real-one }\n', { mode: 0o600 });
    const targets = ['10.59.0.0/28', '127.0.59.1'];
    const cli = await prepareScan(
      scanRequest(targets, cliFlags({ credentials: file, ports: [80, 554], portOffset: 20000 })),
      silentLogger,
      { listInterfaces, env: {} },
    );
    const setup = await loadServeConfig(
      { targets: [targets.join(',')], credentials: file },
      { OEMSCAN_API_TOKEN: 'a-test-token-of-some-length-0123456789', OEMSCAN_DATA: join(dir, 'data') },
    );
    setup.config.scan.ports = [80, 554];
    setup.config.scan.portOffset = 20000;
    const serve = await prepareScan(scanRequestOf(setup.config), silentLogger, {
      listInterfaces,
      rules: { library: setup.library, policies: setup.policies },
    });
    expect(shape(serve, '10.59.0.3')).toEqual(shape(cli, '10.59.0.3'));
    expect(shape(serve, '10.59.0.3')).toMatchObject({
      user: 'viewer',
      portOffset: 20000,
      discovery: { interfaces: [LAB0] },
    });
  });
});
