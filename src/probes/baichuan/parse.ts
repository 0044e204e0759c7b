/**
 * @module probes/baichuan/parse
 * What the Baichuan login says, as Neolink reads it (thirtythreeforty/neolink
 * crates/core/src/bc/xml.rs and bc_protocol/{login,version}.rs @186d580;
 * QuantumEntangledAndy/neolink crates/core/src/bc/{codex,crypto}.rs for AES):
 * - the answer to the credential-free legacy login is an encryption offer: response code
 *   0xdd00 + the scheme (0x00 none, 0x01 BCEncrypt, 0x02 AES, 0x12 AES for the media too) and a
 *   BCEncrypt'ed `<Encryption><type>md5</type><nonce>…</nonce></Encryption>`;
 * - the modern login sends upper-case hex MD5 of user name + nonce and of password + nonce, cut
 *   to 31 characters (the device compares 31);
 * - after a login with AES, XML bodies other than the login's own are AES-128-CFB with the key
 *   the first 16 characters of upper-case hex MD5(nonce + "-" + password) and IV "0123456789abcdef";
 * - VersionInfo (message 80) names the model (`type`), serial, firmware, hardware version.
 * Everything a device sends is bounded and type-checked.
 */
import { createDecipheriv, createHash } from 'node:crypto';
import { parseXmlStrict, pick, text } from '../shared/xml.js';
import { bcXor, type Frame, MSG_LOGIN } from './frame.js';

export type Scheme = 'none' | 'bc' | 'aes';

export interface Offer {
  scheme: Scheme;
  nonce: string;
}

const SCHEMES: Record<number, Scheme> = { 0: 'none', 1: 'bc', 2: 'aes', 18: 'aes' };
/** Nonces go into hashes: only plain tokens of a sane length (Neolink's samples: 16 hex, 22 chars). */
const NONCE = /^[A-Za-z0-9_-]{4,64}$/;

/** The payload of a frame as XML text, decoded with BCEncrypt unless the scheme is `none`. */
export function loginXml(frame: Frame, scheme: Scheme): string {
  const payload = frame.body.subarray(frame.payloadOffset);
  return (scheme === 'none' ? payload : bcXor(payload, frame.channel)).toString('utf8');
}

/**
 * The encryption offer in the answer to the legacy login; `{ unsupported }` names a scheme byte
 * this probe cannot speak, undefined means no offer at all.
 */
export function parseOffer(frame: Frame): Offer | { unsupported: number } | undefined {
  if (frame.msgId !== MSG_LOGIN || frame.code >> 8 !== 0xdd) return undefined;
  const byte = frame.code & 0xff;
  const scheme = SCHEMES[byte];
  // During the login a device uses BCEncrypt whatever it offers, except "none".
  const nonce = text(pick(parseXmlStrict(loginXml(frame, scheme ?? 'bc')), 'body', 'Encryption', 'nonce'));
  if (!nonce || !NONCE.test(nonce.trim())) return undefined;
  return scheme ? { scheme, nonce: nonce.trim() } : { unsupported: byte };
}

const md5Upper = (s: string) => createHash('md5').update(s, 'utf8').digest('hex').toUpperCase();

/** The modern login's hash of a user name or password with the nonce (31 characters, as the device compares). */
export const loginHash = (secret: string, nonce: string) => md5Upper(secret + nonce).slice(0, 31);

/** AES-128-CFB of the messages after an AES login, keyed on nonce and password. */
export function aesDecrypt(data: Buffer, nonce: string, password: string): Buffer {
  const key = Buffer.from(md5Upper(`${nonce}-${password}`).slice(0, 16), 'utf8');
  const d = createDecipheriv('aes-128-cfb', key, Buffer.from('0123456789abcdef', 'utf8'));
  return Buffer.concat([d.update(data), d.final()]);
}

export interface VersionInfo {
  model?: string;
  firmware?: string;
  serial?: string;
  hardware?: string;
}

const MAX_VALUE = 128;
const value = (v: unknown) => {
  const s = text(v)?.trim();
  return s && s.length <= MAX_VALUE ? s : undefined;
};

/** VersionInfo's identity fields, or undefined when the XML is not a VersionInfo. */
export function parseVersionInfo(xml: string): VersionInfo | undefined {
  const info = pick(parseXmlStrict(xml), 'body', 'VersionInfo');
  if (!info || typeof info !== 'object') return undefined;
  const out: VersionInfo = {};
  const fields: [keyof VersionInfo, string][] = [
    ['model', 'type'],
    ['firmware', 'firmwareVersion'],
    ['serial', 'serialNumber'],
    ['hardware', 'hardwareVersion'],
  ];
  for (const [k, tag] of fields) {
    const v = value(pick(info, tag));
    if (v) out[k] = v;
  }
  return out;
}
