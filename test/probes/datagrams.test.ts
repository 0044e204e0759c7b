/**
 * Bounds of the discovery exchange, on loopback only (127.0.20.x, unicast: multicast is tested
 * in the namespace lab): a flooding peer cannot push more than the cap through, the window
 * ends on abort, and one answering address makes one sighting however often it answers.
 */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { exchangeDatagrams } from '../../src/probes/net/datagrams.js';
import { MAX_SIGHTINGS, SightingBook } from '../../src/probes/net/discovery.js';

const LOCAL = '127.0.20.1';
const PEER = '127.0.20.2';
const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

/** A peer that answers any datagram with `count` replies of `size` bytes. */
async function floodingPeer(count: number, size: number): Promise<number> {
  const sock = createSocket('udp4');
  closers.push(() => sock.close());
  sock.on('message', (_m, from) => {
    for (let i = 0; i < count; i++) sock.send(Buffer.alloc(size, 0x41), from.port, from.address);
  });
  await new Promise<void>((resolve) => sock.bind(0, PEER, () => resolve()));
  return sock.address().port;
}

describe('exchangeDatagrams', () => {
  it('reads at most maxDatagrams replies and counts the rest as dropped', async () => {
    const port = await floodingPeer(400, 32);
    let seen = 0;
    const out = await exchangeDatagrams({
      local: LOCAL,
      payloads: ['query'],
      destinations: [{ address: PEER, port }],
      windowMs: 400,
      maxDatagrams: 50,
      signal: new AbortController().signal,
      onDatagram: () => {
        seen++;
      },
    });
    expect(seen).toBe(50);
    expect(out.received).toBe(50);
    expect(out.dropped).toBeGreaterThan(0);
  });

  it('ends the window as soon as the signal aborts, and reports unreachable sends', async () => {
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 50);
    const out = await exchangeDatagrams({
      local: LOCAL,
      payloads: ['query'],
      destinations: [{ address: '127.0.20.3', port: 9 }],
      windowMs: 10000,
      maxDatagrams: 10,
      signal: ac.signal,
      onDatagram: () => {},
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(out.received).toBe(0);
  });
});

describe('SightingBook', () => {
  const iface = { name: 'lan1', address: '10.44.1.2', prefixLength: 24 };

  it('keeps one sighting per address and each observation once', () => {
    const book = new SightingBook(iface, 'sadp', 37020, 'sadp', 'SADP inquiry');
    for (let i = 0; i < 5; i++) book.add('10.44.1.12', [['sadp.model', 'DS-KH6210-L']]);
    const r = book.result([]);
    expect(r.status).toBe('ok');
    expect(r.sightings).toHaveLength(1);
    expect(r.sightings[0]?.evidence.map((e) => e.value)).toEqual(['DS-KH6210-L']);
  });

  it('stops at MAX_SIGHTINGS addresses (a spoofed flood cannot grow memory)', () => {
    const book = new SightingBook(iface, 'dhip', 37810, 'dhip', 'DHIP search');
    for (let i = 0; i < MAX_SIGHTINGS + 500; i++)
      book.add(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, [['dhip.serial', 'x']]);
    expect(book.result([]).sightings).toHaveLength(MAX_SIGHTINGS);
  });

  it('says timeout when nothing answered and unreachable when sending failed', () => {
    const book = new SightingBook(iface, 'ssdp', 1900, 'ssdp', 'M-SEARCH');
    expect(book.result([]).status).toBe('timeout');
    expect(book.result(['send to 239.255.255.250:1900: ENETUNREACH']).status).toBe('unreachable');
  });
});
