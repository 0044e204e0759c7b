/**
 * The DHIP/TCP login question (src/probes/dhip/login.ts) against peers on loopback
 * (127.0.31.221): it sends the first global.login step in a DHIP frame and reads the challenge a
 * Dahua unit answers with. The answer is a recorded one: the RPC2_Login challenge of a Q-See
 * camera (test/fixtures/real-devices/dahua-rpc2-login.yaml, mageni) in the DHIP framing recorded
 * from a VTO2000A-2 (src/lab/dhip-wire.ts), not the probe's own encoder. A web server, junk and
 * silence on the port end as a status, never a throw.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import { dhipDatagram } from '../../src/lab/dhip-wire.js';
import { dhipLoginProbe } from '../../src/probes/dhip/login.js';
import { loadRecords } from '../../src/validation/records.js';
import { probeContext } from '../helpers/context.js';

const IP = '127.0.31.221';
const CHALLENGE = loadRecords().find((r) => r.name === 'mageni Q-See IP camera RPC2_Login challenge')
  ?.evidence[0]?.value as string;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A peer that answers whatever it got first with `answer(request)` (nothing when undefined). */
async function peer(answer: (request: Buffer) => Buffer | string | undefined) {
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
  await new Promise<void>((r) => server.listen(0, IP, r));
  return { port: (server.address() as { port: number }).port, got };
}

const ask = (port: number, timeoutMs = 500) =>
  dhipLoginProbe.run({ ip: IP, port }, probeContext({ limits: { timeoutMs, maxBytes: 64 * 1024 } }));

it('asks the first login step in a DHIP frame and reads the recorded challenge', async () => {
  expect(CHALLENGE).toContain('Login to 4C045ADPAG60CD');
  const p = await peer(() => dhipDatagram(CHALLENGE));
  const r = await ask(p.port);
  const sent = p.got[0] ?? Buffer.alloc(0);
  expect(sent.subarray(0, 8).toString('latin1')).toBe('\x20\x00\x00\x00DHIP');
  expect(JSON.parse(sent.subarray(32).toString('utf8'))).toMatchObject({
    method: 'global.login',
    params: { userName: 'admin', password: '' },
  });
  expect(r.status).toBe('ok');
  expect(r.service).toBe('dhip');
  expect(r.evidence.map((e) => [e.field, e.value])).toEqual([
    ['dhip.realm', 'Login to 4C045ADPAG60CD'],
    ['mac.address', expect.stringMatching(/^3c:?ef:?8c:?61:?01:?c0$/i)],
  ]);
  // The realm is read with the HTTP realm grammar, which names Dahua.
  expect(matchValue(loadSignatureLibrary(), 'dhip.realm', 'Login to 4C045ADPAG60CD')?.signature.vendor).toBe(
    'Dahua',
  );
});

type Answer = () => Buffer | string | undefined;
it.each<[string, string, Answer]>([
  ['a web server', 'protocol-error', () => 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'],
  ['junk', 'protocol-error', () => Buffer.alloc(300, 0x41)],
  ['a DHIP answer that is no challenge', 'protocol-error', () => dhipDatagram('{"result":true,"id":1}')],
  ['silence', 'timeout', () => undefined],
])('%s ends as %s', async (_what, status, answer) => {
  const p = await peer(answer);
  const r = await ask(p.port, 300);
  expect(r.status).toBe(status);
  expect(r.evidence).toEqual([]);
});
