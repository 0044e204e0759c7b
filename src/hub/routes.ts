/**
 * @module hub/routes
 * The hub's readers' API under `/api` (issue 14 API contract): sites, estate counts, current
 * devices with filters, search, sort and cursor paging, one device with its history and
 * evidence, the per-site trend and the newly flagged devices. Every route needs
 * `Authorization: Bearer <OEMSCAN_API_TOKEN>`, checked before anything else about the request.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import {
  deviceDetailSchema,
  deviceQuerySchema,
  errors,
  siteSummarySchema,
  trendQuerySchema,
  trendSchema,
} from '../serve/api-schemas.js';
import { requireBearer } from '../serve/auth.js';
import { fail, orBadRequest } from '../serve/replies.js';
import type { HubDeviceQuery } from './queries.js';
import {
  deviceParams,
  estateSchema,
  flaggedNewQuerySchema,
  flaggedNewSchema,
  hubDevicePageSchema,
} from './schemas.js';
import { type HubStore, NEW_FLAGGED_DAYS } from './store.js';

/** `more` registers further routes in the same authenticated scope (the webhook test). */
export function readerRoutes(
  store: HubStore,
  apiToken: string,
  more?: (api: FastifyInstance) => void,
): FastifyPluginAsync {
  return async (api) => {
    api.addHook('onRequest', requireBearer(apiToken));
    more?.(api);

    api.get(
      '/sites',
      {
        schema: {
          summary: 'Every site with the counts of its newest scan, and whether it is silent',
          tags: ['sites'],
          response: { 200: { type: 'array', items: siteSummarySchema }, ...errors(401) },
        },
      },
      async () => store.sites(),
    );

    api.get(
      '/estate',
      {
        schema: {
          summary: 'Estate-wide counts: sites, silent sites, current devices by verdict, newly flagged',
          tags: ['sites'],
          response: { 200: estateSchema, ...errors(401) },
        },
      },
      async () => store.estate(),
    );

    api.get(
      '/devices',
      {
        schema: {
          summary:
            "Current devices (each site's newest scan) with their site: filtered, searched, sorted, paged",
          description:
            '`total` counts every match; follow `nextCursor` (sending the same filters and sort) for the next page. Paging reads the estate as it was at the first page, so scans arriving meanwhile move nothing.',
          tags: ['devices'],
          querystring: deviceQuerySchema,
          response: { 200: hubDevicePageSchema, ...errors(400, 401) },
        },
      },
      async (req, reply) => orBadRequest(reply, () => store.devices(req.query as HubDeviceQuery)),
    );

    api.get(
      '/sites/:site/devices/:key',
      {
        schema: {
          summary: "One site's device as last seen, its history across scans, its evidence chain",
          description:
            'The key is URL-encoded, e.g. /api/sites/north/devices/serial%3ADS-2CD2143G0-I20190101. Evidence, services and errors come from the newest report that saw the device.',
          tags: ['devices'],
          params: deviceParams,
          response: { 200: deviceDetailSchema, ...errors(400, 401, 404) },
        },
      },
      async (req, reply) => {
        const { site, key } = req.params as { site: string; key: string };
        const d = await store.device(site, key);
        return d ?? fail(reply, 404, `no device ${key} at site ${site}`);
      },
    );

    api.get(
      '/trend',
      {
        schema: {
          summary: 'Per site, the counts of each scan that started in the last `days` days (oldest first)',
          tags: ['sites'],
          querystring: trendQuerySchema,
          response: { 200: trendSchema, ...errors(400, 401) },
        },
      },
      async (req) => ({ series: await store.trend((req.query as { days: number }).days) }),
    );

    api.get(
      '/flagged/new',
      {
        schema: {
          summary: 'Current flagged devices, estate-wide, whose flagged run began at or after `since`',
          description: `A device is newly flagged when flagged in its site's newest scan and its consecutive flagged sightings began at or after \`since\` (default: ${NEW_FLAGGED_DAYS} days ago).`,
          tags: ['devices'],
          querystring: flaggedNewQuerySchema,
          response: { 200: flaggedNewSchema, ...errors(400, 401) },
        },
      },
      async (req) => {
        const q = req.query as { since?: string };
        const since = q.since
          ? new Date(q.since).toISOString()
          : new Date(Date.now() - NEW_FLAGGED_DAYS * 86400e3).toISOString();
        const items = await store.flaggedNew(since);
        return { since, total: items.length, items };
      },
    );

    // Not a route (so not in the OpenAPI document); the token check above still runs first.
    api.setNotFoundHandler(async (req, reply) =>
      fail(reply, 404, `no endpoint ${req.method} ${req.url.split('?')[0]}`),
    );
  };
}
