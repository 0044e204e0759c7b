/**
 * @module serve/api
 * The HTTP side of `oemscan serve` (fastify): `/healthz`, `/metrics`, `/openapi.json` and the
 * dashboard's static files are open; everything under `/api` needs `Authorization: Bearer <token>`,
 * checked before anything else about the request (so an unauthenticated caller learns nothing,
 * not even that its input was bad). Errors are `{statusCode, error, message}`. Every route
 * carries its JSON schemas (src/serve/api-schemas.ts); the OpenAPI 3.1 document is generated
 * from them (src/serve/openapi.ts), so it cannot miss a route.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { diffReports } from '../diff/compare.js';
import { type PolicyInfo, CSP as REPORT_CSP, renderHtml } from '../report/html.js';
import type { Report } from '../report/types.js';
import { type DeviceFilter, type DeviceSort, pageDevices, type SortOrder } from '../store/device-query.js';
import type { Store } from '../store/index.js';
import type { DeviceRecord } from '../store/types.js';
import { packageVersion } from '../util/paths.js';
import {
  DEVICE_KEY,
  deviceDetailSchema,
  devicePageSchema,
  deviceQuerySchema,
  deviceSchema,
  diffSchema,
  errorSchema,
  errors,
  reportSchema,
  scanRecordSchema,
  siteSummarySchema,
  trendQuerySchema,
  trendSchema,
  UUID,
} from './api-schemas.js';
import { requireBearer } from './auth.js';
import { registerDashboard } from './dashboard.js';
import type { ServeMetrics } from './metrics.js';
import { registerOpenApi } from './openapi.js';
import { fail, orBadRequest, registerHealthz, serviceApp } from './replies.js';
import type { ScanRunner } from './runner.js';
import { registerWebhookTest } from './webhook-test-route.js';
import type { WebhookSender } from './webhooks.js';

export interface ApiDeps {
  store: Store;
  runner: ScanRunner;
  metrics: ServeMetrics;
  token: string;
  log: Logger;
  /** The configured policy packs: their titles and citations in the HTML report. */
  policies?: readonly PolicyInfo[];
  /** This scanner's site name: every device it reports belongs to it. */
  site?: string;
  /** Answers `POST /api/webhooks/test` (none: it answers an empty list). */
  webhooks?: WebhookSender;
}

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: UUID } },
} as const;

