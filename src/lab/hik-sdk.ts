/**
 * @module lab/hik-sdk
 * A simulated Hikvision SDK port (TCP 8000, src/probes/hiksdk/index.ts), replaying only the
 * exchange that is recorded: nmap's SMB negotiate packet is answered with the profile's 16-byte
 * error frame (nmap-service-probes, see fingerprints/hiksdk-answer.yaml) and the connection is
 * closed. What a unit does with any other bytes is not recorded, so the lab stays silent then.
 */
import { SMB_NEGOTIATE } from '../probes/hiksdk/index.js';
import { oneShotServer } from './one-shot.js';
import type { DeviceProfile } from './profile.js';

export function hikSdkServer(sdk: NonNullable<DeviceProfile['hikSdk']>) {
  const answer = Buffer.from(sdk.answer, 'hex');
  return oneShotServer((got) => {
    const n = Math.min(got.length, SMB_NEGOTIATE.length);
    if (!got.subarray(0, n).equals(SMB_NEGOTIATE.subarray(0, n))) return 'silent';
    return n === SMB_NEGOTIATE.length ? answer : 'wait';
  });
}
