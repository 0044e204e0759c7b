/**
 * Dead addresses that silently drop packets must not stall a scan. Inside two network
 * namespaces this test creates (and always removes), 10.99.2.0/24 is routed to a peer that
 * drops everything, so every connect attempt just waits. Needs root and iproute2; skipped
 * otherwise. No traffic touches the machine's real interfaces.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { CLI } from '../helpers/cli.js';

const canNetns = process.getuid?.() === 0 && hasIp();
const tag = `${process.pid}`.slice(-5);
const SCANNER = `oemscan-scan-${tag}`;
const SINK = `oemscan-sink-${tag}`;
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

function hasIp(): boolean {
  try {
    execFileSync('ip', ['-V'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!canNetns)('silently dropping /24 (network namespace)', () => {
  beforeAll(() => {
    ip('netns', 'add', SCANNER);
    ip('netns', 'add', SINK);
    ip('-n', SCANNER, 'link', 'add', 'a0', 'type', 'veth', 'peer', 'name', 'b0', 'netns', SINK);
    ip('-n', SCANNER, 'addr', 'add', '10.99.1.1/24', 'dev', 'a0');
    ip('-n', SINK, 'addr', 'add', '10.99.1.2/24', 'dev', 'b0');
    for (const ns of [SCANNER, SINK]) ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', SCANNER, 'link', 'set', 'a0', 'up');
    ip('-n', SINK, 'link', 'set', 'b0', 'up');
    // The sink does not forward, so packets for 10.99.2.0/24 vanish without any reply.
    ip('-n', SCANNER, 'route', 'add', '10.99.2.0/24', 'via', '10.99.1.2');
  });

  afterAll(() => {
    for (const ns of [SCANNER, SINK]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
  });

  it('finishes a /24 of black-holed addresses in seconds', () => {
    const started = Date.now();
    const out = execFileSync(
      'ip',
      [
        'netns',
        'exec',
        SCANNER,
        process.execPath,
        CLI,
        'scan',
        '10.99.2.0/24',
        '--format',
        'json',
        '--timeout',
        '1000',
        '--no-progress',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 },
    );
    const seconds = (Date.now() - started) / 1000;
    const report = JSON.parse(out.toString()) as Report;
    expect(report.summary.addresses).toBe(254);
    expect(report.devices).toEqual([]);
    // 254 hosts / 64 at a time, each bounded by the 1 s timeout: about 4 s, never minutes.
    expect(seconds).toBeLessThan(12);
  }, 70000);
});
