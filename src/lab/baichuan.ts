/**
 * @module lab/baichuan
 * A simulated Reolink Baichuan port (TCP 9000, src/probes/baichuan/index.ts): a legacy login
 * frame (magic 0x0abcdef0, message id 1, class 0x6514), once its declared body has arrived, is
 * answered with the profile's recorded frame (hex) and the connection is closed. What a unit does
 * with any other bytes is not recorded, so the lab stays silent then.
 */
import { oneShotServer } from './one-shot.js';
import type { DeviceProfile } from './profile.js';

/** A legacy login body is 1836 bytes; more than this is not one. */
const MAX_BODY = 4096;

export function baichuanServer(bc: NonNullable<DeviceProfile['baichuan']>) {
  const answer = Buffer.from(bc.answer, 'hex');
  return oneShotServer((got) => {
    if (got.length < 20) return 'wait';
    const legacyLogin =
      got.readUInt32LE(0) === 0x0abcdef0 && got.readUInt32LE(4) === 1 && got.readUInt16LE(18) === 0x6514;
    const body = got.readUInt32LE(8);
    if (!legacyLogin || body > MAX_BODY) return 'silent';
    return got.length >= 20 + body ? answer : 'wait';
  });
}
