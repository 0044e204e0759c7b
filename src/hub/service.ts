/**
 * @module hub/service
 * `oemscan serve --hub`: the central inventory. Sites push finished scans to
 * `PUT /api/sites/{site}/scans/{scanId}` with their own bearer token (a site token opens only
 * its own site's ingest route, nothing else); readers use `OEMSCAN_API_TOKEN` for
 * `GET /api/sites` and `GET /api/devices`. A push is answered 201 (stored) or 200 (already
 * stored) only after its transaction committed; anything else is not an acknowledgement and
 * the site sends it again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Report } from '../report/types.js';
import { validateReport } from '../report/validate.js';
import { bearerChecker } from '../serve/auth.js';
import { fail, hardenReplies } from '../serve/replies.js';
import { registerWebhookTest } from '../serve/webhook-test-route.js';
import { type ScanFailure, WebhookSender } from '../serve/webhooks.js';
import { proxySummary } from '../util/proxy.js';
import type { HubConfig } from './config.js';
import { registerFailureRoute } from './failures.js';
import { SilenceWatch } from './silence.js';
import { HubStore, type IngestResult } from './store.js';
import { HubEvents } from './webhooks.js';

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
/** A scan of a /16 with every device is a few MB; this bounds what one push may send. */
export const INGEST_BODY_LIMIT = 64 * 1024 * 1024;

export interface Hub {
  url: string;
  store: HubStore;
  app: FastifyInstance;
  stop(): Promise<void>;
}

/** What the hub does besides storing (issue 14, item 5: the estate's webhooks). */
export interface HubHooks {
  /** After each ingest answered 201 or 200 (`result` says which). */
  onIngest?: (site: string, report: Report, result: IngestResult) => void;
  /** After a site's failed scan was first stored. */
  onFailure?: (failure: ScanFailure) => void;
  /** Answers `POST /api/webhooks/test`. */
  webhooks?: WebhookSender;
}

export function buildHubApi(
  store: HubStore,
  config: HubConfig,
  log: Logger,
  hooks: HubHooks = {},
): FastifyInstance {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: 16 * 1024,
    ajv: { customOptions: { coerceTypes: true, allErrors: false, removeAdditional: false } },
  });
  hardenReplies(app, log);

  app.get('/healthz', async (_req, reply) => {
    try {
      await store.ping();
    } catch {
      return fail(reply, 503, 'database unavailable');
    }
    return { status: 'ok', role: 'hub' };
  });

  const siteCheckers = new Map([...config.sites].map(([name, token]) => [name, bearerChecker(token)]));

  // Ingest: authenticated by the site named in the path, before the body is even looked at.
  app.register(async (ingest) => {
    ingest.put(
      '/api/sites/:site/scans/:scanId',
      {
        bodyLimit: INGEST_BODY_LIMIT,
        onRequest: async (req, reply) => {
          const { site } = req.params as { site: string };
          const check = siteCheckers.get(site);
          if (!check?.(req.headers.authorization)) {
            reply.header('WWW-Authenticate', 'Bearer realm="oemscan-hub"');
            return fail(reply, 401, 'missing or wrong site token');
          }
        },
        schema: {
          params: {
            type: 'object',
            required: ['site', 'scanId'],
            properties: { site: { type: 'string' }, scanId: { type: 'string', pattern: UUID } },
          },
        },
      },
      async (req, reply) => {
        const { site, scanId } = req.params as { site: string; scanId: string };
        const report = req.body as Report;
        const { valid, errors } = validateReport(report);
        if (!valid) return fail(reply, 400, `not an oemscan report: ${errors.slice(0, 3).join('; ')}`);
        if (report.scan.id !== scanId)
          return fail(reply, 400, 'the report is of another scan than the path names');
        const hold = config.testCommitDelayMs
          ? async () => {
              log.warn({ site, scan: scanId }, 'test hook: holding the ingest before COMMIT');
              await sleep(config.testCommitDelayMs);
            }
          : undefined;
        const result = await store.ingest(site, report, hold);
        if (result === 'conflict') return fail(reply, 409, `scan ${scanId} belongs to another site`);
        log.info({ site, scan: scanId, devices: report.devices.length, result }, 'scan received');
        hooks.onIngest?.(site, report, result);
        return reply.code(result === 'stored' ? 201 : 200).send({ site, scanId, result });
      },
    );
  });

  registerFailureRoute(app, { pool: store.pool, sites: config.sites, onFailure: hooks.onFailure });

  const authorised = bearerChecker(config.apiToken);
  app.register(
    async (api) => {
      api.addHook('onRequest', async (req, reply) => {
        if (!authorised(req.headers.authorization)) {
          reply.header('WWW-Authenticate', 'Bearer realm="oemscan"');
          return fail(reply, 401, 'missing or wrong bearer token');
        }
      });
      api.get('/sites', async () => store.sites());
      registerWebhookTest(api, hooks.webhooks, { role: 'hub' });
      api.get(
        '/devices',
        {
          schema: {
            querystring: {
              type: 'object',
              additionalProperties: false,
              properties: {
                site: { type: 'string', maxLength: 64 },
                status: { type: 'string', enum: ['flagged', 'unverified', 'clear'] },
                limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
                offset: { type: 'integer', minimum: 0, default: 0 },
              },
            },
          },
        },
        async (req) =>
          store.devices(req.query as { site?: string; status?: string; limit: number; offset: number }),
      );
      api.all('/*', async (req, reply) =>
        fail(reply, 404, `no endpoint ${req.method} ${req.url.split('?')[0]}`),
      );
    },
    { prefix: '/api' },
  );
  return app;
}

export async function startHub(config: HubConfig, log: Logger): Promise<Hub> {
  const store = await HubStore.open(config.databaseUrl);
  await store.registerSites([...config.sites.keys()]);
  if (config.testCommitDelayMs)
    log.warn({ ms: config.testCommitDelayMs }, 'OEMSCAN_TEST_HUB_COMMIT_DELAY_MS is set: for tests only');
  const webhooks = new WebhookSender(config.webhooks ?? [], config.webhookSecret ?? null, log);
  const events = new HubEvents(store.pool, webhooks, log);
  const app = buildHubApi(store, config, log, {
    onIngest: (site, report, result) => void events.ingested(site, report, result),
    onFailure: (f) => events.failed(f),
    webhooks,
  });
  const silence = new SilenceWatch(store.pool, webhooks, log);
  try {
    await app.listen({ host: config.listen.host, port: config.listen.port });
  } catch (err) {
    await store.close();
    throw err;
  }
  silence.start();
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  const url = `http://${host}:${config.listen.port}`;
  const proxy = proxySummary();
  log.info(
    {
      url,
      sites: [...config.sites.keys()],
      webhooks: config.webhooks?.length ?? 0,
      ...(proxy ? { proxy } : {}),
    },
    'oemscan hub ready',
  );
  let stopping: Promise<void> | undefined;
  return {
    url,
    store,
    app,
    stop: () => {
      stopping ??= (async () => {
        await silence.stop();
        await app.close();
        await webhooks.close(2000);
        await store.close();
        log.info('oemscan hub stopped');
      })();
      return stopping;
    },
  };
}
