/**
 * The Hikvision SDK-port question (src/probes/hiksdk/index.ts) against peers on loopback
 * (127.0.31.223). It sends nmap's SMB negotiate probe byte for byte, and the answers are the two
 * 16-byte frames nmap-service-probes records from Hikvision units, not the probe's own encoding.
 * Foreign, longer and malformed answers end as a status, never a throw.
 */
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import { hikSdkServer } from '../../src/lab/hik-sdk.js';
import { hikSdkProbe, SMB_NEGOTIATE } from '../../src/probes/hiksdk/index.js';
import { probeContext } from '../helpers/context.js';
import {
  closePeers,
  FOREIGN_ANSWERS,
  itEndsAs,
  type PeerAnswer,
  tcpPeer,
  withLabServer,
} from '../helpers/tcp-peer.js';

const IP = '127.0.31.223';
/** The recorded answers, as nmap-service-probes escapes them (lines 14039 and 1821). */
const RECORDED: [string, string][] = [
  ['hik-connect, after SMBProgNeg', '\\0\\0\\0\\x10\\0\\0\\0\\r\\0\\0\\0\\r\\0\\0\\0\\0'],
  ['ipcam, NULL-probe section', '\\0\\0\\0\\x10\\0\\0\\0\\x1e\\0\\0\\0\\x1e\\0\\0\\0\\0'],
];
/** The bytes an nmap-service-probes string stands for (its `\0`, `\r`, `\n` and `\xNN` escapes). */
const nmapBytes = (s: string) =>
  Buffer.from(
    s.replace(/\\x([0-9a-f]{2})|\\0|\\r|\\n/gi, (m, hex) =>
      String.fromCharCode(hex ? Number.parseInt(hex, 16) : m === '\\0' ? 0 : m === '\\r' ? 13 : 10),
    ),
    'latin1',
  );

afterEach(closePeers);
const peer = (answer: PeerAnswer) => tcpPeer(IP, answer);
const ask = (port: number, timeoutMs = 500) =>
  hikSdkProbe.run({ ip: IP, port }, probeContext({ limits: { timeoutMs, maxBytes: 64 * 1024 } }));

it("sends nmap's SMBProgNeg probe byte for byte", () => {
  const nmapProbe =
    'Probe TCP SMBProgNeg q|\\0\\0\\0\\xa4\\xff\\x53\\x4d\\x42\\x72\\0\\0\\0\\0\\x08\\x01\\x40\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\x40\\x06\\0\\0\\x01\\0\\0\\x81\\0\\x02PC NETWORK PROGRAM 1.0\\0\\x02MICROSOFT NETWORKS 1.03\\0\\x02MICROSOFT NETWORKS 3.0\\0\\x02LANMAN1.0\\0\\x02LM1.2X002\\0\\x02Samba\\0\\x02NT LANMAN 1.0\\0\\x02NT LM 0.12\\0|';
  const q = nmapProbe.slice(nmapProbe.indexOf('q|') + 2, -1);
  expect(SMB_NEGOTIATE.equals(nmapBytes(q))).toBe(true);
  expect(SMB_NEGOTIATE.readUInt32BE(0)).toBe(SMB_NEGOTIATE.length - 4);
});

it.each(RECORDED)(
  'reads the recorded frame (%s) and the signature names Hikvision',
  async (_what, escaped) => {
    const frame = nmapBytes(escaped);
    const p = await peer(() => frame);
    const r = await ask(p.port);
    expect(p.got[0]?.subarray(0, 8).toString('hex')).toBe('000000a4ff534d42');
    expect(r.status).toBe('ok');
    expect(r.service).toBe('hikvision-sdk');
    expect(r.evidence.map((e) => [e.field, e.value])).toEqual([['hiksdk.answer', frame.toString('hex')]]);
    expect(matchValue(loadSignatureLibrary(), 'hiksdk.answer', frame.toString('hex'))?.signature.vendor).toBe(
      'Hikvision',
    );
  },
);

it('the lab replays only the recorded exchange: the SMB packet gets the frame, other bytes silence', () =>
  withLabServer(hikSdkServer({ answer: '000000100000000d0000000d00000000' }), IP, async (port, silent) => {
    expect((await ask(port)).evidence[0]?.value).toBe('000000100000000d0000000d00000000');
    expect(await silent()).toBe(true);
  }));

it('the lab profiles serve a recorded frame', () => {
  for (const f of ['src/lab/profiles/hikvision-camera.yaml', 'src/lab/profiles/hikvision-nvr.yaml'])
    expect(readFileSync(f, 'utf8')).toContain(nmapBytes(RECORDED[0]?.[1] ?? '').toString('hex'));
});

const frame = nmapBytes(RECORDED[0]?.[1] ?? '');
itEndsAs(IP, ask, [
  ...FOREIGN_ANSWERS,
  ['the frame with more behind it', 'protocol-error', () => Buffer.concat([frame, Buffer.from('x')])],
  [
    'a frame whose codes differ',
    'protocol-error',
    () => Buffer.from('000000100000000d0000001e00000000', 'hex'),
  ],
  ['a short frame', 'protocol-error', () => frame.subarray(0, 12)],
]);
