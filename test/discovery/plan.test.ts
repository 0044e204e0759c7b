/**
 * Where a scan runs discovery and what it scans with no targets. Interfaces are injected, so
 * nothing here opens a socket.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachedSubnet, dockerBridgeHint } from '../../src/discovery/interfaces.js';
import { planScan } from '../../src/discovery/plan.js';
import type { LocalInterface } from '../../src/probes/types.js';
import { silentLogger } from '../../src/util/log.js';

const LAN1: LocalInterface = { name: 'lan1', address: '10.44.1.2', prefixLength: 24 };
const WIDE: LocalInterface = { name: 'lan2', address: '10.45.130.7', prefixLength: 16 };
const list = (names: readonly string[] = []) =>
  [LAN1, WIDE].filter((i) => names.length === 0 || names.includes(i.name));
const flags = { interfaces: [] as string[], discoverOnly: false, discovery: true };

describe('planScan', () => {
  it('with no targets scans each attached subnet, capping a wide one at /22 and saying so', async () => {
    const plan = await planScan([], flags, {}, silentLogger, list);
    expect(plan.targets.specs).toEqual(['10.44.1.0/24', '10.45.128.0/22']);
    expect(plan.discovery?.interfaces.map((i) => i.name)).toEqual(['lan1', 'lan2']);
    expect(plan.discovery?.notes.join('\n')).toMatch(
      /10\.45\.130\.7\/16 is larger than a \/22; scanning only 10\.45\.128\.0\/22/,
    );
  });

  it('with targets runs discovery only on the interfaces whose subnet holds one', async () => {
    const plan = await planScan(['10.44.1.20'], flags, {}, silentLogger, list);
    expect(plan.discovery?.interfaces.map((i) => i.name)).toEqual(['lan1']);
    const routed = await planScan(['10.77.0.0/24'], flags, {}, silentLogger, list);
    expect(routed.discovery).toBeUndefined();
    const off = await planScan(['10.44.1.20'], { ...flags, discovery: false }, {}, silentLogger, list);
    expect(off.discovery).toBeUndefined();
  });

  it('--interface and --discover-only choose interfaces explicitly', async () => {
    const plan = await planScan(['10.77.0.5'], { ...flags, interfaces: ['lan2'] }, {}, silentLogger, list);
    expect(plan.discovery?.interfaces.map((i) => i.name)).toEqual(['lan2']);
    await expect(
      planScan([], { ...flags, discoverOnly: true, discovery: false }, {}, silentLogger, list),
    ).rejects.toThrow(/contradict/);
  });

  it('a subnet that may not be scanned (public) is skipped with a note', async () => {
    const pub: LocalInterface = { name: 'wan', address: '8.8.4.10', prefixLength: 24 };
    const plan = await planScan([], flags, {}, silentLogger, () => [LAN1, pub]);
    expect(plan.targets.specs).toEqual(['10.44.1.0/24']);
    expect(plan.discovery?.notes.some((n) => n.startsWith('wan: 8.8.4.0/24 not scanned'))).toBe(true);
  });
});

describe('attachedSubnet and the Docker hint', () => {
  it('keeps small subnets whole', () => {
    expect(attachedSubnet(LAN1)).toEqual({ cidr: '10.44.1.0/24', capped: false });
  });

  it('recognises /.dockerenv and the default bridge gateway', () => {
    const root = `${mkdtempSync(join(tmpdir(), 'oemscan-docker-'))}/`;
    mkdirSync(join(root, 'proc', 'net'), { recursive: true });
    // /proc/net/route: default route via 172.17.0.1 (little-endian hex 010011AC)
    writeFileSync(
      join(root, 'proc', 'net', 'route'),
      'Iface\tDestination\tGateway\tFlags\nl\neth0\t00000000\t010011AC\t0003\n',
    );
    const eth0: LocalInterface = { name: 'eth0', address: '172.17.0.2', prefixLength: 16 };
    expect(dockerBridgeHint([eth0], root)).toMatch(/--network host/);
    expect(dockerBridgeHint([LAN1], root)).toBeUndefined();
    writeFileSync(join(root, '.dockerenv'), '');
    expect(dockerBridgeHint([LAN1], root)).toMatch(/--network host/);
  });
});
