/**
 * @module hub/service
 * `oemscan serve --hub`: the central inventory. Sites push finished scans to
 * `PUT /api/sites/{site}/scans/{scanId}` with their own bearer token (a site token opens only
 * its own site's ingest route, nothing else); readers use `OEMSCAN_API_TOKEN` for the central
 * views (src/hub/routes.ts). The dashboard and `/openapi.json` are open. A push is answered 201 (stored) or 200 (already
 * stored) only after its transaction committed; anything else is not an acknowledgement and
 * the site sends it again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Report } from '../report/types.js';
import { validateReport } from '../report/validate.js';
import { errorSchema, errors, reportSchema } from '../serve/api-schemas.js';
import { requireSiteBearer } from '../serve/auth.js';
import { registerDashboard } from '../serve/dashboard.js';
import { registerOpenApi } from '../serve/openapi.js';
import { fail, registerHealthz, serviceApp } from '../serve/replies.js';
import { registerWebhookTest } from '../serve/webhook-test-route.js';
import { type ScanFailure, WebhookSender } from '../serve/webhooks.js';
import { packageVersion } from '../util/paths.js';
import { proxySummary } from '../util/proxy.js';
import type { HubConfig } from './config.js';
import { intervalFrom, registerFailureRoute } from './failures.js';
import { INTERVAL_HEADER } from './push.js';
import { readerRoutes } from './routes.js';
import { ingestParams, ingestReplySchema } from './schemas.js';
import { SilenceWatch } from './silence.js';
import { HubBusyError, HubStore, type IngestResult } from './store.js';
import { HubEvents } from './webhooks.js';

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
  const { app, routes } = serviceApp(log);

  registerHealthz(
    app,
    () => store.ping(),
    'role',
    { const: 'hub' },
    () => 'hub',
  );

  registerOpenApi(app, routes, {
    title: 'oemscan hub',
    version: packageVersion(),
    description:
      "The estate's central inventory: sites, current devices with their site, history, newly flagged devices, trends. Readers send `Authorization: Bearer <OEMSCAN_API_TOKEN>`; a site pushes its scans with its own site token.",
  });

  registerDashboard(app);

  const siteToken = requireSiteBearer(config.sites);

  // Ingest: authenticated by the site named in the path, before the body is even looked at.
  app.register(async (ingest) => {
    ingest.put(
      '/api/sites/:site/scans/:scanId',
      {
        bodyLimit: INGEST_BODY_LIMIT,
        onRequest: siteToken,
        schema: {
          summary: "A site pushes a finished scan (the site's own token, not the readers')",
          description:
            "Authorization: Bearer <site token>; a site token opens only its own site's path. The body is the scan's oemscan.report/v1. Optional header X-Oemscan-Interval-Seconds: how often the site scans (for `silent`). 201 stored, 200 already stored; both only after COMMIT.",
          tags: ['ingest'],
          params: ingestParams,
          headers: {
            type: 'object',
            properties: {
              [INTERVAL_HEADER.toLowerCase()]: {
                type: 'string',
                description:
                  "the site's schedule interval in seconds (0: no schedule, never silent); anything but digits is ignored",
              },
            },
          },
          body: reportSchema,
          response: {
            201: { ...ingestReplySchema, description: 'Stored' },
            200: { ...ingestReplySchema, description: 'Already stored (a resend)' },
            ...errors(400, 401, 409),
            413: { ...errorSchema, description: 'Report larger than the ingest limit' },
            503: {
              ...errorSchema,
              description: 'Busy storing other scans; not stored, send it again after Retry-After seconds',
            },
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
        const intervalSeconds = intervalFrom(req.headers[INTERVAL_HEADER.toLowerCase()]);
        let result: IngestResult;
        try {
          result = await store.ingest(site, report, hold, { intervalSeconds });
        } catch (err) {
          if (!(err instanceof HubBusyError)) throw err;
          reply.header('Retry-After', '5');
          return fail(reply, 503, err.message);
        }
        if (result === 'conflict') return fail(reply, 409, `scan ${scanId} belongs to another site`);
        log.info({ site, scan: scanId, devices: report.devices.length, result }, 'scan received');
        if (hooks.onIngest) {
          const failed = (err: unknown) =>
            log.error({ site, scan: scanId, err: (err as Error)?.message }, 'onIngest failed');
          try {
            // Not awaited, and what it throws is logged: the push is acknowledged as it is.
            const r = hooks.onIngest(site, report, result) as unknown;
            if (r instanceof Promise) r.catch(failed);
          } catch (err) {
            failed(err);
          }
        }
        return reply.code(result === 'stored' ? 201 : 200).send({ site, scanId, result });
      },
    );
  });

  registerFailureRoute(app, { pool: store.pool, sites: config.sites, onFailure: hooks.onFailure });

  app.register(
    readerRoutes(store, config.apiToken, (api) => registerWebhookTest(api, hooks.webhooks, { role: 'hub' })),
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
