/**
 * @module hub/schemas
 * JSON schemas of the hub's API (issue 14 API contract): what its routes validate and what
 * its `/openapi.json` documents. Device shapes are the site server's (src/serve/api-schemas.ts),
 * so both servers answer the dashboard alike.
 */
import { deviceSchema, UUID } from '../serve/api-schemas.js';

const str = { type: 'string' } as const;
const time = { type: 'string', format: 'date-time' } as const;
const count = { type: 'integer', minimum: 0 } as const;

/** A site name as the hub's configuration accepts it (src/hub/config.ts). */
export const SITE_NAME = { type: 'string', minLength: 1, maxLength: 100 } as const;

export const siteParams = {
  type: 'object',
  required: ['site'],
  properties: { site: SITE_NAME },
} as const;

export const ingestParams = {
  type: 'object',
  required: ['site', 'scanId'],
  properties: { site: SITE_NAME, scanId: { type: 'string', pattern: UUID } },
} as const;

export const ingestReplySchema = {
  type: 'object',
  required: ['site', 'scanId', 'result'],
  properties: { site: str, scanId: str, result: { type: 'string', enum: ['stored', 'duplicate'] } },
} as const;

export const estateSchema = {
  type: 'object',
  required: ['sites', 'silentSites', 'devices', 'flagged', 'unverified', 'clear', 'newlyFlagged'],
  properties: {
    sites: count,
    silentSites: count,
    devices: count,
    flagged: count,
    unverified: count,
    clear: count,
    newlyFlagged: { ...count, description: 'total of GET /api/flagged/new with its default since' },
  },
} as const;

/** A device in a list: the site server's device, `history` left out. */
export const listDeviceSchema = {
  ...deviceSchema,
  required: deviceSchema.required.filter((k) => k !== 'history'),
} as const;

export const hubDevicePageSchema = {
  type: 'object',
  required: ['total', 'items', 'nextCursor'],
  properties: {
    total: { ...count, description: 'devices matching the filters, over all pages' },
    items: { type: 'array', items: listDeviceSchema },
    nextCursor: {
      type: ['string', 'null'],
      description: 'pass as `cursor` (with the same filters and sort) for the next page; null on the last',
    },
  },
} as const;

export const deviceParams = {
  type: 'object',
  required: ['site', 'key'],
  properties: { site: SITE_NAME, key: deviceSchema.properties.key },
} as const;

export const flaggedNewQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    since: { ...time, description: 'the flagged run began at or after this time (default: 7 days ago)' },
  },
} as const;

export const flaggedNewSchema = {
  type: 'object',
  required: ['since', 'total', 'items'],
  properties: { since: time, total: count, items: { type: 'array', items: listDeviceSchema } },
} as const;
