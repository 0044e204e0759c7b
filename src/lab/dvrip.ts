/**
 * @module lab/dvrip
 * The device side of XiongMai DVRIP for the simulated fleet: a login (msg 1000) checked against
 * the profile's account by its sofia hash, then the profile's `SystemInfo` to a config get
 * (msg 1020) on the logged-in connection. Every login is counted in the device's
 * {@link AuthCounter}, like the HTTP Digest logins, so tests can assert how many were tried.
 */
import { createServer, type Socket } from 'node:net';
import { sofiaHash } from '../probes/dvrip/parse.js';
import type { AuthCounter } from './digest.js';
import { type DvripRequest, dvripReply, dvripRequests } from './dvrip-wire.js';
import type { DeviceProfile } from './profile.js';

/** python-dvr QCODES: login 1000, config get 1020; a reply is the request id + 1. */
const LOGIN = 1000;
const CONFIG_GET = 1020;
/** python-dvr CODES: 100 OK, 203 "Password is incorrect". */
const RET_OK = 100;
const RET_BAD_PASSWORD = 203;
/** `0x00000032`: how the device writes a session id in its JSON. */
const sessionHex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;

export function dvripServer(dvrip: NonNullable<DeviceProfile['dvrip']>, counter: AuthCounter) {
  let nextSession = 0x32;
  return createServer((sock: Socket) => {
    const read = dvripRequests();
    let session: number | undefined;
    const reply = (f: DvripRequest, body: unknown) =>
      sock.write(dvripReply(session ?? 0, f.sequence, f.messageId + 1, body));
    sock.on('data', (chunk) => {
      const frames = read(chunk);
      if (!frames) return sock.destroy();
      for (const f of frames) {
        const req = f.json;
        if (f.messageId === LOGIN) {
          counter.sent++;
          const ok =
            req.UserName === dvrip.account.username && req.PassWord === sofiaHash(dvrip.account.password);
          if (!ok) {
            counter.rejected++;
            reply(f, { Ret: RET_BAD_PASSWORD, SessionID: '0x00000000' });
            continue;
          }
          session = nextSession++;
          // Keys and values of a published login reply (see the profile's sources), with this session.
          reply(f, {
            AliveInterval: 30,
            ChannelNum: 1,
            'DeviceType ': 'IPC',
            ExtraChannel: 0,
            Ret: RET_OK,
            SessionID: sessionHex(session),
          });
        } else if (f.messageId === CONFIG_GET && session !== undefined && req.Name === 'SystemInfo') {
          reply(f, {
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
