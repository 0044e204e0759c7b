/**
 * A one-shot TCP peer on loopback for a probe's test: it answers the first chunk it receives with
 * `answer(request)` and closes, or stays silent when that is undefined. `got` keeps what arrived;
 * `closePeers()` (in afterEach) ends every peer started. `itEndsAs` checks that hostile answers
 * end as a status with no evidence.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { expect, it } from 'vitest';
import { exchange } from '../../src/probes/net/exchange.js';
import type { ProbeResult } from '../../src/probes/types.js';

export type PeerAnswer = (request: Buffer) => Buffer | string | undefined;

const servers: Server[] = [];

export async function tcpPeer(ip: string, answer: PeerAnswer) {
  const got: Buffer[] = [];
  const server = createServer((sock: Socket) => {
    sock.on('error', () => {});
    sock.once('data', (d) => {
      got.push(d);
      const a = answer(d);
      if (a !== undefined) sock.end(a);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, ip, r));
  return { port: (server.address() as { port: number }).port, got };
}

export const closePeers = () => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));

/** What every binary TCP probe meets on a port that is not its protocol's. */
export const FOREIGN_ANSWERS: [string, string, PeerAnswer][] = [
  ['a web server', 'protocol-error', () => 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'],
  ['junk', 'protocol-error', () => Buffer.alloc(300, 0x41)],
  ['silence', 'timeout', () => undefined],
];

/** One test per case: a peer answering so ends the probe (asked with a 300 ms timeout) as that status. */
export function itEndsAs(
  ip: string,
  ask: (port: number, timeoutMs: number) => Promise<ProbeResult>,
  cases: [string, string, PeerAnswer][],
) {
  it.each(cases)('%s ends as %s', async (_what, status, answer) => {
    const p = await tcpPeer(ip, answer);
    const r = await ask(p.port, 300);
    expect(r.status).toBe(status);
    expect(r.evidence).toEqual([]);
  });
}

/**
 * Runs `check` against a lab server listening on `ip` (any port), then closes it; `silent` tells
 * whether the server answers bytes that are not its recorded request with nothing.
 */
export async function withLabServer(
  server: Server,
  ip: string,
  check: (port: number, silent: () => Promise<boolean>) => Promise<void>,
) {
  await new Promise<void>((r) => server.listen(0, ip, r));
  const port = (server.address() as { port: number }).port;
  const silent = async () =>
    (await exchange('GET / HTTP/1.0\r\n\r\n', {
      ip,
      port,
      timeoutMs: 300,
      maxBytes: 64,
      complete: () => false,
    }).catch((err: Error) => err)) instanceof Error;
  try {
    await check(port, silent);
  } finally {
    await new Promise((r) => server.close(r));
  }
}
