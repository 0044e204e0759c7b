/**
 * The per-host UDP probes (unicast DHIP to 37810, SADP to 37020, SSDP M-SEARCH to 1900) against peers on
 * loopback (127.0.31.x): the exact request bytes, recorded replies parsed into evidence, and hostile
 * peers (junk, floods, oversize, other senders, silence, closed ports, abort) ending in a status
 * from the closed list within the timeout, never a throw. Replies are published captures: the DHIP
 * datagram of test/helpers/dhip-captures.ts, the SADP ProbeMatch of test/helpers/sadp-captures.ts, the SSDP reply of test/helpers/ssdp-captures.ts (its
 * LOCATION rewritten to the peer's address here).
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { dhipSearch } from '../../src/probes/dhip/parse.js';
import { dhipUnicastProbe } from '../../src/probes/dhip/unicast.js';
import { askOnce } from '../../src/probes/net/unicast.js';
import { UDP_PROBES } from '../../src/probes/registry.js';
import { sadpUnicastProbe } from '../../src/probes/sadp/unicast.js';
import { unicastMSearch } from '../../src/probes/ssdp/parse.js';
import { ssdpUnicastProbe } from '../../src/probes/ssdp/unicast.js';
import { PROBE_STATUSES, type Probe } from '../../src/probes/types.js';
import { wsDiscoveryProbe } from '../../src/probes/wsdiscovery/index.js';
import { probeContext } from '../helpers/context.js';
import { DHIP_VTO_EVIDENCE, DHIP_VTO_REPLY } from '../helpers/dhip-captures.js';
import { SADP_DS2CD2022WD_EVIDENCE, SADP_DS2CD2022WD_REPLY } from '../helpers/sadp-captures.js';
import { SSDP_NOTIFY, ssdpDahuaReply } from '../helpers/ssdp-captures.js';
import { wsdHikvisionReply } from '../helpers/wsd-captures.js';

const PEER = '127.0.31.201';
const OTHER = '127.0.31.202';

const SSDP_DAHUA_REPLY = ssdpDahuaReply(PEER);

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

/** A UDP peer on `ip` that records what it gets and answers with `reply(msg, n)` (n = 1 for the first). */
async function peer(
  reply: (msg: Buffer, n: number, from: RemoteInfo) => (Buffer | string)[],
  ip = PEER,
  from?: Socket,
): Promise<{ port: number; got: Buffer[] }> {
  const sock = createSocket('udp4');
  sockets.push(sock);
  const got: Buffer[] = [];
  sock.on('message', (msg, rinfo) => {
    got.push(msg);
    for (const r of reply(msg, got.length, rinfo)) (from ?? sock).send(r, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => sock.bind(0, ip, () => resolve()));
  return { port: sock.address().port, got };
}

async function otherSender(): Promise<Socket> {
  const sock = createSocket('udp4');
  sockets.push(sock);
  await new Promise<void>((resolve) => sock.bind(0, OTHER, () => resolve()));
  return sock;
}

const run = (probe: Probe, port: number, timeoutMs = 400, signal?: AbortSignal) =>
  probe.run(
    { ip: PEER, port },
    probeContext({ limits: { timeoutMs, maxBytes: 32 * 1024 }, ...(signal ? { signal } : {}) }),
  );

describe('request bytes', () => {
  it('unicast M-SEARCH names the host in HOST and carries no MX (UDA 1.1 unicast search)', () => {
    expect(unicastMSearch('127.0.31.5', 1900)).toBe(
      'M-SEARCH * HTTP/1.1\r\nHOST: 127.0.31.5:1900\r\nMAN: "ssdp:discover"\r\nST: ssdp:all\r\n\r\n',
    );
  });

  it('sends exactly one DHIP search datagram (the shared encoder) to an answering host', async () => {
    const p = await peer(() => [DHIP_VTO_REPLY]);
    await run(dhipUnicastProbe, p.port);
    expect(p.got).toEqual([dhipSearch()]);
  });

  it('sends exactly one unicast M-SEARCH naming the target to an answering host', async () => {
    const p = await peer(() => [SSDP_DAHUA_REPLY]);
    await run(ssdpUnicastProbe, p.port);
    expect(p.got.map((b) => b.toString())).toEqual([unicastMSearch(PEER, p.port)]);
  });

  it('sends exactly one SADP inquiry to an answering host', async () => {
    const p = await peer(() => [SADP_DS2CD2022WD_REPLY]);
    await run(sadpUnicastProbe, p.port);
    expect(p.got.map((b) => b.toString())).toEqual([
      expect.stringMatching(
        /^<\?xml version="1\.0" encoding="utf-8"\?><Probe><Uuid>[0-9A-F-]{36}<\/Uuid><Types>inquiry<\/Types><\/Probe>$/,
      ),
    ]);
  });

  it('WS-Discovery asks for dn:NetworkVideoTransmitter, then for tds:Device when that got no answer', async () => {
    // A target answers only a Probe whose types it all has; one that advertises tds:Device alone
    // (an ONVIF access controller) stays silent to the first question and answers the second.
    const types = (b: Buffer) => /<d:Types>([^<]*)<\/d:Types>/.exec(b.toString())?.[1];
    const p = await peer((msg) => (types(msg) === 'tds:Device' ? [wsdHikvisionReply(PEER)] : []));
    const r = await run(wsDiscoveryProbe, p.port);
    expect(p.got.map(types)).toEqual(['dn:NetworkVideoTransmitter', 'tds:Device']);
    expect(r.status).toBe('ok');
    expect(r.evidence.map((e) => [e.field, e.value])).toContainEqual([
      'wsd.scope',
      'onvif://www.onvif.org/hardware/DS-2CD2385G1-I',
    ]);
    // One that has the first type answers it, and is asked nothing more.
    const q = await peer(() => [wsdHikvisionReply(PEER)]);
    await run(wsDiscoveryProbe, q.port);
    expect(q.got.map(types)).toEqual(['dn:NetworkVideoTransmitter']);
  });

  it('the per-host UDP probes are WS-Discovery, DHIP, SADP, SSDP and TP-Link discovery', () => {
    expect(UDP_PROBES.map((p) => [p.name, p.defaultPorts])).toEqual([
      ['ws-discovery', [3702]],
      ['dhip-unicast', [37810]],
      ['sadp-unicast', [37020]],
      ['ssdp-unicast', [1900]],
      ['tdp-unicast', [20002]],
    ]);
  });
});

describe('recorded replies', () => {
  it.each([
    ['DHIP', 'the recorded VTO2000A-2 datagram', dhipUnicastProbe, DHIP_VTO_REPLY, 'dhip', DHIP_VTO_EVIDENCE],
    [
      'SADP',
      'the ProbeMatch a DS-2CD2022WD-I sent to a unicast inquiry',
      sadpUnicastProbe,
      SADP_DS2CD2022WD_REPLY,
      'sadp',
      SADP_DS2CD2022WD_EVIDENCE,
    ],
  ] as const)(
    "%s: %s becomes the unicast probe's evidence, MAC included",
    async (_k, _d, probe, reply, service, evidence) => {
      const p = await peer(() => [reply]);
      const r = await run(probe, p.port);
      expect(r.status).toBe('ok');
      expect(r.service).toBe(service);
      expect(r.evidence.map((e) => [e.field, e.value])).toEqual(evidence);
      for (const e of r.evidence) expect(e).toMatchObject({ probe: probe.name, transport: 'udp', ip: PEER });
    },
  );

  it('SSDP: the Dahua reply gives SERVER and UDN; a LOCATION on the host that refuses is not an error', async () => {
    const p = await peer(() => [SSDP_DAHUA_REPLY]);
    const r = await run(ssdpUnicastProbe, p.port);
    expect(r.status).toBe('ok');
    expect(r.service).toBe('ssdp');
    expect(r.evidence.map((e) => [e.field, e.value])).toEqual([
      ['ssdp.server', 'Linux/3.8.8, UPnP/1.0, ZheJiang Dahua Technology CO.,LTD. Upnp SDK'],
      ['upnp.udn', 'uuid:www.dahuatech.com.device_3_0-1L047ACPAW00037'],
    ]);
    expect(r.problems).toBeUndefined();
  });

  it('SSDP: a LOCATION naming another host is not fetched and is reported as skipped', async () => {
    const reply = SSDP_DAHUA_REPLY.replace(`http://${PEER}:`, `http://${OTHER}:`);
    const p = await peer(() => [reply]);
    const r = await run(ssdpUnicastProbe, p.port);
    expect(r.status).toBe('ok');
    expect(r.problems).toEqual([
      { status: 'skipped', message: expect.stringMatching(/127\.0\.31\.202:49152 .*not followed/) },
    ]);
  });

  it('SSDP: a NOTIFY is not an answer to the search', async () => {
    const p = await peer(() => [SSDP_NOTIFY]);
    const r = await run(ssdpUnicastProbe, p.port, 300);
    expect(r.status).toBe('protocol-error');
    expect(r.evidence).toEqual([]);
  });
});

describe('hostile and silent peers', () => {
  const both = [dhipUnicastProbe, sadpUnicastProbe, ssdpUnicastProbe];

  it.each(both.map((p) => [p.name, p] as const))(
    '%s: junk ends as protocol-error within the timeout',
    async (_n, probe) => {
      const p = await peer(() => [Buffer.from('\u0000\u00ffjunk<xml>{"method":')]);
      const started = Date.now();
      const r = await run(probe, p.port, 300);
      expect(r.status).toBe('protocol-error');
      expect(Date.now() - started).toBeLessThan(1000);
    },
  );

  it.each(both.map((p) => [p.name, p] as const))('%s: a flood of junk is bounded', async (_n, probe) => {
    const p = await peer(() => Array.from({ length: 500 }, () => Buffer.alloc(1200, 0x41)));
    const started = Date.now();
    const r = await run(probe, p.port, 300);
    expect(PROBE_STATUSES).toContain(r.status);
    expect(r.evidence).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it.each(both.map((p) => [p.name, p] as const))(
    '%s: answers from another address are ignored',
    async (_n, probe) => {
      const spoof = await otherSender();
      const p = await peer(() => [DHIP_VTO_REPLY, SADP_DS2CD2022WD_REPLY, SSDP_DAHUA_REPLY], PEER, spoof);
      const r = await run(probe, p.port, 300);
      expect(r.status).toBe('timeout');
      expect(r.evidence).toEqual([]);
    },
  );

  it.each(both.map((p) => [p.name, p] as const))(
    '%s: silence is a timeout after one retry',
    async (_n, probe) => {
      const p = await peer(() => []);
      const r = await run(probe, p.port, 300);
      expect(r.status).toBe('timeout');
      expect(p.got).toHaveLength(2);
    },
  );

  it('a lost first datagram is made good by the retry', async () => {
    const p = await peer((_m, n) => (n === 2 ? [DHIP_VTO_REPLY] : []));
    const r = await run(dhipUnicastProbe, p.port, 400);
    expect(r.status).toBe('ok');
    expect(p.got).toHaveLength(2);
  });

  it.each(both.map((p) => [p.name, p] as const))(
    '%s: a closed port is refused at once',
    async (_n, probe) => {
      const p = await peer(() => []);
      sockets.pop()?.close();
      const started = Date.now();
      const r = await run(probe, p.port, 2000);
      expect(r.status).toBe('refused');
      expect(Date.now() - started).toBeLessThan(1000);
    },
  );

  it('the host budget running out ends the question', async () => {
    const p = await peer(() => []);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const started = Date.now();
    const r = await run(dhipUnicastProbe, p.port, 5000, ac.signal);
    expect(r.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an oversized DHIP body (declared length past the datagram) is not trusted', async () => {
    const framed = Buffer.from(DHIP_VTO_REPLY);
    framed.writeUInt32LE(60000, 16);
    framed.writeUInt32LE(60000, 24);
    const p = await peer(() => [framed]);
    const r = await run(dhipUnicastProbe, p.port, 300);
    expect(r.status).toBe('protocol-error');
  });
});

describe('local socket errors', () => {
  // The scan counts a UDP reply that is junk as "something answered here"; an error of our own
  // socket (EMSGSIZE here; ENOBUFS or EACCES on a loaded link) must not read as one.
  it('a send that fails locally is unreachable, not a protocol error from the host', async () => {
    const { port, got } = await peer(() => []);
    const x = await askOnce({ ip: PEER, port }, Buffer.alloc(70000), () => undefined, probeContext(), 'test');
    expect(x.kind).toBe('failed');
    if (x.kind === 'failed') expect(x.result.status).toBe('unreachable');
    expect(got).toHaveLength(0);
  });

  it('a port out of range ends as unreachable instead of throwing', async () => {
    const x = await askOnce({ ip: PEER, port: 70000 }, 'x', () => undefined, probeContext(), 'test');
    expect(x.kind === 'failed' && x.result.status).toBe('unreachable');
  });
});
