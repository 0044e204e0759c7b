/**
 * @module probes/auth/digest
 * One credentialed GET: ask without credentials, and only if the endpoint answers with an
 * HTTP Digest (RFC 7616, MD5 or SHA-256, qop=auth) or Basic challenge, repeat it once with
 * the answer. The challenge round-trip and its answer are one login attempt. Our own code
 * rather than a package so that every read stays byte- and time-bounded and the verdict
 * (accepted / rejected / never asked) is exact, which the lockout guard depends on.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type HttpReply, probeRequest } from '../net/http.js';
import type { Credentials, ProbeContext } from '../types.js';
import type { AuthVerdict } from './gate.js';

export interface Challenge {
  scheme: 'digest' | 'basic';
  params: Record<string, string>;
}

/** The challenges in a (possibly comma-joined) WWW-Authenticate value. */
export function parseChallenges(header: string | undefined): Challenge[] {
  if (!header) return [];
  const out: Challenge[] = [];
  const parts = header.slice(0, 4096).split(/(?:^|,)\s*(?=(?:Digest|Basic)\s)/i);
  for (const part of parts) {
    const m = /^(Digest|Basic)\s+([\s\S]*)$/i.exec(part.trim());
    if (!m) continue;
    const params: Record<string, string> = Object.create(null);
    for (const p of (m[2] ?? '').matchAll(/([a-z0-9_-]+)\s*=\s*(?:"([^"]{0,512})"|([^\s,]{0,512}))/gi)) {
      // Echoed back in our Authorization header, so a device cannot smuggle line breaks into it.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      params[(p[1] ?? '').toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/[\u0000-\u001f\u007f]/g, '');
    }
    out.push({ scheme: (m[1] ?? '').toLowerCase() as Challenge['scheme'], params });
  }
  return out;
}

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'MD5-SESS': 'md5',
  'SHA-256': 'sha256',
  'SHA-256-SESS': 'sha256',
};

/** Prefers SHA-256 Digest, then MD5 Digest, then Basic; undefined when nothing usable was offered. */
export function pickChallenge(challenges: readonly Challenge[]): Challenge | undefined {
  const digests = challenges.filter(
    (c) => c.scheme === 'digest' && c.params.nonce && HASHES[(c.params.algorithm ?? 'MD5').toUpperCase()],
  );
  return (
    digests.find((c) => (c.params.algorithm ?? '').toUpperCase().startsWith('SHA-256')) ??
    digests[0] ??
    challenges.find((c) => c.scheme === 'basic')
  );
}

/** The Authorization header answering `challenge` for `method uri`. */
export function authorization(
  challenge: Challenge,
  creds: Credentials,
  method: string,
  uri: string,
  cnonce = randomBytes(8).toString('hex'),
): string {
  const password = creds.password.reveal();
  if (challenge.scheme === 'basic')
    return `Basic ${Buffer.from(`${creds.username}:${password}`).toString('base64')}`;
  const p = challenge.params;
  const algorithm = (p.algorithm ?? 'MD5').toUpperCase();
  const h = (s: string) =>
    createHash(HASHES[algorithm] ?? 'md5')
      .update(s)
      .digest('hex');
  const nonce = p.nonce ?? '';
  let ha1 = h(`${creds.username}:${p.realm ?? ''}:${password}`);
  if (algorithm.endsWith('-SESS')) ha1 = h(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = h(`${method}:${uri}`);
  const qop = (p.qop ?? '')
    .split(',')
    .map((q) => q.trim())
    .includes('auth')
    ? 'auth'
    : undefined;
  const nc = '00000001';
  const response = qop ? h(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : h(`${ha1}:${nonce}:${ha2}`);
  const fields = [
    `username="${creds.username}"`,
    `realm="${p.realm ?? ''}"`,
    `nonce="${nonce}"`,
    `uri="${uri}"`,
    `algorithm=${p.algorithm ?? 'MD5'}`,
    `response="${response}"`,
    ...(qop ? [`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`] : []),
    ...(p.opaque !== undefined ? [`opaque="${p.opaque}"`] : []),
  ];
  return `Digest ${fields.join(', ')}`;
}

/**
 * GET `url`, answering an auth challenge once. `accepted` means credentials were sent and
 * not refused (the reply may still be a 404); `not-asked` means none were sent.
 */
export async function credentialedGet(
  url: string,
  creds: Credentials,
  ctx: Pick<ProbeContext, 'connectSlot' | 'limits' | 'signal'>,
): Promise<{ verdict: AuthVerdict; value: HttpReply }> {
  const get = (headers?: Record<string, string>) =>
    probeRequest(ctx, { url, ...(headers ? { headers } : {}) });
  const first = await get();
  if (first.status !== 401) return { verdict: 'not-asked', value: first };
  const challenge = pickChallenge(parseChallenges(first.headers['www-authenticate']));
  if (!challenge) return { verdict: 'not-asked', value: first };
  const u = new URL(url);
  const second = await get({
    Authorization: authorization(challenge, creds, 'GET', `${u.pathname}${u.search}`),
  });
  return { verdict: second.status === 401 || second.status === 403 ? 'rejected' : 'accepted', value: second };
}
