/**
 * @module probes/auth/exchange
 * A credentialed GET through the host's {@link AuthGate}, mapped onto the probe contract:
 * either a reply to read, or the result to report (no credentials, login refused now or
 * earlier, network failure).
 */

import type { HttpReply } from '../net/http.js';
import { failed } from '../status.js';
import type { ProbeContext, ProbeResult } from '../types.js';
import { credentialedGet } from './digest.js';
import { AuthRefusedError } from './gate.js';

export type Exchange =
  | { ok: true; reply: HttpReply; authenticated: boolean }
  | { ok: false; result: ProbeResult };

export async function gatedGet(label: string, url: string, ctx: ProbeContext): Promise<Exchange> {
  const { credentials, auth } = ctx;
  if (!credentials || !auth)
    return {
      ok: false,
      result: { status: 'skipped', evidence: [], message: 'no credentials for this address' },
    };
  try {
    const { verdict, reply } = await auth.run(label, async () => {
      const r = await credentialedGet(url, credentials, ctx);
      return { verdict: r.verdict, value: { verdict: r.verdict, reply: r.value } };
    });
    ctx.log.debug(
      { request: label, user: credentials.username, status: reply.status, verdict },
      'credentialed request',
    );
    if (verdict === 'rejected')
      return {
        ok: false,
        result: {
          status: 'auth-failed',
          evidence: [],
          message: `${label}: credentials refused (HTTP ${reply.status}); no further login is tried on this device`,
        },
      };
    return { ok: true, reply, authenticated: verdict === 'accepted' };
  } catch (err) {
    if (err instanceof AuthRefusedError)
      return { ok: false, result: { status: 'skipped', evidence: [], message: err.message } };
    return { ok: false, result: failed(err) };
  }
}

/** `scheme://ip:port` of a probe target. */
export const originOf = (t: { ip: string; port: number; scheme?: 'http' | 'https' }) =>
  `${t.scheme ?? 'http'}://${t.ip}:${t.port}`;
