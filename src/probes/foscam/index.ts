/**
 * @module probes/foscam
 * Foscam's CGI with credentials: `GET /cgi-bin/CGIProxy.fcgi?cmd=getDevInfo`. Foscam units take
 * the user name and password only as `usr` and `pwd` in the request string ("Our device can only
 * support authentication by pass user name or password attached at CGI request string", Foscam
 * IPCamera CGI User Guide), so they are sent only to a server that has shown it runs that CGI:
 * 1. The request without `usr`/`pwd`. Only an answer in the CGI's own format (`<CGI_Result>` with
 *    a `<result>` code) goes on; anything else ends the probe with no credentials sent. That
 *    answer is recorded as `http.body`: its format names the stack.
 * 2. Result 0 (the unit lets anyone read it): read as it is. Any other code: the same request
 *    with `usr` and `pwd`, one attempt through the host's auth gate; result -2 (user name or
 *    password error) or -3 (access denied) is a refusal.
 * The request recorded in evidence and logs never carries `usr` or `pwd`; error messages of the
 * HTTP client name no URL.
 */
import { type Evidence, makeEvidence } from '../../evidence/types.js';
import { type Attempt, beforeLogin, gatedExchange } from '../auth/exchange.js';
import { type HttpReply, probeRequest } from '../net/http.js';
import { apiEvidenceBase, describeWebApi, identityEvidence, webApiProbe } from '../shared/device-api.js';
import type { ProbeContext, ProbeResult, ProbeTarget } from '../types.js';
import { type CgiResult, devInfo, parseCgiResult } from './parse.js';

export const DEV_INFO = '/cgi-bin/CGIProxy.fcgi?cmd=getDevInfo';
/** User name or password error; access denied (the guide's result codes). */
const REFUSED = new Set([-2, -3]);

export const foscamProbe = webApiProbe({
  name: 'foscam',
  description: 'Foscam CGIProxy.fcgi getDevInfo (model, firmware, hardware), with credentials',
  async run(target, ctx) {
    const first = await beforeLogin(target, ctx, (o) => get(ctx, `${o}${DEV_INFO}`));
    if (!first.ok) return first.result;
    const open = cgi(first.reply);
    if (!open)
      return {
        status: 'skipped',
        evidence: [],
        message: `no Foscam CGI_Result (HTTP ${first.reply.status})`,
      };
    const evidence: Evidence[] = [makeEvidence(base(target, false), 'http.body', text(first.reply))];
    if (open.result === 0) return identified(target, evidence, open, false);

    const got = await gatedExchange(
      'Foscam getDevInfo',
      ctx,
      async (credentials): Promise<Attempt<CgiResult | undefined>> => {
        // Percent-encoded as the guide's URL rule asks (a space as %20, never `+`).
        const usr = encodeURIComponent(credentials.username);
        const pwd = encodeURIComponent(credentials.password.reveal());
        const reply = await get(ctx, `${first.origin}${DEV_INFO}&usr=${usr}&pwd=${pwd}`);
        const r = cgi(reply);
        const refused = r !== undefined && REFUSED.has(r.result);
        const verdict = refused ? 'rejected' : 'accepted';
        return {
          verdict,
          value: r,
          log: { status: reply.status, result: r?.result, verdict },
          refusal: `result ${r?.result}`,
        };
      },
      evidence,
    );
    if (!got.ok) return got.result;
    if (!got.value)
      return { status: 'protocol-error', evidence, message: 'Foscam getDevInfo: no CGI_Result after login' };
    return identified(target, evidence, got.value, true);
  },
});

function identified(
  target: ProbeTarget,
  evidence: Evidence[],
  r: CgiResult,
  authenticated: boolean,
): ProbeResult {
  const info = devInfo(r);
  if (!info)
    return { status: 'skipped', evidence, message: `Foscam getDevInfo: result ${r.result}, no identity` };
  return {
    status: 'ok',
    evidence: [...evidence, ...identityEvidence(base(target, authenticated), info)],
    service: target.scheme ?? 'http',
  };
}

const get = (ctx: ProbeContext, url: string): Promise<HttpReply> => probeRequest(ctx, { url });
const text = (r: HttpReply) => r.body.toString('utf8');
const cgi = (r: HttpReply) => (r.status === 200 && !r.truncated ? parseCgiResult(text(r)) : undefined);
const base = (target: ProbeTarget, authenticated: boolean) =>
  apiEvidenceBase('foscam', target, `GET ${DEV_INFO}`, authenticated);

export const foscam = describeWebApi(foscamProbe, ['device.model', 'device.firmware', 'device.hardware']);
