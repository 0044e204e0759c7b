/**
 * @module lab/hik-sdk
 * A simulated Hikvision SDK port (TCP 8000, src/probes/hiksdk/index.ts), replaying only the
 * exchange that is recorded: nmap's SMB negotiate packet is answered with the profile's 16-byte
 * error frame (nmap-service-probes, see fingerprints/hiksdk-answer.yaml) and the connection is
 * closed. What a unit does with any other bytes is not recorded, so the lab stays silent then.
 */
import { createServer, type Socket } from 'node:net';
import { SMB_NEGOTIATE } from '../probes/hiksdk/index.js';
import type { DeviceProfile } from './profile.js';

export function hikSdkServer(sdk: NonNullable<DeviceProfile['hikSdk']>) {
  const answer = Buffer.from(sdk.answer, 'hex');
  return createServer((sock: Socket) => {
    let got = Buffer.alloc(0);
    let done = false;
    sock.on('error', () => {});
    sock.on('data', (chunk: Buffer) => {
      if (done) return;
      got = Buffer.concat([got, chunk]);
      const n = Math.min(got.length, SMB_NEGOTIATE.length);
      // Not the recorded request: from here on the unit's behaviour is unknown, so silence.
      if (!got.subarray(0, n).equals(SMB_NEGOTIATE.subarray(0, n))) done = true;
      else if (n === SMB_NEGOTIATE.length) {
        done = true;
        sock.end(answer);
      }
    });
  });
}
