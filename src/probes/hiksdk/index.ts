/**
 * @module probes/hiksdk
 * Hikvision's SDK port (TCP 8000), which its own clients log in over. Asked the one request that
 * a recorded answer is tied to: the SMB negotiate packet of nmap's `SMBProgNeg` probe
 * (nmap/nmap nmap-service-probes @db4aefddf, line 13999). Hikvision's server answers it with a
 * 16-byte error frame (presumably because its first four bytes read as a length that fits the
 * packet, making it a frame the server cannot parse), `00 00 00 10`, a code, the code again, four zero bytes: the `hik-connect` match
 * "HikVision camera control" (line 14039) records code 0x0d, and "Hikvision IPCam control port"
 * (line 1821) code 0x1e. No user name, password or hash is sent. The frame is recorded in hex as
 * `hiksdk.answer`.
 */
import { describeProbe } from '../descriptor.js';
import { oneQuestionProbe } from '../net/one-question.js';

export const HIK_SDK_PORT = 8000;
const ANSWER_BYTES = 16;

export const SMB_NEGOTIATE = Buffer.concat([
  Buffer.from('000000a4ff534d4272000000000801400000000000000000000000000000400600000100008100', 'hex'),
  ...[
    'PC NETWORK PROGRAM 1.0',
    'MICROSOFT NETWORKS 1.03',
    'MICROSOFT NETWORKS 3.0',
    'LANMAN1.0',
    'LM1.2X002',
    'Samba',
    'NT LANMAN 1.0',
    'NT LM 0.12',
  ].map((dialect) => Buffer.from(`\x02${dialect}\0`, 'latin1')),
]);

/** The error frame: length 16, a code twice, then zero; anything else is not this answer. */
export function isSdkErrorFrame(data: Buffer): boolean {
  return (
    data.length === ANSWER_BYTES &&
    data.readUInt32BE(0) === ANSWER_BYTES &&
    data.readUInt32BE(4) === data.readUInt32BE(8) &&
    data.readUInt32BE(12) === 0
  );
}

export const hikSdkProbe = oneQuestionProbe({
  name: 'hikvision-sdk',
  description: "Hikvision's SDK port: the error frame it answers a frame it cannot parse with",
  port: HIK_SDK_PORT,
  service: 'hikvision-sdk',
  request: SMB_NEGOTIATE,
  requestLabel: 'SMB negotiate',
  // A whole answer is 16 bytes; a longer reply (in the same read) is something else.
  answer: { maxBytes: ANSWER_BYTES + 1, complete: (data) => data.length >= ANSWER_BYTES },
  read: (data) =>
    isSdkErrorFrame(data)
      ? { values: [['hiksdk.answer', data.toString('hex')]] }
      : { error: 'not a Hikvision SDK answer' },
});

export const hikSdk = describeProbe(hikSdkProbe, {
  phase: 'port',
  services: ['hikvision-sdk'],
  fields: { 'hiksdk.answer': {} },
});
