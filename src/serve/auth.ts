/**
 * @module serve/auth
 * Bearer-token check. Both sides are hashed first so the comparison is constant-time and
 * independent of the presented token's length.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fail } from './replies.js';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function bearerChecker(token: string): (header: string | undefined) => boolean {
  const expected = digest(token);
  return (header) => {
    const m = /^Bearer ([^\s]+)$/i.exec(header ?? '');
    return m?.[1] !== undefined && timingSafeEqual(digest(m[1]), expected);
  };
}

/** An onRequest hook answering 401 (with `WWW-Authenticate`) unless the request carries `token`. */
export function requireBearer(token: string, message = 'missing or wrong bearer token', realm = 'oemscan') {
  const check = bearerChecker(token);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!check(req.headers.authorization)) {
      reply.header('WWW-Authenticate', `Bearer realm="${realm}"`);
      return fail(reply, 401, message);
    }
  };
}

/**
 * An onRequest hook for a route with a `:site` parameter: 401 unless the request carries that
 * site's own token (an unknown site is refused like a wrong token).
 */
export function requireSiteBearer(tokens: ReadonlyMap<string, string>) {
  const hook = (token: string) => requireBearer(token, 'missing or wrong site token', 'oemscan-hub');
  const hooks = new Map([...tokens].map(([site, token]) => [site, hook(token)]));
  const refuse = hook(randomBytes(32).toString('hex'));
  return async (req: FastifyRequest, reply: FastifyReply) =>
    (hooks.get((req.params as { site?: string }).site ?? '') ?? refuse)(req, reply);
}
