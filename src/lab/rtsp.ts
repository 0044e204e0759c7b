/**
 * @module lab/rtsp
 * The device side of RTSP for the simulated fleet: OPTIONS and DESCRIBE answered from the
 * profile (a recorded session description sent as recorded), and on a device whose streams are
 * behind a login, RTSP Digest on DESCRIBE, counted like every other lab login.
 */
import { createServer } from 'node:net';
import { type AuthCounter, DigestRealm } from './digest.js';
import type { DeviceProfile, LabAccount, RtspReply } from './profile.js';

const MAX_REQUEST_BYTES = 16 * 1024;

function write(reply: RtspReply, cseq: string, extra: Record<string, string> = {}): string {
  if (reply.head !== undefined) return `${reply.head.split('\n').join('\r\n')}\r\n\r\n`;
  const body =
    reply.sdp === undefined ? '' : `${reply.sdp.replace(/\r?\n/g, '\r\n').replace(/(?:\r\n)?$/, '\r\n')}`;
  const headers = {
    ...reply.headers,
    ...extra,
    ...(body ? { 'Content-Type': 'application/sdp', 'Content-Length': String(Buffer.byteLength(body)) } : {}),
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return `RTSP/1.0 ${reply.status} ${reply.reason ?? ''}\r\nCSeq: ${cseq}\r\n${head}\r\n${body}`;
}

/**
 * `account` is the device's one account (its web login): a device whose DESCRIBE is challenged
 * takes it on RTSP too, and without a recorded description answers a login with 404.
 */
export function rtspServer(
  rtsp: NonNullable<DeviceProfile['rtsp']>,
  counter: AuthCounter,
  account?: LabAccount,
) {
  const { 'WWW-Authenticate': recorded, ...plain } = rtsp.describe.headers ?? {};
  const login =
    rtsp.login ??
    (account && rtsp.describe.status === 401
      ? {
          account: { ...account, realm: /realm="([^"]*)"/.exec(recorded ?? '')?.[1] ?? account.realm },
          described: { status: 404, reason: 'Not Found', headers: plain },
        }
      : undefined);
  if (!login) return rtspAnswers(rtsp, (_url, _authorization, cseq) => write(rtsp.describe, cseq));
  // A recorded Basic challenge is kept as recorded, and takes the account in Basic.
  const basic = /^Basic\s/i.test(recorded ?? '')
    ? `Basic ${Buffer.from(`${login.account.username}:${login.account.password}`).toString('base64')}`
    : undefined;
  const digest = new DigestRealm(login.account, counter);
  const loggedIn = (url: string, cseq: string) => {
    const { described } = login;
    const path = /^rtsp:\/\/[^/]*(\/.*)?$/.exec(url)?.[1] ?? '/';
    if (login.path !== undefined && path !== login.path)
      return write(
        { status: 404, reason: 'Not Found', ...(described.headers ? { headers: described.headers } : {}) },
        cseq,
      );
    return write(described, cseq);
  };
  const describe = (url: string, authorization: string | undefined, cseq: string) => {
    if (basic) {
      if (!authorization) return write(rtsp.describe, cseq);
      counter.sent++;
      if (authorization === basic) return loggedIn(url, cseq);
      counter.rejected++;
      return write(rtsp.describe, cseq);
    }
    const check = digest.check('DESCRIBE', url, authorization);
    if (!check.ok)
      return write({ ...rtsp.describe, status: 401, reason: 'Unauthorized' }, cseq, {
        'WWW-Authenticate': check.challenge,
      });
    return loggedIn(url, cseq);
  };
  return rtspAnswers(rtsp, describe);
}

/** The server: OPTIONS answered from the profile, each DESCRIBE by `describe`. */
function rtspAnswers(
  rtsp: NonNullable<DeviceProfile['rtsp']>,
  describe: (url: string, authorization: string | undefined, cseq: string) => string,
) {
  return createServer((sock) => {
    sock.on('error', () => {});
    let buf = '';
    sock.on('data', (chunk) => {
      buf += chunk.toString('latin1');
      if (buf.length > MAX_REQUEST_BYTES) return sock.destroy();
      let end = buf.indexOf('\r\n\r\n');
      while (end >= 0) {
        const req = buf.slice(0, end);
        buf = buf.slice(end + 4);
        const [method, url = ''] = req.split(/\r\n/)[0]?.split(' ') ?? [];
        const cseq = /^CSeq:\s*(\d+)/im.exec(req)?.[1] ?? '0';
        const authorization = /^Authorization:\s*(.+)$/im.exec(req)?.[1];
        sock.write(method === 'DESCRIBE' ? describe(url, authorization, cseq) : write(rtsp.options, cseq));
        end = buf.indexOf('\r\n\r\n');
      }
    });
  });
}
