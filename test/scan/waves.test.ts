/**
 * A host's first contact in two waves (src/scan/waves.ts): the rarer ports (the descriptors'
 * livePorts) are asked only once a connect or a UDP question showed the host is there, at once
 * when that happens, and never of an address that answered nothing or of a stopped scan.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TCP_PORTS, LIVE_ONLY_PORTS, LIVE_UDP_PROBES } from '../../src/probes/registry.js';
import { inWaves, splitPorts } from '../../src/scan/waves.js';

type Outcome = { port: number; status: string };
const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

function host(status: (port: number) => string, udpStatus = 'timeout', stopped = false) {
  const asked: number[] = [];
  const udpAsked: number[] = [];
  const run = inWaves<Outcome, Outcome>({
    ...splitPorts(DEFAULT_TCP_PORTS, new Set(LIVE_ONLY_PORTS)),
    connect: async (port) => {
      asked.push(port);
      await later(port === 80 ? 5 : 20);
      return { port, status: status(port) };
    },
    udp: [
      async () => {
        await later(40);
        return { port: 3702, status: udpStatus };
      },
    ],
    udpLater: [
      async () => {
        udpAsked.push(20002);
        return { port: 20002, status: 'timeout' };
      },
    ],
    alive: (o) => o.status !== 'timeout' && o.status !== 'unreachable',
    stopped: () => stopped,
  });
  return { asked, udpAsked, run };
}

describe('first contact in two waves', () => {
  it('the rare default ports are 81, 85, 88, 2020, 5000, 8554, 9000 and 10554', () => {
    expect(LIVE_ONLY_PORTS).toEqual([81, 85, 88, 2020, 5000, 8554, 9000, 10554]);
    const { first, later } = splitPorts(DEFAULT_TCP_PORTS, new Set(LIVE_ONLY_PORTS));
    expect(later).toEqual([...LIVE_ONLY_PORTS]);
    expect(first).toEqual(DEFAULT_TCP_PORTS.filter((p) => !LIVE_ONLY_PORTS.includes(p)));
  });

  it('asks an address that answers nothing only the common ports and the first UDP questions', async () => {
    const { asked, udpAsked, run } = host(() => 'timeout');
    const r = await run;
    expect(udpAsked).toEqual([]);
    expect(r.udp.map((o) => o.port)).toEqual([3702]);
    expect(asked.sort((a, b) => a - b)).toEqual(
      DEFAULT_TCP_PORTS.filter((p) => !LIVE_ONLY_PORTS.includes(p)),
    );
    expect(r.tcp.every((o) => o.status === 'timeout')).toBe(true);
  });

  it('asks the rare ports as soon as one port refused, before the rest of the first wave ended', async () => {
    const { asked, run } = host((p) => (p === 80 ? 'refused' : 'timeout'));
    const r = await run;
    expect(r.tcp.map((o) => o.port).sort((a, b) => a - b)).toEqual([...DEFAULT_TCP_PORTS]);
    // 80 answered first (5 ms): the rare ports went out while the others were still waiting.
    const firstRare = asked.indexOf(LIVE_ONLY_PORTS[0] as number);
    expect(firstRare).toBeGreaterThan(0);
    expect(firstRare).toBe(DEFAULT_TCP_PORTS.length - LIVE_ONLY_PORTS.length);
  });

  it('counts a UDP answer or refusal as a sign of life', async () => {
    const { asked, run } = host(() => 'timeout', 'refused');
    await run;
    expect(asked).toEqual(expect.arrayContaining([...LIVE_ONLY_PORTS]));
  });

  it('asks the later UDP questions (TP-Link discovery) of a host that showed itself, with its outcome', async () => {
    const { udpAsked, run } = host((p) => (p === 80 ? 'refused' : 'timeout'));
    const r = await run;
    expect(udpAsked).toEqual([20002]);
    expect(r.udp.map((o) => o.port)).toEqual([3702, 20002]);
    expect(LIVE_UDP_PROBES.size).toBe(1);
    expect([...LIVE_UDP_PROBES].map((p) => p.name)).toEqual(['tdp-unicast']);
  });

  it('asks nothing more once the scan stopped', async () => {
    const { asked, udpAsked, run } = host(() => 'refused', 'timeout', true);
    await run;
    for (const p of LIVE_ONLY_PORTS) expect(asked).not.toContain(p);
    expect(udpAsked).toEqual([]);
  });

  it('asks a list of rare ports only at once', () => {
    expect(splitPorts([8554], new Set(LIVE_ONLY_PORTS))).toEqual({ first: [8554], later: [] });
  });
});
