/**
 * @module probes/tapo/session
 * The client side of the Tapo secure login ("encrypt_type 3") and its securePassthrough channel,
 * as pytapo (pytapo/transport/pytapo/pytapo.py) implements it:
 * - the password is hashed as upper-case hex SHA-256 or, on older firmware, MD5; which one the
 *   device holds shows in `device_confirm` = SHA256(cnonce + hash + nonce) + nonce + cnonce, so
 *   a device that does not know the password (or is not a Tapo) is never sent a digest of it;
 * - `digest_passwd` = SHA256(hash + cnonce + nonce) + cnonce + nonce;
 * - requests are AES-128-CBC (PKCS#7) with key `lsk` and IV `ivb`, each the first 16 bytes of
 *   SHA256(<name> + cnonce + nonce + SHA256(cnonce + hash + nonce)), sent base64 in a
 *   securePassthrough request whose `Tapo_tag` header is SHA256(SHA256(hash + cnonce) + body + seq).
 * All hex digests are upper case, as the devices compare them.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const hexUp = (b: Buffer) => b.toString('hex').toUpperCase();
export const sha256Hex = (s: string) => hexUp(sha256(s));
export const md5Hex = (s: string) => hexUp(createHash('md5').update(s, 'utf8').digest());

/** A fresh client nonce: 8 random bytes as upper-case hex. */
export const clientNonce = () => hexUp(randomBytes(8));

/** The password hash the device's `device_confirm` proves it holds (SHA-256 first), or undefined. */
export function confirmedHash(password: string, cnonce: string, nonce: string, deviceConfirm: string) {
  return [sha256Hex(password), md5Hex(password)].find(
    (hash) => `${sha256Hex(cnonce + hash + nonce)}${nonce}${cnonce}` === deviceConfirm,
  );
}

export const digestPassword = (hash: string, cnonce: string, nonce: string) =>
  `${sha256Hex(hash + cnonce + nonce)}${cnonce}${nonce}`;

/** The securePassthrough channel of one login. */
export class Passthrough {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly tagSeed: string;

  constructor(
    hash: string,
    cnonce: string,
    nonce: string,
    private seq: number,
  ) {
    const hashedKey = sha256Hex(cnonce + hash + nonce);
    this.key = sha256(`lsk${cnonce}${nonce}${hashedKey}`).subarray(0, 16);
    this.iv = sha256(`ivb${cnonce}${nonce}${hashedKey}`).subarray(0, 16);
    this.tagSeed = sha256Hex(hash + cnonce);
  }

  /** The request body and its headers for one call. */
  wrap(request: unknown): { body: string; headers: Record<string, string> } {
    const cipher = createCipheriv('aes-128-cbc', this.key, this.iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(request), 'utf8'), cipher.final()]);
    const body = JSON.stringify({
      method: 'securePassthrough',
      params: { request: sealed.toString('base64') },
    });
    const seq = String(this.seq++);
    return { body, headers: { Seq: seq, Tapo_tag: sha256Hex(this.tagSeed + body + seq) } };
  }

  /** The plain text of an encrypted answer; throws on a wrong key or padding. */
  unwrap(base64: string): string {
    const decipher = createDecipheriv('aes-128-cbc', this.key, this.iv);
    return Buffer.concat([decipher.update(Buffer.from(base64, 'base64')), decipher.final()]).toString('utf8');
  }
}
