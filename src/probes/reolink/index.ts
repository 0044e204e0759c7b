/**
 * @module probes/reolink
 * Reolink's own JSON API with credentials, as Reolink's "Camera HTTP API User Guide" documents
 * it and reolink_aio speaks it: every call is a POST to `/cgi-bin/api.cgi?cmd=<Name>` with a JSON
 * array body, the token in the query string.
 *
 * 1. `GetDevInfo` without a token. Only an answer in the API's own format (a JSON array of
 *    `{"cmd", "code", "value"|"error"}`, typically `please login first`, rspCode -6) lets the
 *    probe go on: credentials are never sent to a server that does not speak this API. That
 *    answer is recorded as an unauthenticated `http.body` (its format names the stack).
 * 2. `Login` with `{"User": {"userName", "password"}}` (one attempt, through the host's auth
 *    gate) for a token.
 * 3. `GetDevInfo` with the token: model, firmVer, hardVer, serial as `device.*`, the answer
 *    itself as an authenticated `http.body`.
 * 4. `Logout` with the token (never without one: reolink_aio notes that a token-less Logout
 *    breaks later logins on some firmware).
 * The password is only in the Login body; the token only in query strings. Neither is logged
 * nor put in messages or evidence.
 */
import { type Evidence, makeEvidence } from '../../evidence/types.js';
import { beforeLogin, gatedExchange } from '../auth/exchange.js';
import { type HttpReply, probeRequest } from '../net/http.js';
import { apiEvidenceBase, describeWebApi, identityEvidence, webApiProbe } from '../shared/device-api.js';
import { failed } from '../status.js';
import type { ProbeContext, ProbeResult, ProbeTarget } from '../types.js';
import { type LoginOutcome, parseDevInfo, parseLogin, reolinkAnswers } from './parse.js';

export const API_PATH = '/cgi-bin/api.cgi';
const DEV_INFO_BODY = JSON.stringify([{ cmd: 'GetDevInfo', action: 0, param: {} }]);
const LOGOUT_BODY = JSON.stringify([{ cmd: 'Logout', action: 0, param: {} }]);

export const reolinkProbe = webApiProbe({
  name: 'reolink',
  description: 'Reolink api.cgi GetDevInfo (JSON API), with credentials (Login token)',
  async run(target, ctx) {
    const first = await beforeLogin(target, ctx, (o) =>
      post(ctx, `${o}${API_PATH}?cmd=GetDevInfo`, DEV_INFO_BODY),
    );
    if (!first.ok) return first.result;
    const { origin, reply: open } = first;
    const openBody = open.truncated ? '' : open.body.toString('utf8');
    if (!reolinkAnswers(openBody))
      return { status: 'skipped', evidence: [], message: `no Reolink API answer (HTTP ${open.status})` };
    const evidence: Evidence[] = [
      makeEvidence(base(target, 'POST', 'GetDevInfo', false), 'http.body', openBody),
    ];
    // A device that answers GetDevInfo without a login has nothing to log in for.
    const openInfo = parseDevInfo(openBody);
    if (openInfo) {
      evidence.push(...identityEvidence(base(target, 'POST', 'GetDevInfo', false), openInfo));
      return { status: 'ok', evidence, service: target.scheme ?? 'http' };
    }

    const got = await gatedExchange(
      'Reolink api.cgi Login',
      ctx,
      async (credentials) => {
        const reply = await post(
          ctx,
          `${origin}${API_PATH}?cmd=Login`,
          JSON.stringify([
            {
              cmd: 'Login',
              action: 0,
              param: { User: { userName: credentials.username, password: credentials.password.reveal() } },
            },
          ]),
        );
        const outcome = reply.truncated ? undefined : parseLogin(reply.body.toString('utf8'));
        const refused = outcome?.kind === 'refused' || reply.status === 401 || reply.status === 403;
        const login: LoginOutcome | undefined =
          refused && outcome?.kind !== 'refused' ? { kind: 'refused' } : outcome;
        return {
          verdict: outcome?.kind === 'token' ? 'accepted' : refused ? 'rejected' : 'not-asked',
          // A refusal ends in `auth-failed` (gatedExchange): the value is read only for the rest.
          value: { login: login?.kind === 'refused' ? undefined : login, status: reply.status },
          log: { status: reply.status, outcome: login?.kind },
          ...(login?.kind === 'refused' && login.rspCode !== undefined
            ? { refusal: `rspCode ${login.rspCode}` }
            : {}),
        };
      },
      evidence,
    );
    if (!got.ok) return got.result;
    const { login, status: loginStatus } = got.value;
    if (login?.kind !== 'token')
      return {
        status: 'ok',
        evidence,
        service: target.scheme ?? 'http',
        problems: [
          {
            status: 'protocol-error',
            message: `Reolink api.cgi Login: no token (HTTP ${loginStatus}${login?.rspCode !== undefined ? `, rspCode ${login.rspCode}` : ''}${login?.detail ? `, ${clip(login.detail)}` : ''})`,
          },
        ],
      };

    const token = encodeURIComponent(login.token);
    const result: ProbeResult = { status: 'ok', evidence, service: target.scheme ?? 'http' };
    try {
      const reply = await post(ctx, `${origin}${API_PATH}?cmd=GetDevInfo&token=${token}`, DEV_INFO_BODY);
      const body = reply.truncated ? '' : reply.body.toString('utf8');
      const info = parseDevInfo(body);
      if (info) {
        const b = base(target, 'POST', 'GetDevInfo', true);
        evidence.push(makeEvidence(b, 'http.body', body), ...identityEvidence(b, info));
      } else
        result.problems = [
          {
            status: reply.truncated ? 'too-large' : 'protocol-error',
            message: `Reolink api.cgi GetDevInfo after login: no DevInfo (HTTP ${reply.status})`,
          },
        ];
    } catch (err) {
      const f = failed(err);
      result.problems = [{ status: f.status, message: `Reolink api.cgi GetDevInfo: ${f.message ?? ''}` }];
    } finally {
      // Frees the device's session slot (Reolink devices allow only a few); its answer does not matter.
      await post(ctx, `${origin}${API_PATH}?cmd=Logout&token=${token}`, LOGOUT_BODY).catch(() => undefined);
    }
    return result;
  },
});

/** One bounded POST of a JSON command array. */
const post = (ctx: ProbeContext, url: string, body: string): Promise<HttpReply> =>
  probeRequest(ctx, { url, method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

/** The request as evidence names it: never with the token or the password. */
const base = (target: ProbeTarget, method: string, cmd: string, authenticated: boolean) =>
  apiEvidenceBase('reolink', target, `${method} ${API_PATH}?cmd=${cmd}`, authenticated);

/** A device's error text, cut and stripped of control characters before it goes into a message. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const clip = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 80);

// The answers themselves: api.cgi's JSON array format names the stack, before and after login.
export const reolink = describeWebApi(reolinkProbe, [
  'device.manufacturer',
  'device.model',
  'device.firmware',
  'device.hardware',
  'device.serial',
]);
