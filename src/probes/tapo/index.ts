/**
 * @module probes/tapo
 * TP-Link Tapo cameras' local API (HTTPS 443, `POST /` then `POST /stok=<token>/ds`), with
 * credentials, as pytapo speaks it:
 * 1. A password-less `login` offering the secure login (user `admin`, a client nonce). Only an
 *    answer in the API's envelope (a JSON object with a numeric `error_code`) lets the probe go
 *    on, and it is recorded as an unauthenticated `http.body` (its format names the stack).
 * 2. The login (one attempt, through the host's auth gate): the secure one when offered, the
 *    device first proving it holds the password (`device_confirm`), else the hashed password.
 * 3. `getDeviceInfo` (basic_info) through `multipleRequest`, encrypted when the login was secure:
 *    model, firmware, hardware version, manufacturer and MAC as evidence, the answer as an
 *    authenticated `http.body`.
 * Neither the password nor a hash of it nor the token is logged or put in messages or evidence.
 */
import { type Evidence, makeEvidence } from '../../evidence/types.js';
import { type Attempt, beforeLogin, gatedExchange } from '../auth/exchange.js';
import { type HttpReply, probeRequest } from '../net/http.js';
import {
  apiEvidenceBase,
  describeWebApi,
  type FieldMap,
  fieldEvidence,
  webApiProbe,
} from '../shared/device-api.js';
import { failed } from '../status.js';
import type { Credentials, ProbeContext, ProbeResult, ProbeTarget } from '../types.js';
import {
  type LoginOutcome,
  parseDeviceInfo,
  parseHandshake,
  parseLogin,
  passthroughResponse,
  type TapoDeviceInfo,
  tapoEnvelope,
} from './parse.js';
import { clientNonce, confirmedHash, digestPassword, md5Hex, Passthrough } from './session.js';

const DEVICE_INFO = {
  method: 'multipleRequest',
  params: { requests: [{ method: 'getDeviceInfo', params: { device_info: { name: ['basic_info'] } } }] },
};

const INFO_FIELDS: FieldMap<TapoDeviceInfo> = [
  ['manufacturer', 'device.manufacturer'],
  ['model', 'device.model'],
  ['firmware', 'device.firmware'],
  ['hardware', 'device.hardware'],
  ['mac', 'mac.address'],
];

/** The first step's answer for a user the device does not have (python-kasa's error table). */
const UNKNOWN_USER = -60502;

interface Session {
  stok: string;
  channel?: Passthrough;
}

export const tapoProbe = webApiProbe({
  name: 'tapo',
  description: 'TP-Link Tapo local API getDeviceInfo, with credentials (secure login, encrypted channel)',
  async run(target, ctx) {
    // Every password-less first step counts against the camera's login attempts (pytapo#135:
    // "time" 9, then 8, of "max_time" 10), so the one asked as `admin` is reused for that user.
    const cnonce = clientNonce();
    const first = await beforeLogin(target, ctx, (o) => post(ctx, o, '/', hello(cnonce, 'admin')));
    if (!first.ok) return first.result;
    const { origin, reply: open } = first;
    const openBody = open.truncated ? '' : open.body.toString('utf8');
    const openDoc = tapoEnvelope(openBody);
    if (!openDoc)
      return { status: 'skipped', evidence: [], message: `no Tapo API answer (HTTP ${open.status})` };
    const evidence: Evidence[] = [makeEvidence(base(target, 'POST / login', false), 'http.body', openBody)];

    const got = await gatedExchange(
      'Tapo login',
      ctx,
      (credentials) =>
        login(
          ctx,
          origin,
          credentials,
          credentials.username === 'admin' ? { cnonce, doc: openDoc } : undefined,
        ),
      evidence,
    );
    if (!got.ok) return got.result;
    const result: ProbeResult = { status: 'ok', evidence, service: target.scheme ?? 'https' };
    const session = got.value;
    if ('problem' in session)
      return { ...result, problems: [{ status: 'protocol-error', message: session.problem }] };
    try {
      const call = session.channel?.wrap(DEVICE_INFO) ?? { body: JSON.stringify(DEVICE_INFO), headers: {} };
      const reply = await post(
        ctx,
        origin,
        `/stok=${encodeURIComponent(session.stok)}/ds`,
        call.body,
        call.headers,
      );
      const doc = reply.truncated ? undefined : tapoEnvelope(reply.body.toString('utf8'));
      const sealed = doc && passthroughResponse(doc);
      const text = sealed && session.channel ? session.channel.unwrap(sealed) : reply.body.toString('utf8');
      const answer = tapoEnvelope(text);
      const info = answer && parseDeviceInfo(answer);
      if (info) {
        const b = base(target, 'POST /stok=…/ds getDeviceInfo', true);
        evidence.push(makeEvidence(b, 'http.body', text), ...fieldEvidence(b, info, INFO_FIELDS));
      } else
        result.problems = [
          {
            status: reply.truncated ? 'too-large' : 'protocol-error',
            message: `Tapo getDeviceInfo after login: no basic_info (HTTP ${reply.status}${answer ? `, error_code ${String(answer.error_code)}` : ''})`,
          },
        ];
    } catch (err) {
      const f = failed(err);
      result.problems = [{ status: f.status, message: `Tapo getDeviceInfo: ${f.message ?? ''}` }];
    }
    return result;
  },
});

