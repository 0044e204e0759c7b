/**
 * @module probes/http/favicon
 * Favicon hashes as the public fingerprint sets publish them: MD5 of the bytes (recog) and
 * Shodan's mmh3, MurmurHash3 x86_32 of the base64 text wrapped at 76 columns (nuclei).
 */
import { createHash } from 'node:crypto';

export function faviconMd5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

export function faviconMmh3(bytes: Buffer): string {
  const b64 = bytes.toString('base64');
  const wrapped = `${b64.replace(/.{76}/g, '$&\n')}${b64.length % 76 === 0 && b64.length > 0 ? '' : '\n'}`;
  return String(murmur3x86_32(Buffer.from(wrapped, 'utf8')) | 0);
}

/** MurmurHash3 x86 32-bit, seed 0, returned as an unsigned 32-bit integer. */
export function murmur3x86_32(data: Buffer, seed = 0): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = data.length >> 2;
  for (let i = 0; i < blocks; i++) {
    let k = data.readUInt32LE(i * 4);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  const rem = data.length & 3;
  if (rem > 0) {
    const tail = blocks * 4;
    let k = 0;
    if (rem === 3) k ^= (data[tail + 2] ?? 0) << 16;
    if (rem >= 2) k ^= (data[tail + 1] ?? 0) << 8;
    k ^= data[tail] ?? 0;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= data.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
