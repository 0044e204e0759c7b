/**
 * @module probes/rtsp
 * RTSP `OPTIONS` then `DESCRIBE` on 554 and the alternative RTSP ports: status, `Server`, the
 * `WWW-Authenticate` realm (Dahua leaks its serial as `Login to <serial>`) and the session
 * description (SDP), whose session name and attributes name the streaming stack. With
 * credentials, a DESCRIBE the device challenges is answered once on the same connection (a
 * Hikvision media server binds its nonce to the connection), through the host's auth gate.
 */
import type { Socket } from 'node:net';
import { type Evidence, makeEvidence } from '../../evidence/types.js';
import { authorization, type Challenge, parseChallenges, pickChallenge } from '../auth/digest.js';
import { gatedExchange } from '../auth/exchange.js';
import { describeProbe } from '../descriptor.js';
import { askTarget, exchangeOn, openSocket } from '../net/exchange.js';
import { USER_AGENT } from '../net/http.js';
import { authRealm } from '../shared/auth-header.js';
import { failed } from '../status.js';
import type { Probe, ProbeContext, ProbeResult, ProbeTarget } from '../types.js';
import { type ParseResult, parseRtspHead, type RtspHead, replyComplete, sdpOf } from './parse.js';

/** A head and the SDP after it; SDPs of multi-stream recorders run to a few KiB. */
const MAX_REPLY_BYTES = 32 * 1024;

/**
 * RTSP ports asked by default. Besides 554: 8554 (GeoVision GV-VS2400 and OVISS cameras) and
 * 10554 (Hikvision DS-7600 series recorders), both listed in CamioCam/rtsp cameras/paths.csv
 * @0afd84dac22afc604275492bcf9fd58482d77251; those two only of hosts that answered something else.
 */
const RTSP_LIVE_PORTS = [8554, 10554];
const RTSP_PORTS = [554, ...RTSP_LIVE_PORTS];

/**
 * Main-stream paths a logged-in DESCRIBE tries when the root path describes nothing: Hikvision's
 * `/Streaming/Channels/<channel><stream>` and Dahua's `/cam/realmonitor?channel=<n>&subtype=<n>`
 * (the latter on IC Realtime and Lorex recorders), from the same paths.csv.
 */
const STREAM_PATHS = ['/Streaming/Channels/101', '/cam/realmonitor?channel=1&subtype=0'];

const LOGIN = 'RTSP DESCRIBE';

type Reply = ParseResult<RtspHead>;

function request(method: 'OPTIONS' | 'DESCRIBE', cseq: number, url: string, auth?: string) {
  const extra = `${method === 'DESCRIBE' ? 'Accept: application/sdp\r\n' : ''}${auth ? `Authorization: ${auth}\r\n` : ''}`;
  return `${method} ${url} RTSP/1.0\r\nCSeq: ${cseq}\r\nUser-Agent: ${USER_AGENT}\r\n${extra}\r\n`;
}

const urlOf = (target: ProbeTarget, path: string) => `rtsp://${target.ip}:${target.port}${path}`;
const answer = { maxBytes: MAX_REPLY_BYTES, complete: replyComplete };

/** Requests on one connection, kept open for the next; reopened if the server closed it. */
class Connection {
  private sock: Socket | undefined;
  private cseq = 2;

  constructor(
    private readonly target: ProbeTarget,
    private readonly ctx: ProbeContext,
  ) {}

  /** DESCRIBE `path`, with an Authorization header made for its URL when `auth` is given. */
  describe(path: string, auth?: (url: string) => string): Promise<Reply> {
    const url = urlOf(this.target, path);
    return this.ask(request('DESCRIBE', this.cseq++, url, auth?.(url)));
  }

  private async ask(req: string): Promise<Reply> {
    const reused = this.sock !== undefined && !this.sock.destroyed && this.sock.writable;
    let reply = await this.send(req, reused);
    // A server that hung up after its last answer says nothing on the old connection: once more on a new one.
    if (reused && reply.data.length === 0) reply = await this.send(req, false);
    return parseRtspHead(reply.data);
  }

  private async send(req: string, reuse: boolean) {
    const { target, ctx } = this;
    if (!reuse || !this.sock) {
      this.sock?.destroy();
      await ctx.connectSlot();
      this.sock = await openSocket(target.ip, target.port, ctx.limits.timeoutMs, ctx.signal);
    }
    return exchangeOn(this.sock, req, {
      timeoutMs: ctx.limits.timeoutMs,
      maxBytes: Math.min(ctx.limits.maxBytes, MAX_REPLY_BYTES),
      signal: ctx.signal,
      complete: replyComplete,
      keepOpen: true,
    });
  }

  close() {
    this.sock?.destroy();
  }
}

