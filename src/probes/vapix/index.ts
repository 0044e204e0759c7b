/**
 * @module probes/vapix
 * Axis VAPIX with credentials: `GET /axis-cgi/param.cgi?action=list&group=root.Brand` (maker,
 * product number) and `...group=root.Properties` (firmware, serial, hardware id), the two
 * parameter groups the Axis library of Home Assistant reads first (Kane610/axis; the debug
 * log in home-assistant/core#46815 shows the Brand list answering `401` without credentials and
 * `200` after a Digest login).
 *
 * Credentials are sent only to a server that has shown it runs Axis's stack:
 * 1. The Brand list without credentials. A `200` in param.cgi's own format is read as it is
 *    (a unit that lets anonymous users list parameters needs no login).
 * 2. A `401` is answered only when its realm is Axis's (`AXIS_<MAC>`), or when param.cgi alone
 *    asks for a login: a random path on the same server does not answer `401` (the control
 *    request of the `http.endpoint` hint). A server that asks everything for a login, or has no
 *    param.cgi, gets no credentials.
 * 3. The same request with the answer to the challenge (Digest preferred, one attempt through
 *    the host's auth gate), then the Properties list over the accepted login.
 * The Brand answer is recorded as an authenticated `http.body`: its format (`root.Brand.Brand=`)
 * names the stack even when the product is new. The password is only in the Authorization
 * header's hash (or a Basic header when a device offers nothing else); never logged or reported.
 */
import { type Evidence, makeEvidence } from '../../evidence/types.js';
import { authorization, parseChallenges, pickChallenge } from '../auth/digest.js';
import { beforeLogin, gatedExchange, gatedGet, replyAttempt } from '../auth/exchange.js';
import { controlPath } from '../http/endpoints.js';
import { type HttpReply, probeRequest } from '../net/http.js';
import { apiEvidenceBase, describeWebApi, identityEvidence, webApiProbe } from '../shared/device-api.js';
import type { ProbeContext, ProbeResult, ProbeTarget } from '../types.js';
import { parseBrand, parseProperties } from './parse.js';

export const PARAM_PATH = '/axis-cgi/param.cgi';
export const BRAND_LIST = `${PARAM_PATH}?action=list&group=root.Brand`;
export const PROPERTIES_LIST = `${PARAM_PATH}?action=list&group=root.Properties`;
/** Axis's realm: `AXIS_<MAC>` or `AXIS_WS_<MAC>` (fingerprints/http-auth-realm.yaml). */
const AXIS_REALM = /^AXIS_/i;

export const vapixProbe = webApiProbe({
  name: 'vapix',
  description: 'Axis VAPIX param.cgi Brand and Properties lists, with credentials (Digest)',
  async run(target, ctx) {
    const first = await beforeLogin(target, ctx, (o) => get(ctx, `${o}${BRAND_LIST}`));
    if (!first.ok) return first.result;
    const { origin, reply: open } = first;

    // Anonymous parameter access: read without a login.
    if (open.status === 200) {
      const body = text(open);
      const brand = open.truncated ? undefined : parseBrand(body);
      if (!brand) return { status: 'skipped', evidence: [], message: 'no VAPIX Brand list (HTTP 200)' };
      const b = base(target, BRAND_LIST, false);
      const evidence = [makeEvidence(b, 'http.body', body), ...identityEvidence(b, brand)];
      try {
        const props = await get(ctx, `${origin}${PROPERTIES_LIST}`);
        const info = props.status === 200 && !props.truncated ? parseProperties(text(props)) : undefined;
        if (info) evidence.push(...identityEvidence(base(target, PROPERTIES_LIST, false), info));
      } catch {
        // The Brand list already named the stack; a Properties list that fails adds nothing.
      }
      return { status: 'ok', evidence, service: target.scheme ?? 'http' };
    }
    if (open.status !== 401)
      return { status: 'skipped', evidence: [], message: `no VAPIX param.cgi (HTTP ${open.status})` };
    const challenge = pickChallenge(parseChallenges(open.headers['www-authenticate']));
    if (!challenge)
      return { status: 'skipped', evidence: [], message: 'VAPIX param.cgi: no Digest or Basic challenge' };

    if (!AXIS_REALM.test(challenge.params.realm ?? '')) {
      let control: number | undefined;
      try {
        control = (await get(ctx, `${origin}${controlPath()}`)).status;
      } catch {
        control = undefined;
      }
      if (control === undefined || control === 401)
        return {
          status: 'skipped',
          evidence: [],
          message:
            control === undefined
              ? 'VAPIX param.cgi asks for a login, but the control request failed: credentials not sent'
              : 'VAPIX param.cgi asks for a login, as does a random path: no sign of Axis; credentials not sent',
        };
    }

    const got = await gatedExchange('VAPIX param.cgi', ctx, async (credentials) =>
      replyAttempt(
        await get(ctx, `${origin}${BRAND_LIST}`, {
          Authorization: authorization(challenge, credentials, 'GET', BRAND_LIST),
        }),
      ),
    );
    if (!got.ok) return got.result;
    const reply = got.value;
    const body = text(reply);
    const brand = reply.status === 200 && !reply.truncated ? parseBrand(body) : undefined;
    if (!brand)
      return {
        status: 'skipped',
        evidence: [],
        message: `no VAPIX Brand list after login (HTTP ${reply.status}${reply.truncated ? ', too large' : ''})`,
      };
    const b = base(target, BRAND_LIST, true);
    // The answer's own format (param.cgi's root.Brand list) names the stack even when the product is new.
    const evidence: Evidence[] = [makeEvidence(b, 'http.body', body), ...identityEvidence(b, brand)];
    const result: ProbeResult = { status: 'ok', evidence, service: target.scheme ?? 'http' };

    const props = await gatedGet('VAPIX param.cgi Properties', `${origin}${PROPERTIES_LIST}`, ctx);
    const info =
      props.ok && props.reply.status === 200 && !props.reply.truncated
        ? parseProperties(text(props.reply))
        : undefined;
    if (info && props.ok)
      evidence.push(...identityEvidence(base(target, PROPERTIES_LIST, props.authenticated), info));
    else
      result.problems = [
        {
          status: props.ok ? (props.reply.truncated ? 'too-large' : 'protocol-error') : props.result.status,
          message: props.ok
            ? `VAPIX param.cgi Properties: no firmware or serial (HTTP ${props.reply.status})`
            : `VAPIX param.cgi Properties: ${props.result.message ?? props.result.status}`,
        },
      ];
    return result;
  },
});

/** One bounded GET. */
const get = (ctx: ProbeContext, url: string, headers?: Record<string, string>): Promise<HttpReply> =>
  probeRequest(ctx, { url, ...(headers ? { headers } : {}) });

/** Axis serves parameter lists as ISO-8859-1 (`text/plain; charset=iso-8859-1`). */
const text = (r: HttpReply) =>
  r.body.toString(/iso-8859-1|latin-?1/i.test(r.headers['content-type'] ?? '') ? 'latin1' : 'utf8');

const base = (target: ProbeTarget, path: string, authenticated: boolean) =>
  apiEvidenceBase('vapix', target, `GET ${path}`, authenticated);

// The Brand list itself: param.cgi's root.Brand format names the stack.
export const vapix = describeWebApi(vapixProbe, [
  'device.manufacturer',
  'device.model',
  'device.firmware',
  'device.hardware',
  'device.serial',
]);
