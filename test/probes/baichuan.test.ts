/**
 * The Baichuan question (src/probes/baichuan/index.ts) against peers on loopback (127.0.31.224).
 * The request keeps the layout of Neolink's recorded legacy login frame with both hash fields
 * empty; the answers are Reolink cameras' recorded frames (test/fixtures/reolink/baichuan-login.yaml),
 * not the probe's own encoding. Foreign, short and malformed answers end as a status, never a throw.
 */
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import { baichuanServer } from '../../src/lab/baichuan.js';
import { baichuanProbe, LEGACY_LOGIN } from '../../src/probes/baichuan/index.js';
import { probeContext } from '../helpers/context.js';
import {
  closePeers,
  FOREIGN_ANSWERS,
  itEndsAs,
  type PeerAnswer,
  tcpPeer,
  withLabServer,
} from '../helpers/tcp-peer.js';

const IP = '127.0.31.224';
const recorded = parse(readFileSync('test/fixtures/reolink/baichuan-login.yaml', 'utf8')) as {
  legacyLoginHeader: string;
  answers: { name: string; hex: string }[];
};
const ANSWERS = recorded.answers.map((a) => [a.name, Buffer.from(a.hex, 'hex')] as const);

afterEach(closePeers);
const peer = (answer: PeerAnswer) => tcpPeer(IP, answer);
const ask = (port: number, timeoutMs = 500) =>
  baichuanProbe.run({ ip: IP, port }, probeContext({ limits: { timeoutMs, maxBytes: 64 * 1024 } }));

it("keeps the recorded legacy login frame's layout, with no user name or password in it", () => {
  const sample = Buffer.from(recorded.legacyLoginHeader, 'hex');
  // Magic, message id, body length, then response code and class: as recorded.
  expect(LEGACY_LOGIN.subarray(0, 12).equals(sample.subarray(0, 12))).toBe(true);
  expect(LEGACY_LOGIN.subarray(16, 20).equals(sample.subarray(16, 20))).toBe(true);
  expect(LEGACY_LOGIN.length).toBe(20 + 1836);
  expect(LEGACY_LOGIN.subarray(20).every((b) => b === 0)).toBe(true);
});

it.each(ANSWERS)('reads the recorded answer (%s) and the signature names Reolink', async (_what, frame) => {
  const p = await peer(() => frame);
  const r = await ask(p.port);
  expect(p.got[0]?.subarray(0, 8).toString('hex')).toBe('f0debc0a01000000');
  expect(r.status).toBe('ok');
  expect(r.service).toBe('baichuan');
  const header = frame.subarray(0, frame.readUInt16LE(18) === 0 ? 24 : 20).toString('hex');
  expect(r.evidence.map((e) => [e.field, e.value])).toEqual([['baichuan.answer', header]]);
  expect(matchValue(loadSignatureLibrary(), 'baichuan.answer', header)?.signature.vendor).toBe('Reolink');
});

it('the lab answers a legacy login frame with the recorded bytes, other bytes with silence', () => {
  const answer = ANSWERS[1]?.[1] ?? Buffer.alloc(0);
  return withLabServer(baichuanServer({ answer: answer.toString('hex') }), IP, async (port, silent) => {
    expect((await ask(port)).evidence[0]?.value).toBe(answer.subarray(0, 20).toString('hex'));
    expect(await silent()).toBe(true);
  });
});

const offer = ANSWERS[0]?.[1] ?? Buffer.alloc(0);
itEndsAs(IP, ask, [
  ...FOREIGN_ANSWERS,
  ['a short header', 'protocol-error', () => offer.subarray(0, 12)],
  [
    'another magic',
    'protocol-error',
    () => Buffer.concat([Buffer.from('f0debc0b', 'hex'), offer.subarray(4)]),
  ],
  [
    'another message id',
    'protocol-error',
    () => Buffer.concat([offer.subarray(0, 4), Buffer.from('02000000', 'hex'), offer.subarray(8)]),
  ],
]);