export function buildApi(deps: ApiDeps): FastifyInstance {
  const { store, runner, metrics } = deps;
  const scans = store.scans;
  const site = deps.site ?? 'default';
  const withSite = (d: DeviceRecord) => ({ site, ...d });
  const { app, routes } = serviceApp(deps.log);
  const open = { auth: false };

  registerHealthz(
    app,
    () => store.db.prepare('SELECT 1').get(),
    'scanning',
    { type: ['string', 'null'] },
    () => runner.runningId ?? null,
  );

  app.get(
    '/metrics',
    {
      config: open,
      schema: {
        summary: 'Prometheus metrics (no token)',
        tags: ['service'],
        response: {
          200: {
            description: 'Prometheus text exposition',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (_req, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );

  registerOpenApi(app, routes, {
    title: 'oemscan serve',
    version: packageVersion(),
    description:
      'Scan history, current devices and their makers, policy flags. Everything under /api needs `Authorization: Bearer <OEMSCAN_API_TOKEN>`.',
  });

  registerDashboard(app);

  app.register(
    async (api) => {
      api.addHook('onRequest', requireBearer(deps.token));

      api.get(
        '/scans',
        {
          schema: {
            summary: 'Scans, newest first',
            tags: ['scans'],
            querystring: {
              type: 'object',
              additionalProperties: false,
              properties: {
                limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
                offset: { type: 'integer', minimum: 0, default: 0 },
              },
            },
            response: { 200: { type: 'array', items: scanRecordSchema }, ...errors(400, 401) },
          },
        },
        async (req) => {
          const q = req.query as { limit: number; offset: number };
          return scans.list(q.limit, q.offset);
        },
      );

      api.post(
        '/scans',
        {
          // No body at all is the usual request; it is checked as the empty object it means.
          preValidation: async (req) => {
            if (req.body === undefined || req.body === null) req.body = {};
          },
          schema: {
            summary: "Start a scan now, with the service's configured targets and settings",
            description:
              'Takes no parameters: what is scanned is the configuration (an operator decision), not the request. A body, if sent, must be an empty JSON object.',
            tags: ['scans'],
            querystring: { type: 'object', additionalProperties: false, properties: {} },
            body: { type: 'object', additionalProperties: false, properties: {} },
            response: {
              202: {
                description: 'Started; Location names the scan (its report exists once it is complete)',
                headers: { Location: { description: '/api/scans/{id}', schema: { type: 'string' } } },
                type: 'object',
                required: ['id', 'status'],
                properties: { id: { type: 'string', pattern: UUID }, status: { const: 'running' } },
              },
              ...errors(400, 401, 415),
              409: {
                ...errorSchema,
                description: 'A scan is already running (never queued)',
                properties: { ...errorSchema.properties, running: { type: 'string' } },
              },
            },
          },
        },
        async (_req, reply) => {
          const id = runner.start('manual');
          if (!id) return fail(reply, 409, 'a scan is already running', { running: runner.runningId });
          return reply.code(202).header('Location', `/api/scans/${id}`).send({ id, status: 'running' });
        },
      );

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

      api.get(
        '/scans/:id',
        {
          schema: {
            summary: 'The report of a complete scan, exactly as stored',
            tags: ['scans'],
            params: idParams,
            response: { 200: reportSchema, ...errors(400, 401, 404, 409) },
          },
        },
        async (req, reply) => {
          const text = reportOr404((req.params as { id: string }).id, reply);
          if (text === undefined) return reply;
          // Exactly the stored oemscan.report/v1 text, not a re-serialisation.
          return reply.type('application/json; charset=utf-8').send(text);
        },
      );

      api.get(
        '/scans/:id/report.html',
        {
          schema: {
            summary: 'The report of a complete scan as a self-contained HTML file',
            tags: ['scans'],
            params: idParams,
            response: {
              200: {
                description: 'HTML report (attachment)',
                content: { 'text/html': { schema: { type: 'string' } } },
              },
              ...errors(400, 401, 404, 409),
            },
          },
        },
        async (req, reply) => {
          const id = (req.params as { id: string }).id;
          const text = reportOr404(id, reply);
          if (text === undefined) return reply;
          return reply
            .type('text/html; charset=utf-8')
            .header('Content-Security-Policy', REPORT_CSP)
            .header('Content-Disposition', `attachment; filename="oemscan-${id}.html"`)
            .send(renderHtml(JSON.parse(text) as Report, deps.policies ? { policies: deps.policies } : {}));
        },
      );

      api.get(
        '/sites',
        {
          schema: {
            summary: 'The sites and their counts (a site server has one: its own)',
            tags: ['sites'],
            response: { 200: { type: 'array', items: siteSummarySchema }, ...errors(401) },
          },
        },
        async () => {
          const latest = scans.latestComplete();
          const devices = scans.currentDevices();
          const count = (status: DeviceRecord['status']) => devices.filter((d) => d.status === status).length;
          return [
            {
              name: site,
              lastScanAt: latest?.startedAt ?? null,
              lastReceivedAt: latest?.finishedAt ?? null,
              scans: scans.countComplete(),
              devices: devices.length,
              flagged: count('flagged'),
              unverified: count('unverified'),
              clear: count('clear'),
              silent: false,
            },
          ];
        },
      );

      api.get(
        '/trend',
        {
          schema: {
            summary:
              'Device, flagged and unverified counts of every complete scan in the last N days, per site',
            tags: ['sites'],
            querystring: trendQuerySchema,
            response: { 200: trendSchema, ...errors(400, 401) },
          },
        },
        async (req) => {
          const { days } = req.query as { days: number };
          const since = new Date(Date.now() - days * 86400e3).toISOString();
          const points = scans.completeSince(since).map((s) => ({
            scanId: s.id,
            startedAt: s.startedAt,
            devices: s.devices,
            flagged: s.flagged,
            unverified: s.unverified,
          }));
          return { series: [{ site, points }] };
        },
      );

      api.get(
        '/devices',
        {
          schema: {
            summary:
              'Current devices (from the newest complete scan), filtered, searched, sorted, counted and paged',
            description:
              '`total` counts every match; follow `nextCursor` for the next page (the same filters, sort and order must be sent again).',
            tags: ['devices'],
            querystring: deviceQuerySchema,
            response: { 200: devicePageSchema, ...errors(400, 401) },
          },
        },
        async (req, reply) => {
          const q = req.query as DeviceFilter & {
            site?: string;
            limit: number;
            cursor?: string;
            sort: DeviceSort;
            order: SortOrder;
          };
          const filter: DeviceFilter = {
            ...(q.status ? { status: q.status } : {}),
            ...(q.vendor ? { vendor: q.vendor } : {}),
            ...(q.since ? { since: q.since } : {}),
            ...(q.newSince ? { newSince: q.newSince } : {}),
            ...(q.q ? { q: q.q } : {}),
          };
          // One site per service: another site's devices are simply none here.
          const devices = q.site === undefined || q.site === site ? scans.currentDevices().map(withSite) : [];
          return orBadRequest(reply, () => {
            const page = pageDevices(devices, filter, {
              limit: q.limit,
              sort: q.sort,
              order: q.order,
              ...(q.cursor ? { cursor: q.cursor } : {}),
            });
            return { site, total: page.total, items: page.items, nextCursor: page.nextCursor };
          });
        },
      );

      api.get(
        '/sites/:site/devices/:key',
        {
          schema: {
            summary:
              "One device of a site, as last seen, with its history and the newest report's evidence chain",
            description:
              'Both segments URL-encoded, e.g. /api/sites/HQ/devices/serial%3ADS-2CD2143G0-I20190101. A site server knows only its own site.',
            tags: ['devices', 'sites'],
            params: {
              type: 'object',
              required: ['site', 'key'],
              properties: {
                site: { type: 'string', minLength: 1, maxLength: 100 },
                key: { type: 'string', pattern: DEVICE_KEY },
              },
            },
            response: { 200: deviceDetailSchema, ...errors(400, 401, 404) },
          },
        },
        async (req, reply) => {
          const p = req.params as { site: string; key: string };
          if (p.site !== site) return fail(reply, 404, `no site ${p.site}`);
          const d = scans.device(p.key);
          if (!d) return fail(reply, 404, `no device ${p.key} at ${site}`);
          const newest = d.history[0]?.scanId;
          const seen = newest ? scans.reportDevice(newest, p.key) : undefined;
          return {
            ...withSite(d),
            brandClaimed: seen?.brandClaimed ?? null,
            ...(seen ? { oemBasis: seen.oem.basis } : {}),
            evidence: seen?.evidence ?? [],
            services: seen?.services ?? [],
            errors: seen?.errors ?? [],
          };
        },
      );

      api.get(
        '/devices/:key',
        {
          schema: {
            summary: 'One device by key, as last seen, with its history across scans',
            description: 'The key is URL-encoded, e.g. /api/devices/serial%3ADS-2CD2143G0-I20190101',
            tags: ['devices'],
            params: {
              type: 'object',
              required: ['key'],
              properties: { key: { type: 'string', pattern: DEVICE_KEY } },
            },
            response: { 200: deviceSchema, ...errors(400, 401, 404) },
          },
        },
        async (req, reply) => {
          const key = (req.params as { key: string }).key;
          const d = scans.device(key);
          return d ? withSite(d) : fail(reply, 404, `no device ${key}`);
        },
      );

      api.get(
        '/flagged',
        {
          schema: {
            summary: 'Current flagged devices (all of them, unpaged)',
            tags: ['devices'],
            response: { 200: { type: 'array', items: deviceSchema }, ...errors(401) },
          },
        },
        async () => scans.flagged().map(withSite),
      );

      api.get(
        '/diff',
        {
          schema: {
            summary: 'What changed between two complete scans',
            tags: ['scans'],
            response: { 200: diffSchema, ...errors(400, 401, 404, 409) },
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

      registerWebhookTest(api, deps.webhooks, { site });

      // Not a route (so not in the OpenAPI document); the token check above still runs first.
      api.setNotFoundHandler(async (req, reply) =>
        fail(reply, 404, `no endpoint ${req.method} ${req.url.split('?')[0]}`),
      );
    },
    { prefix: '/api' },
  );
  return app;
}
