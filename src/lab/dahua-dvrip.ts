/**
 * @module lab/dahua-dvrip
 * A simulated Dahua private-protocol service on TCP 37777 (src/probes/dhip/dvrip-realm.ts). A realm
 * request (an `a0` header with no payload) is answered the way a recorded Dahua unit answered one:
 * its 32-byte `b0` header and its `Realm:`/`Random:` payload lines (the Netzob inference output of
 * a captured login, r4bit999/dvrip-analysis dvripNetzobInferring-output-example.txt
 * @7218908, "client <> server login 4 way Handshake"), with the profile's realm in the payload and
 * that payload's length written at bytes 4-7 as the recorded header has it. Anything else closes
 * the connection: a login carrying a hash is counted as one the device saw.
 */
import { createServer, type Socket } from 'node:net';
import type { AuthCounter } from './digest.js';
import type { DeviceProfile } from './profile.js';

const RECORDED_HEADER = Buffer.from(
  'b0000078' + '45000000' + '010e0100' + '00000000' + '00000000' + '01000000' + '0600f900' + '00000002',
  'hex',
);
const RECORDED_RANDOM = '668077460';
const HEADER_BYTES = 32;

/** The recorded answer to a realm request, around `realm`. */
export function dvripRealmAnswer(realm: string): Buffer {
  const payload = Buffer.from(`Realm:${realm}\r\nRandom:${RECORDED_RANDOM}\r\n\r\n`, 'latin1');
  const header = Buffer.from(RECORDED_HEADER);
  header.writeUInt32LE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

export function dvripRealmServer(dvrip: NonNullable<DeviceProfile['dvripRealm']>, counter: AuthCounter) {
  return createServer((sock: Socket) => {
    let buf = Buffer.alloc(0);
    sock.on('error', () => {});
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf[0] !== 0xa0) return sock.destroy();
      if (buf.length < HEADER_BYTES) return;
      if (buf.readUInt32LE(4) > 0) {
        counter.sent++;
        counter.rejected++;
        return sock.destroy();
      }
      sock.end(dvripRealmAnswer(dvrip.realm));
    });
  });
}