/** The password-less first step of the login, offering the secure login. */
const hello = (cnonce: string, username: string) => ({
  method: 'login',
  params: { cnonce, encrypt_type: '3', username },
});

/**
 * The login the device asks for, from the first step already answered for this user (`asked`)
 * or a new one; the value is the session, or why there is none.
 */
async function login(
  ctx: ProbeContext,
  origin: string,
  credentials: Credentials,
  asked?: { cnonce: string; doc: Record<string, unknown> },
): Promise<Attempt<Session | { problem: string }>> {
  const username = credentials.username;
  const password = credentials.password.reveal();
  const cnonce = asked?.cnonce ?? clientNonce();
  const answer =
    asked?.doc ?? tapoEnvelope((await post(ctx, origin, '/', hello(cnonce, username))).body.toString('utf8'));
  const handshake = answer ? parseHandshake(answer) : undefined;
  if (!handshake) return notAsked('Tapo login: the answer left the API format');
  if (handshake.kind === 'none')
    return handshake.code === UNKNOWN_USER
      ? {
          verdict: 'rejected',
          value: { problem: 'refused' },
          log: { handshake: 'none' },
          refusal: 'unknown user',
        }
      : notAsked(
          `Tapo login: no login offered${handshake.code !== undefined ? ` (code ${handshake.code})` : ''}`,
        );
  if (handshake.kind === 'blocked')
    return notAsked(`Tapo login: the device blocks logins for ${handshake.seconds} s`);
  let outcome: LoginOutcome | undefined;
  let channel: Passthrough | undefined;
  if (handshake.kind === 'secure') {
    const { nonce, deviceConfirm } = handshake;
    const hash = confirmedHash(password, cnonce, nonce, deviceConfirm);
    // The device did not prove it holds this password: nothing derived from it is sent.
    if (!hash)
      return {
        verdict: 'rejected',
        value: { problem: 'refused' },
        log: { handshake: 'secure', confirmed: false },
        refusal: 'device_confirm does not match',
      };
    const digest = digestPassword(hash, cnonce, nonce);
    const reply = await post(ctx, origin, '/', {
      method: 'login',
      params: { cnonce, encrypt_type: '3', digest_passwd: digest, username },
    });
    const doc = tapoEnvelope(reply.body.toString('utf8'));
    outcome = doc ? parseLogin(doc) : undefined;
    if (outcome?.kind === 'stok' && outcome.startSeq !== undefined)
      channel = new Passthrough(hash, cnonce, nonce, outcome.startSeq);
  } else {
    const reply = await post(ctx, origin, '/', {
      method: 'login',
      params: { hashed: true, password: md5Hex(password), username },
    });
    const doc = tapoEnvelope(reply.body.toString('utf8'));
    outcome = doc ? parseLogin(doc) : undefined;
  }
  const log = {
    handshake: handshake.kind,
    outcome: outcome?.kind,
    code: outcome?.kind === 'stok' ? undefined : outcome?.code,
  };
  if (outcome?.kind === 'stok') {
    const session: Session = { stok: outcome.stok, ...(channel ? { channel } : {}) };
    return { verdict: 'accepted', value: session, log };
  }
  if (outcome?.kind === 'refused')
    return { verdict: 'rejected', value: { problem: 'refused' }, log, refusal: `code ${outcome.code}` };
  return notAsked(`Tapo login: no token${outcome?.code !== undefined ? ` (code ${outcome.code})` : ''}`);
}

const notAsked = (problem: string): Attempt<{ problem: string }> => ({
  verdict: 'not-asked',
  value: { problem },
  log: { problem },
});

/** One bounded POST of a JSON body, with the headers Tapo's own app sends (pytapo). */
function post(
  ctx: ProbeContext,
  origin: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpReply> {
  return probeRequest(ctx, {
    url: `${origin}${path}`,
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: {
      'Content-Type': 'application/json; charset=UTF-8',
      Accept: 'application/json',
      Referer: origin,
      requestByApp: 'true',
      ...headers,
    },
  });
}

/** The request as evidence names it: never with the token, the password or a hash of it. */
const base = (target: ProbeTarget, request: string, authenticated: boolean) =>
  apiEvidenceBase('tapo', target, request, authenticated);

// The answers themselves: the API's JSON envelope and getDeviceInfo's layout name the stack.
export const tapo = describeWebApi(
  tapoProbe,
  ['device.manufacturer', 'device.model', 'device.firmware', 'device.hardware'],
  { 'mac.address': { mergeKey: 'mac' } },
);
