/**
 * @module probes/dhip/dvrip-realm
 * Dahua's private protocol on TCP 37777 ("DVRIP", the port Dahua's own clients and SDK use): the
 * realm request that opens every login, asked on its own. It is a 32-byte header,
 * `a0 01 00 00`, twenty zero bytes and `05 02 01 01 00 00 a1 aa`, with no user name, password or
 * hash (mcw0/DahuaConsole net.py `dahua_dvrip_login` @5f8f35b13437d06e6e9b01f63bc151303939eda2,
 * "REALM & RANDOM Request"), so it is no login attempt. A Dahua unit answers with a `b0`/`b1` header
 * whose bytes 4-5 give the payload's length, and a payload of text lines
 * `Realm:Login to <serial>` and `Random:<n>`; the realm is read with the RTSP realm grammar.
 */
import { describeProbe } from '../descriptor.js';
import { oneQuestionProbe } from '../net/one-question.js';
import { beforeNul } from '../shared/c-string.js';

export const DVRIP_REALM_PORT = 37777;
const HEADER_BYTES = 32;
/** A realm answer is under a hundred bytes; the cap only bounds a flood. */
const MAX_ANSWER_BYTES = 4 * 1024;

export const DVRIP_REALM_REQUEST = Buffer.concat([
  Buffer.from('a0010000', 'hex'),
  Buffer.alloc(20),
  Buffer.from('050201010000a1aa', 'hex'),
]);

/** The payload length of an answer header. Only bytes 4-5: some units set bytes 6-7 as well. */
const payloadLength = (data: Buffer) => data.readUInt16LE(4);
const isAnswerHeader = (data: Buffer) => data[0] === 0xb0 && (data[1] === 0x00 || data[1] === 0x01);

const frameComplete = (data: Buffer) =>
  data.length >= HEADER_BYTES && (!isAnswerHeader(data) || data.length >= HEADER_BYTES + payloadLength(data));

/** The `Realm:` line of an answer, or undefined when `data` is no DVRIP realm answer. */
export function parseDvripRealm(data: Buffer): string | undefined {
  if (data.length < HEADER_BYTES || !isAnswerHeader(data)) return undefined;
  const payload = data.subarray(HEADER_BYTES, HEADER_BYTES + payloadLength(data));
  const text = beforeNul(payload.toString('latin1'));
  for (const line of text.split(/\r?\n/)) {
    const m = /^Realm:(.{1,200})$/.exec(line.trim());
    if (m) return m[1]?.trim() || undefined;
  }
  return undefined;
}

export const dvripRealmProbe = oneQuestionProbe({
  name: 'dahua-dvrip',
  description: "Dahua's private protocol on TCP 37777: the login realm request (no user name or password)",
  port: DVRIP_REALM_PORT,
  service: 'dahua-dvrip',
  request: DVRIP_REALM_REQUEST,
  requestLabel: 'DVRIP realm request',
  answer: { maxBytes: MAX_ANSWER_BYTES, complete: frameComplete },
  read: (data) => {
    if (!isAnswerHeader(data)) return { error: 'not a Dahua DVRIP answer' };
    const realm = parseDvripRealm(data);
    return realm
      ? { values: [['dvrip.realm', realm]] }
      : { error: 'DVRIP answer without a realm', spoke: true };
  },
});

export const dvripRealm = describeProbe(dvripRealmProbe, {
  phase: 'port',
  services: ['dahua-dvrip'],
  // Dahua's login realm, in the grammar of its RTSP challenge: `Login to <serial>` or, on newer
  // firmware, `Login to <32 hex digits>`.
  fields: { 'dvrip.realm': { grammarOf: 'rtsp.auth.realm', text: true } },
});
