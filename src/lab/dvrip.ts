/**
 * @module lab/dvrip
 * The device side of XiongMai DVRIP for the simulated fleet: a login (msg 1000) checked against
 * the profile's account by its sofia hash, then the profile's `SystemInfo` to a config get
 * (msg 1020) on the logged-in connection. Every login is counted in the device's
 * {@link AuthCounter}, like the HTTP Digest logins, so tests can assert how many were tried.
 */
import { createServer, type Socket } from 'node:net';
import { encodeFrame, type Frame, FrameReader, MSG, sessionHex } from '../probes/dvrip/frame.js';
import { payloadJson, RET_OK, sofiaHash } from '../probes/dvrip/parse.js';
import type { AuthCounter } from './digest.js';
import type { DeviceProfile } from './profile.js';

/** python-dvr CODES 203, "Password is incorrect": what a refused login answers. */
const RET_BAD_PASSWORD = 203;

export function dvripServer(dvrip: NonNullable<DeviceProfile['dvrip']>, counter: AuthCounter) {
  let nextSession = 0x32;
  return createServer((sock: Socket) => {
    const reader = new FrameReader();
    let session: number | undefined;
    const reply = (f: Frame, messageId: number, body: unknown) =>
      sock.write(encodeFrame({ session: session ?? 0, sequence: f.sequence, messageId, body }));
    sock.on('data', (chunk) => {
      let frames: Frame[];
      try {
        frames = reader.push(chunk);
      } catch {
        return sock.destroy();
      }
      for (const f of frames) {
        const req = payloadJson(f.payload);
        if (!req) return sock.destroy();
        if (f.messageId === MSG.login) {
          counter.sent++;
          const ok =
            req.UserName === dvrip.account.username && req.PassWord === sofiaHash(dvrip.account.password);
          if (!ok) {
            counter.rejected++;
            reply(f, MSG.loginReply, { Ret: RET_BAD_PASSWORD, SessionID: '0x00000000' });
            continue;
          }
          session = nextSession++;
          // Keys and values of a published login reply (see the profile's sources), with this session.
          reply(f, MSG.loginReply, {
            AliveInterval: 30,
            ChannelNum: 1,
            'DeviceType ': 'IPC',
            ExtraChannel: 0,
            Ret: RET_OK,
            SessionID: sessionHex(session),
          });
        } else if (f.messageId === MSG.systemInfo && session !== undefined && req.Name === 'SystemInfo') {
          reply(f, MSG.systemInfoReply, {
            Name: 'SystemInfo',
            Ret: RET_OK,
            SessionID: sessionHex(session),
            SystemInfo: dvrip.systemInfo,
          });
        } else return sock.destroy();
      }
    });
  });
}
