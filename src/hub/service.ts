/**
 * @module hub/service
 * `oemscan serve --hub`: the central inventory. Sites push finished scans to
 * `PUT /api/sites/{site}/scans/{scanId}` with their own bearer token (a site token opens only
 * its own site's ingest route, nothing else); readers use `OEMSCAN_API_TOKEN` for the central
 * views (src/hub/routes.ts). The dashboard and `/openapi.json` are open. A push is answered 201 (stored) or 200 (already
 * stored) only after its transaction committed; anything else is not an acknowledgement and
 * the site sends it again.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Report } from '../report/types.js';
import { validateReport } from '../report/validate.js';
import { errorSchema, errors, reportSchema } from '../serve/api-schemas.js';
import { requireBearer } from '../serve/auth.js';
import { registerDashboard } from '../serve/dashboard.js';
import { collectRoutes, registerOpenApi } from '../serve/openapi.js';
import { fail, hardenReplies } from '../serve/replies.js';
import { packageVersion } from '../util/paths.js';
import type { HubConfig } from './config.js';
import { readerRoutes } from './routes.js';
import { ingestParams, ingestReplySchema } from './schemas.js';
import { HubStore, type IngestResult, parseInterval } from './store.js';

/** A scan of a /16 with every device is a few MB; this bounds what one push may send. */
export const INGEST_BODY_LIMIT = 64 * 1024 * 1024;
/** The header with which a site tells how often it scans. */
export const INTERVAL_HEADER = 'x-oemscan-interval-seconds';

export interface Hub {
  url: string;
  store: HubStore;
  app: FastifyInstance;
  stop(): Promise<void>;
}

export interface HubApiOptions {
  /** Called after a pushed scan was committed (not for a resend already stored). */
  onIngest?: (site: string, report: Report, result: IngestResult) => void;
}

export function buildHubApi(
  store: HubStore,
  config: HubConfig,
  log: Logger,
  options: HubApiOptions = {},
): FastifyInstance {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: 16 * 1024,
    ajv: { customOptions: { coerceTypes: true, allErrors: false, removeAdditional: false } },
  });
  // Response schemas document the API (OpenAPI); they never reshape what is sent.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const routes = collectRoutes(app);
  hardenReplies(app, log);

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
            required: ['status', 'role'],
            properties: { status: { const: 'ok' }, role: { const: 'hub' } },
          },
          ...errors(503),
        },
      },
    },
    async (_req, reply) => {
      try {
        await store.ping();
      } catch {
        return fail(reply, 503, 'database unavailable');
      }
      return { status: 'ok', role: 'hub' };
    },
  );

  registerOpenApi(app, routes, {
    title: 'oemscan hub',
    version: packageVersion(),
    description:
      "The estate's central inventory: sites, current devices with their site, history, newly flagged devices, trends. Readers send `Authorization: Bearer <OEMSCAN_API_TOKEN>`; a site pushes its scans with its own site token.",
  });

  registerDashboard(app);

  const siteHook = (token: string) => requireBearer(token, 'missing or wrong site token', 'oemscan-hub');
  const siteCheckers = new Map([...config.sites].map(([name, token]) => [name, siteHook(token)]));
  // An unknown site is refused exactly like a wrong token (no token can match it).
  const refuseSite = siteHook(randomBytes(32).toString('hex'));

  // Ingest: authenticated by the site named in the path, before the body is even looked at.
  app.register(async (ingest) => {
    ingest.put(
      '/api/sites/:site/scans/:scanId',
      {
        bodyLimit: INGEST_BODY_LIMIT,
        onRequest: async (req, reply) => {
          const check = siteCheckers.get((req.params as { site: string }).site);
          if (!check) return refuseSite(req, reply);
          return check(req, reply);
        },
        schema: {
          summary: "A site pushes a finished scan (the site's own token, not the readers')",
          description:
            "Authorization: Bearer <site token>; a site token opens only its own site's path. The body is the scan's oemscan.report/v1. Optional header X-Oemscan-Interval-Seconds: how often the site scans (for `silent`). 201 stored, 200 already stored; both only after COMMIT.",
          tags: ['ingest'],
          params: ingestParams,
          headers: {
            type: 'object',
            properties: {
              [INTERVAL_HEADER]: {
                type: 'string',
                description:
                  'seconds between scans at the site (a positive integer; anything else is ignored)',
              },
            },
          },
          body: reportSchema,
          response: {
            201: { ...ingestReplySchema, description: 'Stored' },
            200: { ...ingestReplySchema, description: 'Already stored (a resend)' },
            ...errors(400, 401, 409),
            413: { ...errorSchema, description: 'Report larger than the ingest limit' },
          },
        },
      },
      async (req, reply) => {
        const { site, scanId } = req.params as { site: string; scanId: string };
        const report = req.body as Report;
        const { valid, errors: problems } = validateReport(report);
        if (!valid) return fail(reply, 400, `not an oemscan report: ${problems.slice(0, 3).join('; ')}`);
        if (report.scan.id !== scanId)
          return fail(reply, 400, 'the report is of another scan than the path names');
        const hold = config.testCommitDelayMs
          ? async () => {
              log.warn({ site, scan: scanId }, 'test hook: holding the ingest before COMMIT');
              await sleep(config.testCommitDelayMs);
            }
          : undefined;
        const intervalSeconds = parseInterval(req.headers[INTERVAL_HEADER]);
        const result = await store.ingest(site, report, hold, intervalSeconds ? { intervalSeconds } : {});
        if (result === 'conflict') return fail(reply, 409, `scan ${scanId} belongs to another site`);
        log.info({ site, scan: scanId, devices: report.devices.length, result }, 'scan received');
        if (result === 'stored' && options.onIngest) {
          const failed = (err: unknown) =>
            log.error({ site, scan: scanId, err: (err as Error)?.message }, 'onIngest failed');
          try {
            // A callback that returns a promise is not awaited: the push is acknowledged now.
            const r = options.onIngest(site, report, result) as unknown;
            if (r instanceof Promise) r.catch(failed);
          } catch (err) {
            failed(err);
          }
        }
        return reply.code(result === 'stored' ? 201 : 200).send({ site, scanId, result });
      },
    );
  });

  app.register(readerRoutes(store, config.apiToken), { prefix: '/api' });
  return app;
}

export async function startHub(config: HubConfig, log: Logger, options: HubApiOptions = {}): Promise<Hub> {
  const store = await HubStore.open(config.databaseUrl);
  await store.registerSites([...config.sites.keys()]);
  if (config.testCommitDelayMs)
    log.warn({ ms: config.testCommitDelayMs }, 'OEMSCAN_TEST_HUB_COMMIT_DELAY_MS is set: for tests only');
  const app = buildHubApi(store, config, log, options);
  try {
    await app.listen({ host: config.listen.host, port: config.listen.port });
  } catch (err) {
    await store.close();
    throw err;
  }
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  const url = `http://${host}:${config.listen.port}`;
  log.info({ url, sites: [...config.sites.keys()] }, 'oemscan hub ready');
  let stopping: Promise<void> | undefined;
  return {
    url,
    store,
    app,
    stop: () => {
      stopping ??= (async () => {
        await app.close();
        await store.close();
        log.info('oemscan hub stopped');
      })();
      return stopping;
    },
  };
}
