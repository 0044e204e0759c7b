/**
 * @module serve/api
 * The HTTP side of `oemscan serve` (fastify): `/healthz` and `/metrics` and the dashboard's
 * static files are open; everything under `/api` needs `Authorization: Bearer <token>`, checked
 * before anything else about the request (so an unauthenticated caller learns nothing, not even
 * that its input was bad). Errors are `{statusCode, error, message}`.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { diffReports } from '../diff/compare.js';
import { type PolicyInfo, CSP as REPORT_CSP, renderHtml } from '../report/html.js';
import type { Report } from '../report/types.js';
import type { Store } from '../store/index.js';
import { bearerChecker } from './auth.js';
import { registerDashboard } from './dashboard.js';
import type { ServeMetrics } from './metrics.js';
import type { ScanRunner } from './runner.js';

export interface ApiDeps {
  store: Store;
  runner: ScanRunner;
  metrics: ServeMetrics;
  token: string;
  log: Logger;
  /** The configured policy packs: their titles and citations in the HTML report. */
  policies?: readonly PolicyInfo[];
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  503: 'Service Unavailable',
};

function fail(reply: FastifyReply, code: number, message: string, extra: Record<string, unknown> = {}) {
  return reply.code(code).send({ statusCode: code, error: REASONS[code] ?? 'Error', message, ...extra });
}

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: UUID } },
} as const;

export function buildApi(deps: ApiDeps): FastifyInstance {
  const { store, runner, metrics } = deps;
  const scans = store.scans;
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: 16 * 1024,
    // Schema errors are 400s that say which parameter is wrong.
    ajv: { customOptions: { coerceTypes: true, allErrors: false, removeAdditional: false } },
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
  });
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const code = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (code === 500) deps.log.error({ err: err.message }, 'request failed');
    return reply.code(code).send({
      statusCode: code,
      error: REASONS[code] ?? 'Error',
      message: code === 500 ? 'internal error' : err.message,
    });
  });

  app.get('/healthz', async (_req, reply) => {
    try {
      store.db.prepare('SELECT 1').get();
    } catch {
      return fail(reply, 503, 'database unavailable');
    }
    return { status: 'ok', scanning: runner.runningId ?? null };
  });

  app.get('/metrics', async (_req, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  registerDashboard(app);

  const authorised = bearerChecker(deps.token);
  app.register(
    async (api) => {
      api.addHook('onRequest', async (req, reply) => {
        if (!authorised(req.headers.authorization)) {
          reply.header('WWW-Authenticate', 'Bearer realm="oemscan"');
          return fail(reply, 401, 'missing or wrong bearer token');
        }
      });

      api.get(
        '/scans',
        {
          schema: {
            querystring: {
              type: 'object',
              additionalProperties: false,
              properties: {
                limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
                offset: { type: 'integer', minimum: 0, default: 0 },
              },
            },
          },
        },
        async (req) => {
          const q = req.query as { limit: number; offset: number };
          return scans.list(q.limit, q.offset);
        },
      );

      api.post('/scans', async (_req, reply) => {
        const id = runner.start('manual');
        if (!id) return fail(reply, 409, 'a scan is already running', { running: runner.runningId });
        return reply.code(202).send({ id, status: 'running' });
      });

      /** The stored report, or the reply that explains why there is none. */
      const reportOr404 = (id: string, reply: FastifyReply): string | undefined => {
        const row = scans.get(id);
        if (!row) {
          fail(reply, 404, `no scan ${id}`);
          return undefined;
        }
        const text = scans.reportText(id);
        if (!text) fail(reply, 409, `scan ${id} is ${row.status}: it has no report`, { status: row.status });
        return text;
      };

      api.get('/scans/:id', { schema: { params: idParams } }, async (req, reply) => {
        const text = reportOr404((req.params as { id: string }).id, reply);
        if (text === undefined) return reply;
        // Exactly the stored oemscan.report/v1 text, not a re-serialisation.
        return reply.type('application/json; charset=utf-8').send(text);
      });

      api.get('/scans/:id/report.html', { schema: { params: idParams } }, async (req, reply) => {
        const id = (req.params as { id: string }).id;
        const text = reportOr404(id, reply);
        if (text === undefined) return reply;
        return reply
          .type('text/html; charset=utf-8')
          .header('Content-Security-Policy', REPORT_CSP)
          .header('Content-Disposition', `attachment; filename="oemscan-${id}.html"`)
          .send(renderHtml(JSON.parse(text) as Report, deps.policies ? { policies: deps.policies } : {}));
      });

      api.get('/devices', async () => scans.currentDevices());
      api.get('/flagged', async () => scans.flagged());

      api.get(
        '/diff',
        {
          schema: {
            querystring: {
              type: 'object',
              required: ['from', 'to'],
              additionalProperties: false,
              properties: { from: { type: 'string', pattern: UUID }, to: { type: 'string', pattern: UUID } },
            },
          },
        },
        async (req, reply) => {
          const q = req.query as { from: string; to: string };
          const from = reportOr404(q.from, reply);
          if (from === undefined) return reply;
          const to = reportOr404(q.to, reply);
          if (to === undefined) return reply;
          return diffReports(JSON.parse(from) as Report, JSON.parse(to) as Report);
        },
      );

      api.all('/*', async (req, reply) =>
        fail(reply, 404, `no endpoint ${req.method} ${req.url.split('?')[0]}`),
      );
    },
    { prefix: '/api' },
  );
  return app;
}
