/**
 * @module probes/auth/exchange
 * Credentialed exchanges through the host's {@link AuthGate}, mapped onto the probe contract:
 * either a value to read, or the result to report (no credentials, login refused now or
 * earlier, network failure). {@link gatedExchange} runs any one login (a Digest GET, a JSON
 * Login POST); {@link gatedGet} is the common case, a GET that answers a challenge.
 */

import type { Evidence } from '../../evidence/types.js';
import type { HttpReply } from '../net/http.js';
import { failed } from '../status.js';
import type { Credentials, ProbeContext, ProbeResult, ProbeTarget } from '../types.js';
import { credentialedGet } from './digest.js';
import { AuthRefusedError, type AuthVerdict } from './gate.js';

export type Exchange =
  | { ok: true; reply: HttpReply; authenticated: boolean }
  | { ok: false; result: ProbeResult };

/** What one login attempt learnt: the gate's verdict, the value to hand on, what to log. */
export interface Attempt<T> {
  verdict: AuthVerdict;
  value: T;
  /** What the debug log records of the answer (never the credentials nor a token). */
  log: Record<string, unknown>;
  /** Why a refusal is one, for the `auth-failed` message (`HTTP 401`, `rspCode -7`). */
  refusal?: string;
}

export type Gated<T> = { ok: true; value: T; verdict: AuthVerdict } | { ok: false; result: ProbeResult };

/**
 * The `skipped` result of a credentialed probe on an address without credentials (or without
 * the host's auth gate), or undefined when it may go on. Checked before anything is sent.
 */
export function withoutCredentials(ctx: Pick<ProbeContext, 'credentials' | 'auth'>): ProbeResult | undefined {
  return ctx.credentials && ctx.auth ? undefined : noCredentials();
}

/** What a credentialed probe reports on an address without credentials: nothing was sent. */
export const noCredentials = (): ProbeResult => ({
  status: 'skipped',
  evidence: [],
  message: 'no credentials for this address',
});

/**
 * The first request of a probe that sends credentials only to a server that has shown it speaks
 * the probe's API: `skipped` without credentials (nothing is sent), else that request, made
 * without credentials, and the origin for the requests after it; or the failure to report.
 */
export async function beforeLogin(
  target: ProbeTarget,
  ctx: ProbeContext,
  request: (origin: string) => Promise<HttpReply>,
): Promise<{ ok: true; origin: string; reply: HttpReply } | { ok: false; result: ProbeResult }> {
  const skip = withoutCredentials(ctx);
  if (skip) return { ok: false, result: skip };
  const origin = originOf(target);
  try {
    return { ok: true, origin, reply: await request(origin) };
  } catch (err) {
    return { ok: false, result: failed(err) };
  }
}

/**
 * Runs one login attempt through the host's auth gate and logs it. A refusal (now, or by an
 * earlier login on the device) and a failure become the result to report, keeping `evidence`
 * (what the probe saw before the login).
 */
export async function gatedExchange<T>(
  label: string,
  ctx: ProbeContext,
  attempt: (credentials: Credentials) => Promise<Attempt<T>>,
  evidence: Evidence[] = [],
): Promise<Gated<T>> {
  const { credentials, auth } = ctx;
  if (!credentials || !auth) return { ok: false, result: noCredentials() };
  try {
    const done = await auth.run(label, async () => {
      const a = await attempt(credentials);
      return { verdict: a.verdict, value: a };
    });
    ctx.log.debug({ request: label, user: credentials.username, ...done.log }, 'credentialed request');
    if (done.verdict === 'rejected')
      return {
        ok: false,
        result: {
          status: 'auth-failed',
          evidence,
          message: `${label}: credentials refused${done.refusal ? ` (${done.refusal})` : ''}; no further login is tried on this device`,
        },
      };
    return { ok: true, value: done.value, verdict: done.verdict };
  } catch (err) {
    if (err instanceof AuthRefusedError)
      return { ok: false, result: { status: 'skipped', evidence, message: err.message } };
    return { ok: false, result: failed(err, evidence) };
  }
}

/** An HTTP login attempt: a 401 or 403 to the request with credentials is a refusal. */
export function replyAttempt(reply: HttpReply, verdict?: AuthVerdict): Attempt<HttpReply> {
  const v = verdict ?? (reply.status === 401 || reply.status === 403 ? 'rejected' : 'accepted');
  return {
    verdict: v,
    value: reply,
    log: { status: reply.status, verdict: v },
    refusal: `HTTP ${reply.status}`,
  };
}

/** A GET that answers the server's Digest (or Basic) challenge, through the host's auth gate. */
export async function gatedGet(label: string, url: string, ctx: ProbeContext): Promise<Exchange> {
  const got = await gatedExchange(label, ctx, async (credentials) => {
    const r = await credentialedGet(url, credentials, ctx);
    return replyAttempt(r.value, r.verdict);
  });
  return got.ok ? { ok: true, reply: got.value, authenticated: got.verdict === 'accepted' } : got;
}

/** `scheme://ip:port` of a probe target. */
export const originOf = (t: { ip: string; port: number; scheme?: 'http' | 'https' }) =>
  `${t.scheme ?? 'http'}://${t.ip}:${t.port}`;
