/**
 * The DHIP/TCP login question (src/probes/dhip/login.ts) against peers on loopback
 * (127.0.31.221): it sends the first global.login step in a DHIP frame and reads the challenge a
 * Dahua unit answers with. The answer is a recorded one: the RPC2_Login challenge of a Q-See
 * camera (test/fixtures/real-devices/dahua-rpc2-login.yaml, mageni) in the DHIP framing recorded
 * from a VTO2000A-2 (src/lab/dhip-wire.ts), not the probe's own encoder. A web server, junk and
 * silence on the port end as a status, never a throw.
 */
import { afterEach, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import { dhipDatagram } from '../../src/lab/dhip-wire.js';
import { dhipLoginProbe } from '../../src/probes/dhip/login.js';
import { loadRecords } from '../../src/validation/records.js';
import { probeContext } from '../helpers/context.js';
import { closePeers, FOREIGN_ANSWERS, itEndsAs, type PeerAnswer, tcpPeer } from '../helpers/tcp-peer.js';

const IP = '127.0.31.221';
const CHALLENGE = loadRecords().find((r) => r.name === 'mageni Q-See IP camera RPC2_Login challenge')
  ?.evidence[0]?.value as string;

afterEach(closePeers);
const peer = (answer: PeerAnswer) => tcpPeer(IP, answer);

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

itEndsAs(IP, ask, [
  ...FOREIGN_ANSWERS,
  ['a DHIP answer that is no challenge', 'protocol-error', () => dhipDatagram('{"result":true,"id":1}')],
]);
