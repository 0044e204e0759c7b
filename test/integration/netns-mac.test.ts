/**
 * MAC addresses from the kernel neighbour table, through the OUI data into the verdict. In two
 * network namespaces this test creates and removes, a device whose veth carries a Hikvision
 * MAC (58:03:fb:8a:57:9b, published in the RVS_ONVIF DS-2CD2143G0-I mock's scopes) listens on
 * one TCP port; the scan must report that MAC and a Hikvision OEM from it alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canNetns, ip, removeNetns, scanInNetns } from '../helpers/netns.js';

const tag = `${process.pid}`.slice(-5);
const SCANNER = `oemscan-mscan-${tag}`;
const DEVICE = `oemscan-mdev-${tag}`;
const MAC = '58:03:fb:8a:57:9b';
let server: ChildProcess | undefined;

describe.skipIf(!canNetns && process.env.CI !== 'true')(
  'MAC from the neighbour table (network namespace)',
  () => {
    beforeAll(async () => {
      if (!canNetns) throw new Error('this test needs root to create network namespaces (CI runs as root)');
      ip('netns', 'add', SCANNER);
      ip('netns', 'add', DEVICE);
      ip('-n', SCANNER, 'link', 'add', 'a0', 'type', 'veth', 'peer', 'name', 'b0', 'netns', DEVICE);
      ip('-n', DEVICE, 'link', 'set', 'b0', 'address', MAC);
      ip('-n', SCANNER, 'addr', 'add', '10.99.4.1/24', 'dev', 'a0');
      ip('-n', DEVICE, 'addr', 'add', '10.99.4.2/24', 'dev', 'b0');
      for (const [ns, dev] of [
        [SCANNER, 'a0'],
        [DEVICE, 'b0'],
      ] as const) {
        ip('-n', ns, 'link', 'set', 'lo', 'up');
        ip('-n', ns, 'link', 'set', dev, 'up');
      }
      server = spawn('ip', [
        'netns',
        'exec',
        DEVICE,
        process.execPath,
        '-e',
        "require('net').createServer((s) => s.end()).listen(80, '10.99.4.2', () => console.log('ready'))",
      ]);
      await new Promise<void>((resolve, reject) => {
        server?.stdout?.once('data', () => resolve());
        server?.once('exit', (code) => reject(new Error(`device exited ${code}`)));
      });
    });

    afterAll(async () => {
      if (server?.pid && server.exitCode === null) {
        const exited = new Promise((r) => server?.once('exit', r));
        server.kill();
        await exited;
      }
      removeNetns(SCANNER, DEVICE);
    });

    it('reports the MAC and identifies the maker from its OUI', () => {
      const device = scanInNetns(SCANNER, ['10.99.4.2', '--timeout', '800'], 30000).devices[0];
      expect(device?.mac).toBe(MAC);
      expect(device?.oem.vendor).toBe('Hikvision');
      expect(device?.evidence.find((e) => e.field === 'mac.address')?.signature).toMatch(/^oui\.hikvision/);
    });
  },
);
