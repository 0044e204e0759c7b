/**
 * @module lab/hik-sdk
 * A simulated Hikvision SDK port (TCP 8000, src/probes/hiksdk/index.ts): whatever frame arrives is
 * answered with the profile's recorded 16-byte error frame (nmap-service-probes records two, see
 * fingerprints/hiksdk-answer.yaml) and the connection is closed.
 */
import { createServer, type Socket } from 'node:net';
import type { DeviceProfile } from './profile.js';

export function hikSdkServer(sdk: NonNullable<DeviceProfile['hikSdk']>) {
  const answer = Buffer.from(sdk.answer, 'hex');
  return createServer((sock: Socket) => {
    sock.on('error', () => {});
    sock.once('data', () => sock.end(answer));
  });
}
