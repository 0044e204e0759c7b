/**
 * @module lab/dhip-login
 * A simulated Dahua DHIP service on TCP 5000 (src/probes/dhip/login.ts): a `global.login` first
 * step (empty password) is answered with the login challenge around the profile's recorded realm,
 * in the recorded DHIP framing (./dhip-wire.ts), with the fields and error code of a recorded
 * RPC2_Login challenge (test/fixtures/real-devices/dahua-rpc2-login.yaml). A call carrying a
 * password is a login the device saw: counted, and the connection closed; so is anything not DHIP.
 */
import { createServer, type Socket } from 'node:net';
import { dhipDatagram } from './dhip-wire.js';
import type { AuthCounter } from './digest.js';
import type { DeviceProfile } from './profile.js';

const MAX_REQUEST = 16 * 1024;

export function dhipLoginServer(login: NonNullable<DeviceProfile['dhipLogin']>, counter: AuthCounter) {
  return createServer((sock: Socket) => {
    let buf = Buffer.alloc(0);
    sock.on('error', () => {});
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > MAX_REQUEST) return sock.destroy();
      // Not DHIP (a web client on the same port): closed at once rather than left waiting.
      if (buf.length >= 8 && buf.subarray(4, 8).toString('latin1') !== 'DHIP') return sock.destroy();
      const text = buf.subarray(32).toString('utf8');
      if (!text.includes('}')) return;
      if (!/"global\.login"/.test(text)) return sock.destroy();
      if (/"password"\s*:\s*"[^"]/.test(text)) {
        counter.sent++;
        counter.rejected++;
        return sock.destroy();
      }
      const challenge = {
        error: { code: 268632079, message: 'Component error: login challenge!' },
        id: 1,
        params: { encryption: 'Default', random: '3734299', realm: login.realm },
        result: false,
        session: 1005027323,
      };
      sock.end(dhipDatagram(JSON.stringify(challenge)));
    });
  });
}