export const rtspProbe: Probe = {
  name: 'rtsp',
  description: 'RTSP OPTIONS/DESCRIBE: Server header, authentication realm and session description',
  transport: 'tcp',
  defaultPorts: RTSP_PORTS,
  async run(target, ctx) {
    const evidence: Evidence[] = [];
    const collect = (head: RtspHead, requested: string, authenticated = false) => {
      const base = { probe: 'rtsp', ip: target.ip, port: target.port, transport: 'tcp' as const };
      const at = { ...base, request: requested, authenticated };
      if (head.headers.server && !evidence.some((e) => e.field === 'rtsp.header.server')) {
        evidence.push(makeEvidence(at, 'rtsp.header.server', head.headers.server));
      }
      const realm = authRealm(head.headers['www-authenticate']);
      if (realm) evidence.push(makeEvidence(at, 'rtsp.auth.realm', realm));
      const sdp = sdpOf(head);
      if (sdp) evidence.push(makeEvidence(at, 'rtsp.sdp', sdp));
    };
    const conn = new Connection(target, ctx);
    try {
      const options = parseRtspHead(
        (await askTarget(target, ctx, request('OPTIONS', 1, urlOf(target, '/')), answer)).data,
      );
      if (!options.ok) return { status: 'protocol-error', evidence, message: options.reason };
      collect(options.value, 'RTSP OPTIONS');
      const describe = await conn.describe('/');
      if (!describe.ok) return { status: 'ok', evidence, service: 'rtsp' };
      collect(describe.value, 'RTSP DESCRIBE');
      if (describe.value.status !== 401) {
        // Root not described (a 404, say): an open stream may still be on the makers' paths.
        const found = await walk((path) => conn.describe(path), describe.value, true);
        if (found.path !== '/') collect(found.head, `RTSP DESCRIBE ${found.path}`);
        return { status: found.head.status === 401 ? 'auth-required' : 'ok', evidence, service: 'rtsp' };
      }
      const challenge = pickChallenge(parseChallenges(describe.value.headers['www-authenticate']));
      if (!ctx.credentials || !ctx.auth || !challenge)
        return { status: 'auth-required', evidence, service: 'rtsp' };
      const logged = await describeLoggedIn(conn, ctx, challenge, evidence);
      if (!logged.ok) return { ...logged.result, service: 'rtsp' };
      collect(logged.value.head, `RTSP DESCRIBE ${logged.value.path} (login)`, true);
      return { status: 'ok', evidence, service: 'rtsp' };
    } catch (err) {
      return { ...failed(err, evidence), ...(evidence.length ? { service: 'rtsp' as const } : {}) };
    } finally {
      conn.close();
    }
  },
};

/**
 * The one login: DESCRIBE the root path with the answer to the device's challenge; once it is
 * taken, the main-stream paths in turn until one is described. A later 401 there (a nonce the
 * server will not take twice) ends the walk without counting as a refusal of the credentials.
 */
async function describeLoggedIn(
  conn: Connection,
  ctx: ProbeContext,
  challenge: Challenge,
  evidence: Evidence[],
): Promise<{ ok: true; value: { head: RtspHead; path: string } } | { ok: false; result: ProbeResult }> {
  const ask = (path: string, creds: NonNullable<ProbeContext['credentials']>) =>
    conn.describe(path, (url) => authorization(challenge, creds, 'DESCRIBE', url));
  const got = await gatedExchange(
    LOGIN,
    ctx,
    async (creds) => {
      const reply = await ask('/', creds);
      if (!reply.ok) throw new Error(`${LOGIN} with credentials: ${reply.reason}`);
      const { status } = reply.value;
      const verdict = status === 401 || status === 403 ? ('rejected' as const) : ('accepted' as const);
      return {
        verdict,
        value: { head: reply.value, creds },
        log: { status, verdict },
        refusal: `RTSP ${status}`,
      };
    },
    evidence,
  );
  if (!got.ok) return got;
  const { creds } = got.value;
  return { ok: true, value: await walk((path) => ask(path, creds), got.value.head, false) };
}

/**
 * After the root path (`head`) described nothing: the main-stream paths in turn until one is
 * described. A 401 ends the walk; its answer is the one kept only when `challenge` (without a
 * login it carries a realm; after one, it says nothing about the device).
 */
async function walk(
  describe: (path: string) => Promise<Reply>,
  head: RtspHead,
  challenge: boolean,
): Promise<{ head: RtspHead; path: string }> {
  let last = { head, path: '/' };
  for (const path of STREAM_PATHS) {
    if (sdpOf(last.head)) break;
    const reply = await describe(path);
    if (!reply.ok) break;
    if (reply.value.status === 401) {
      if (challenge) last = { head: reply.value, path };
      break;
    }
    last = { head: reply.value, path };
  }
  return last;
}

export const rtsp = describeProbe(rtspProbe, {
  phase: 'port',
  services: ['rtsp'],
  livePorts: RTSP_LIVE_PORTS,
  fields: {
    // A realm is read before anything else a device names itself in (see HTTP_FIELDS).
    'rtsp.header.server': { text: true, video: true, selfNaming: 4 },
    'rtsp.auth.realm': { text: true, video: true, selfNaming: 1 },
    'rtsp.sdp': { text: true, video: true },
  },
});
