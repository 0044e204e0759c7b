/**
 * @module serve/replies
 * What every oemscan HTTP service (site API, hub) answers the same way: error bodies
 * `{statusCode, error, message}`, hardening headers, and a 500 that never carries an internal
 * message; and the fastify app both start from.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { UsageError } from '../errors/index.js';
import { errors } from './api-schemas.js';
import { type CollectedRoute, collectRoutes } from './openapi.js';

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

/**
 * A service's fastify app: small request bodies, schema errors as 400s that say which parameter
 * is wrong, responses sent as handlers return them, every route recorded for the OpenAPI
 * document (`routes`), hardened replies.
 */
export function serviceApp(log: Logger): { app: FastifyInstance; routes: CollectedRoute[] } {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: 16 * 1024,
    ajv: { customOptions: { coerceTypes: true, allErrors: false, removeAdditional: false } },
  });
  // Response schemas document the API (OpenAPI); they never reshape what is sent.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const routes = collectRoutes(app);
  hardenReplies(app, log);
  return { app, routes };
}

/**
 * `GET /healthz`, without a token: 503 when `ping` (the database check) throws, else
 * `{status: 'ok', [field]: value()}`, `schema` documenting that field.
 */
export function registerHealthz(
  app: FastifyInstance,
  ping: () => unknown,
  field: string,
  schema: Record<string, unknown>,
  value: () => unknown,
) {
  app.get(
    '/healthz',
    {
      config: { auth: false },
      schema: {
        summary: 'Liveness and database check (no token)',
        tags: ['service'],
        response: {
          200: {
            type: 'object',
            required: ['status', field],
            properties: { status: { const: 'ok' }, [field]: schema },
          },
          ...errors(503),
        },
      },
    },
    async (_req, reply) => {
      try {
        await ping();
      } catch {
        return fail(reply, 503, 'database unavailable');
      }
      return { status: 'ok', [field]: value() };
    },
  );
}
