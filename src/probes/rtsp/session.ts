/**
 * @module probes/rtsp/session
 * What both RTSP probes share: the ports, requests on one kept connection (bounded head and
 * body), the walk over the makers' main-stream paths, and the evidence an answer gives.
 */
import type { Socket } from 'node:net';
import { type Evidence, makeEvidence } from '../../evidence/types.js';
import { TimeoutError } from '../../util/bounded.js';
import { exchangeOn, openSocket } from '../net/exchange.js';
import { USER_AGENT } from '../net/http.js';
import { authRealm } from '../shared/auth-header.js';
import type { ProbeContext, ProbeTarget } from '../types.js';
import { type ParseResult, parseRtspHead, type RtspHead, replyComplete, sdpOf } from './parse.js';

/** A head and the SDP after it; SDPs of multi-stream recorders run to a few KiB. */
const MAX_REPLY_BYTES = 32 * 1024;

/**
 * RTSP ports asked by default. Besides 554: 8554 (GeoVision GV-VS2400 and OVISS cameras) and
 * 10554 (Hikvision DS-7600 series recorders), both listed in CamioCam/rtsp cameras/paths.csv
 * @0afd84dac22afc604275492bcf9fd58482d77251, and 88 (Foscam HD cameras serve RTSP on their web
 * port: rtsp://<camera>:88/videoSub in alexeyvasilyev/rtsp-client-android's recorded session);
 * those three only of hosts that answered something else.
 */
export const RTSP_LIVE_PORTS = [88, 8554, 10554];
export const RTSP_PORTS = [554, ...RTSP_LIVE_PORTS];

/**
 * Main-stream paths asked when the root path describes nothing: Hikvision's
 * `/Streaming/Channels/<channel><stream>` and Dahua's `/cam/realmonitor?channel=<n>&subtype=<n>`
 * (the latter on IC Realtime and Lorex recorders), from the same paths.csv, then Foscam's
 * `/videoMain` (its main stream; the recorded session named above asked for `/videoSub`).
 */
const STREAM_PATHS = ['/Streaming/Channels/101', '/cam/realmonitor?channel=1&subtype=0', '/videoMain'];

type Reply = ParseResult<RtspHead>;

function request(method: 'OPTIONS' | 'DESCRIBE', cseq: number, url: string, auth?: string) {
  const extra = `${method === 'DESCRIBE' ? 'Accept: application/sdp\r\n' : ''}${auth ? `Authorization: ${auth}\r\n` : ''}`;
  return `${method} ${url} RTSP/1.0\r\nCSeq: ${cseq}\r\nUser-Agent: ${USER_AGENT}\r\n${extra}\r\n`;
}

const urlOf = (target: ProbeTarget, path: string) => `rtsp://${target.ip}:${target.port}${path}`;

/** Requests on one connection, kept open for the next; reopened if the server closed it. */
export class Connection {
  private sock: Socket | undefined;
  private cseq = 1;

  constructor(
    private readonly target: ProbeTarget,
    private readonly ctx: ProbeContext,
  ) {}

  options(): Promise<Reply> {
    return this.ask(request('OPTIONS', this.cseq++, urlOf(this.target, '/')));
  }

  /** DESCRIBE `path`, with an Authorization header made for its URL when `auth` is given. */
  describe(path: string, auth?: (url: string) => string): Promise<Reply> {
    const url = urlOf(this.target, path);
    return this.ask(request('DESCRIBE', this.cseq++, url, auth?.(url)));
  }

  private async ask(req: string): Promise<Reply> {
    const reused = this.sock !== undefined && !this.sock.destroyed && this.sock.writable;
    // A server that hung up after its last answer says nothing (or resets) on the old
    // connection: the request goes once more on a new one.
    const again = () => this.send(req, false);
    const reply = reused
      ? await this.send(req, true).then(
          (r) => (r.data.length === 0 ? again() : r),
          (err) => {
            if (err instanceof TimeoutError) throw err;
            return again();
          },
        )
      : await this.send(req, false);
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

/**
 * After a path (`from`, the root at first) described nothing: the main-stream paths after it in
 * turn until one is described. A 401 ends the walk; its answer is the one kept only when
 * `challenge` (without a login it carries a realm; after one, it says nothing about the device).
 */
export async function walk(
  describe: (path: string) => Promise<Reply>,
  from: { head: RtspHead; path: string },
  challenge: boolean,
): Promise<{ head: RtspHead; path: string }> {
  let last = from;
  for (const path of STREAM_PATHS.slice(STREAM_PATHS.indexOf(from.path) + 1)) {
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

/** The `Server` header (unless `evidence` has one), the realm and the description of an answer. */
export function answerEvidence(
  probe: string,
  target: ProbeTarget,
  head: RtspHead,
  requested: string,
  evidence: readonly Evidence[],
  authenticated = false,
): Evidence[] {
  const at = {
    probe,
    ip: target.ip,
    port: target.port,
    transport: 'tcp' as const,
    request: requested,
    authenticated,
  };
  const out: Evidence[] = [];
  if (head.headers.server && !evidence.some((e) => e.field === 'rtsp.header.server'))
    out.push(makeEvidence(at, 'rtsp.header.server', head.headers.server));
  const realm = authRealm(head.headers['www-authenticate']);
  if (realm) out.push(makeEvidence(at, 'rtsp.auth.realm', realm));
  const sdp = sdpOf(head);
  if (sdp) out.push(makeEvidence(at, 'rtsp.sdp', sdp));
  return out;
}
