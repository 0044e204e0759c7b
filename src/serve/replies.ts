/**
 * @module serve/replies
 * What every oemscan HTTP service (site API, hub) answers the same way: error bodies
 * `{statusCode, error, message}`, hardening headers, and a 500 that never carries an internal
 * message.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { UsageError } from '../errors/index.js';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  503: 'Service Unavailable',
};

export function fail(
  reply: FastifyReply,
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return reply.code(code).send({ statusCode: code, error: REASONS[code] ?? 'Error', message, ...extra });
}

/** What `answer` returns, or a 400 with its message when it refuses the request as a {@link UsageError}. */
export async function orBadRequest<T>(reply: FastifyReply, answer: () => T | Promise<T>) {
  try {
    return await answer();
  } catch (err) {
    if (err instanceof UsageError) return fail(reply, 400, err.message);
    throw err;
  }
}

/** No sniffing, no referrer, no caching unless a route says so; client errors as sent, anything else a bare 500. */
export function hardenReplies(app: FastifyInstance, log: Logger) {
  app.addHook('onSend', async (_req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
  });
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const code = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (code === 500) log.error({ err: err.message }, 'request failed');
    return fail(reply, code, code === 500 ? 'internal error' : err.message);
  });
}
