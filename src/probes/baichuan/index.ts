/**
 * @module probes/baichuan
 * Reolink's own protocol, "Baichuan" (TCP 9000), which its apps and NVRs log in over and which
 * stays open when a unit's web server is turned off. Asked the first message of its login
 * handshake, the legacy login frame, with an empty user name and password: a current unit
 * answers with its encryption offer (the nonce the next step would hash the password with) and
 * logs nobody in; an old unit that takes the frame as the login itself refuses a user that does
 * not exist. Either answer is a Baichuan frame. Layout from Neolink
 * (thirtythreeforty/neolink crates/core/src/bc/{model,de,ser}.rs @186d580): a little-endian
 * header of magic 0x0abcdef0, message id (1 = login), body length, channel, stream type, message
 * number, response code and class, plus a payload offset for classes 0x6414 and 0x0000; the
 * legacy login body is 1836 bytes, two 32-byte hash fields then zeros. The answer's header is
 * recorded in hex as `baichuan.answer`; its body (the encrypted nonce) is not read.
 */
import { describeProbe } from '../descriptor.js';
import { oneQuestionProbe } from '../net/one-question.js';
import { headerLength, MAGIC, MSG_LOGIN } from './frame.js';

export const BAICHUAN_PORT = 9000;
const LEGACY_LOGIN_BODY = 1836;
/** Response code of the legacy login frame: "upgrade me, with Baichuan's XOR encryption" (Neolink's sample). */
const LEGACY_LOGIN_CODE = 0xdc01;
const LEGACY_CLASS = 0x6514;

/** The legacy login frame: header, then 1836 zero bytes (empty user name and password hash fields). */
export const LEGACY_LOGIN = (() => {
  const header = Buffer.alloc(20);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(MSG_LOGIN, 4);
  header.writeUInt32LE(LEGACY_LOGIN_BODY, 8);
  // channel, stream type and message number stay 0.
  header.writeUInt16LE(LEGACY_LOGIN_CODE, 16);
  header.writeUInt16LE(LEGACY_CLASS, 18);
  return Buffer.concat([header, Buffer.alloc(LEGACY_LOGIN_BODY)]);
})();

/** The header of a Baichuan login answer, or undefined when the bytes are not one. */
export function baichuanHeader(data: Buffer): Buffer | undefined {
  if (data.length < 20 || data.readUInt32LE(0) !== MAGIC || data.readUInt32LE(4) !== MSG_LOGIN)
    return undefined;
  const length = headerLength(data.readUInt16LE(18));
  return data.length >= length ? data.subarray(0, length) : undefined;
}

export const baichuanProbe = oneQuestionProbe({
  name: 'baichuan',
  description: "Reolink's Baichuan port: the answer to the first, credential-free step of its login",
  port: BAICHUAN_PORT,
  service: 'baichuan',
  request: LEGACY_LOGIN,
  requestLabel: 'legacy login, empty user',
  answer: {
    maxBytes: 24,
    complete: (data) =>
      data.length >= 24 || (data.length >= 20 && headerLength(data.readUInt16LE(18)) === 20),
  },
  read: (data) => {
    const header = baichuanHeader(data);
    return header
      ? { values: [['baichuan.answer', header.toString('hex')]] }
      : { error: 'not a Baichuan answer' };
  },
});

export const baichuan = describeProbe(baichuanProbe, {
  phase: 'port',
  services: ['baichuan'],
  fields: { 'baichuan.answer': {} },
  // A rarer port: asked only of hosts that answered something else.
  livePorts: [BAICHUAN_PORT],
});
