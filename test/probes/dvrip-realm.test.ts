/**
 * The Dahua realm request on TCP 37777 (src/probes/dhip/dvrip-realm.ts) against peers on loopback
 * (127.0.31.222). The answer is the recorded one: a Dahua unit's `b0` header and `Realm:`/`Random:`
 * payload (r4bit999/dvrip-analysis, src/lab/dahua-dvrip.ts), not the probe's own encoding. A web
 * server, junk, floods and silence on the port end as a status, never a throw.
 */
import { afterEach, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import { dvripRealmAnswer } from '../../src/lab/dahua-dvrip.js';
import { DVRIP_REALM_REQUEST, dvripRealmProbe } from '../../src/probes/dhip/dvrip-realm.js';
import { probeContext } from '../helpers/context.js';
import { closePeers, FOREIGN_ANSWERS, itEndsAs, type PeerAnswer, tcpPeer } from '../helpers/tcp-peer.js';

const IP = '127.0.31.222';
/** The recorded answer, byte for byte (header row and payload of the Netzob output). */
const RECORDED = Buffer.concat([
  Buffer.from(
    ['b0000078', '45000000', '010e0100', '00000000', '00000000', '01000000', '0600f900', '00000002'].join(''),
    'hex',
  ),
  Buffer.from('Realm:Login to 421592117ae7e3d0347d203dc8e04774\r\nRandom:668077460\r\n\r\n', 'latin1'),
]);

afterEach(closePeers);
const peer = (answer: PeerAnswer) => tcpPeer(IP, answer);

const ask = (port: number, timeoutMs = 500) =>
  dvripRealmProbe.run({ ip: IP, port }, probeContext({ limits: { timeoutMs, maxBytes: 64 * 1024 } }));

it('the lab answers exactly as the recorded unit did', () => {
  expect(dvripRealmAnswer('Login to 421592117ae7e3d0347d203dc8e04774').equals(RECORDED)).toBe(true);
});

it('asks the realm with no user name or password and reads the recorded answer', async () => {
  const p = await peer(() => RECORDED);
  const r = await ask(p.port);
  expect(p.got[0]?.equals(DVRIP_REALM_REQUEST)).toBe(true);
  expect(DVRIP_REALM_REQUEST.toString('hex')).toBe(`a0010000${'00'.repeat(20)}050201010000a1aa`);
  expect(r.status).toBe('ok');
  expect(r.service).toBe('dahua-dvrip');
  expect(r.evidence.map((e) => [e.field, e.value, e.port])).toEqual([
    ['dvrip.realm', 'Login to 421592117ae7e3d0347d203dc8e04774', p.port],
  ]);
});

it.each([
  ['a serial', 'Login to 2J01018PAA00816'],
  ['the 32-hex form of newer firmware (the recorded one)', 'Login to 421592117ae7e3d0347d203dc8e04774'],
])("reads a realm with %s in the grammar of Dahua's RTSP realm, which names Dahua", async (_what, realm) => {
  const p = await peer(() => dvripRealmAnswer(realm));
  const r = await ask(p.port);
  expect(r.evidence[0]?.value).toBe(realm);
  expect(matchValue(loadSignatureLibrary(), 'dvrip.realm', realm)?.signature.vendor).toBe('Dahua');
});

it('takes the length from bytes 4-5 alone (some units set bytes 6-7)', async () => {
  const answer = Buffer.from(RECORDED);
  answer.writeUInt16LE(0x0100, 6);
  const p = await peer(() => answer);
  expect((await ask(p.port)).evidence[0]?.value).toBe('Login to 421592117ae7e3d0347d203dc8e04774');
});

itEndsAs(IP, ask, [
  ...FOREIGN_ANSWERS,
  [
    'an answer without a realm',
    'protocol-error',
    () => Buffer.concat([RECORDED.subarray(0, 32), Buffer.alloc(69)]),
  ],
  [
    'a flood behind an answer header',
    'too-large',
    () =>
      Buffer.concat([RECORDED.subarray(0, 4), Buffer.from('ffff0000', 'hex'), Buffer.alloc(70_000, 0x41)]),
  ],
]);
