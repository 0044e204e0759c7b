/**
 * @module probes/dvrip
 * XiongMai DVRIP ("Sofia") with credentials on TCP 34567: one login (msg 1000, `EncryptType
 * MD5`, `LoginType DVRIP-Web`, the sofia hash of the password), then one config get of
 * `SystemInfo` (msg 1020) for firmware, serial, board and model, then the connection is closed.
 * Runs only with credentials; a refused login is reported as `auth-failed` and ends every later
 * login on the device.
 */
import type { Socket } from 'node:net';
import { type Evidence, type EvidenceField, makeEvidence } from '../../evidence/types.js';
import { TimeoutError } from '../../util/bounded.js';
import { AuthRefusedError } from '../auth/gate.js';
import { describeProbe } from '../descriptor.js';
import { openSocket } from '../net/exchange.js';
import { deviceApiFields } from '../shared/device-api.js';
import { failed, waitForSlot } from '../status.js';
import type { Credentials, Probe, ProbeContext, ProbeResult, ProbeTarget } from '../types.js';
import { encodeFrame, type Frame, FrameReader, MAX_PAYLOAD, MSG, sessionHex } from './frame.js';
import {
  type LoginReply,
  parseLoginReply,
  parseSystemInfo,
  payloadJson,
  RET_OK,
  retMeaning,
  type SystemInfo,
  sofiaHash,
} from './parse.js';

export const DVRIP_PORT = 34567;
const LOGIN = 'DVRIP login';

/** What the login step hands on: the result to report when no login could be sent, or the reply. */
type Login = { failure: ProbeResult } | { reply: LoginReply; conn: Conversation };

export const dvripProbe: Probe = {
  name: 'dvrip',
  description: 'XiongMai DVRIP (Sofia) SystemInfo on 34567, with credentials',
  transport: 'tcp',
  defaultPorts: [DVRIP_PORT],
  async run(target, ctx): Promise<ProbeResult> {
    const { credentials, auth } = ctx;
    if (!credentials || !auth)
      return { status: 'skipped', evidence: [], message: 'no credentials for this address' };
    let conn: Conversation | undefined;
    try {
      const login = await auth.run<Login>(LOGIN, async () => {
        const slow = await waitForSlot(ctx);
        if (slow) return { verdict: 'not-asked' as const, value: { failure: slow } };
        conn = new Conversation(
          await openSocket(target.ip, target.port, ctx.limits.timeoutMs, ctx.signal),
          ctx,
        );
        const reply = await logIn(conn, credentials);
        ctx.log.debug({ request: LOGIN, user: credentials.username, ret: reply.ret }, 'credentialed request');
        const verdict = reply.ret === RET_OK ? ('accepted' as const) : ('rejected' as const);
        return { verdict, value: { reply, conn } };
      });
      if ('failure' in login) return login.failure;
      const { reply } = login;
      if (reply.ret !== RET_OK)
        return {
          status: 'auth-failed',
          evidence: [],
          message: `${LOGIN}: credentials refused (Ret ${reply.ret}: ${retMeaning(reply.ret)}); no further login is tried on this device`,
        };
      const session = reply.session ?? 0;
      const answer = parseSystemInfo(
        await login.conn.ask(MSG.systemInfo, session, { Name: 'SystemInfo', SessionID: sessionHex(session) }),
      );
      if (!answer) return { status: 'protocol-error', evidence: [], message: 'SystemInfo reply without Ret' };
      if (!answer.info)
        return {
          status: 'protocol-error',
          evidence: [],
          message: `SystemInfo refused after login (Ret ${answer.ret})`,
        };
      return { status: 'ok', evidence: toEvidence(target, answer.info) };
    } catch (err) {
      if (err instanceof AuthRefusedError) return { status: 'skipped', evidence: [], message: err.message };
      return failed(err);
    } finally {
      conn?.close();
    }
  },
};

async function logIn(conn: Conversation, credentials: Credentials): Promise<LoginReply> {
  const reply = parseLoginReply(
    await conn.ask(MSG.login, 0, {
      EncryptType: 'MD5',
      LoginType: 'DVRIP-Web',
      // The only place the password is used: hashed as the device's own clients do.
      PassWord: sofiaHash(credentials.password.reveal()),
      UserName: credentials.username,
    }),
  );
  if (!reply) throw new Error('DVRIP login reply without Ret');
  return reply;
}

const FIELDS: [keyof SystemInfo, EvidenceField][] = [
  ['firmware', 'device.firmware'],
  ['serial', 'device.serial'],
  ['model', 'device.model'],
  ['hardware', 'device.hardware'],
];

function toEvidence(target: ProbeTarget, info: SystemInfo): Evidence[] {
  const base = {
    probe: 'dvrip',
    ip: target.ip,
    port: target.port,
    transport: 'tcp' as const,
    request: 'DVRIP SystemInfo',
    authenticated: true,
  };
  return FIELDS.flatMap(([k, field]) => (info[k] ? [makeEvidence(base, field, info[k])] : []));
}

/**
 * Request/reply over one connection: each `ask` sends a frame and waits, within the per-request
 * timeout and the host budget, for the next frame that holds a JSON object.
 */
class Conversation {
  private readonly reader: FrameReader;
  private sequence = 0;

  constructor(
    private readonly sock: Socket,
    private readonly ctx: Pick<ProbeContext, 'limits' | 'signal'>,
  ) {
    this.reader = new FrameReader(Math.min(MAX_PAYLOAD, ctx.limits.maxBytes));
    sock.on('error', () => {});
  }

  ask(messageId: number, session: number, body: unknown): Promise<Record<string, unknown>> {
    const { sock, reader } = this;
    const { timeoutMs } = this.ctx.limits;
    const signal = this.ctx.signal;
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new TimeoutError(timeoutMs, 'host budget exhausted'));
      const finish = (err: Error | undefined, value?: Record<string, unknown>) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        sock.off('data', onData);
        sock.off('end', onEnd);
        sock.off('error', finish);
        if (err) reject(err);
        else resolve(value as Record<string, unknown>);
      };
      const onData = (chunk: Buffer) => {
        let frames: Frame[];
        try {
          frames = reader.push(chunk);
        } catch (err) {
          return finish(err as Error);
        }
        for (const f of frames) {
          const json = payloadJson(f.payload);
          if (json) return finish(undefined, json);
        }
      };
      const onEnd = () => finish(new Error('DVRIP connection closed before a reply'));
      const onAbort = () => finish(new TimeoutError(timeoutMs, 'host budget exhausted'));
      const timer = setTimeout(() => finish(new TimeoutError(timeoutMs)), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      sock.on('data', onData);
      sock.once('end', onEnd);
      sock.once('error', finish);
      sock.write(encodeFrame({ session, sequence: this.sequence++, messageId, body }));
    });
  }

  close() {
    this.sock.destroy();
  }
}

export const dvrip = describeProbe(dvripProbe, {
  phase: 'credentialed-sdk',
  services: [],
  fields: deviceApiFields('device.model', 'device.firmware', 'device.serial', 'device.hardware'),
});
