/**
 * @module hub/schemas
 * JSON schemas of the hub's API (issue 14 API contract): what its routes validate and what
 * its `/openapi.json` documents. Device shapes are the site server's (src/serve/api-schemas.ts),
 * so both servers answer the dashboard alike.
 */
import { deviceQuerySchema, deviceSchema, UUID } from '../serve/api-schemas.js';

const str = { type: 'string' } as const;
const time = { type: 'string', format: 'date-time' } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
const count = { type: 'integer', minimum: 0 } as const;

/** The hub's largest page (the contract's 1..1000). */
export const HUB_MAX_PAGE = 1000;
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

export const siteSummarySchema = {
  type: 'object',
  required: [
    'name',
    'lastScanAt',
    'lastReceivedAt',
    'scans',
    'devices',
    'flagged',
    'unverified',
    'clear',
    'silent',
  ],
  properties: {
    name: str,
    lastScanAt: { ...nullableTime, description: 'start of the newest scan received from the site' },
    lastReceivedAt: { ...nullableTime, description: 'when the hub received its newest scan' },
    scans: count,
    devices: count,
    flagged: count,
    unverified: count,
    clear: count,
    silent: {
      type: 'boolean',
      description:
        'its interval is known (X-Oemscan-Interval-Seconds) and nothing arrived for longer than 2 x interval + 10 minutes',
    },
  },
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

export const hubDeviceQuerySchema = {
  ...deviceQuerySchema,
  properties: {
    ...deviceQuerySchema.properties,
    site: { ...deviceQuerySchema.properties.site, maxLength: 100 },
    limit: { ...deviceQuerySchema.properties.limit, maximum: HUB_MAX_PAGE },
    // A hub cursor carries its read snapshot besides the last site and key.
    cursor: { ...deviceQuerySchema.properties.cursor, maxLength: 2048 },
  },
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

const evidenceSchema = {
  type: 'object',
  required: ['field', 'value', 'probe', 'port', 'transport', 'observedAt'],
  properties: {
    field: str,
    value: str,
    probe: str,
    port: { type: 'integer' },
    transport: { type: 'string', enum: ['tcp', 'udp'] },
    request: str,
    observedAt: time,
    signature: str,
    vendor: str,
    brand: str,
    strength: str,
    authenticated: { type: 'boolean' },
  },
} as const;

const serviceSchema = {
  type: 'object',
  required: ['port', 'transport', 'service', 'status'],
  properties: { port: { type: 'integer' }, transport: str, service: str, status: str },
} as const;

const probeErrorSchema = {
  type: 'object',
  required: ['probe', 'port', 'status', 'message'],
  properties: { probe: str, port: { type: 'integer' }, status: str, message: str },
} as const;

export const deviceDetailSchema = {
  ...deviceSchema,
  required: [...deviceSchema.required, 'evidence', 'services', 'errors'],
  properties: {
    ...deviceSchema.properties,
    brandClaimed: { type: ['string', 'null'], description: 'the badge exactly as the device sent it' },
    oemBasis: { ...str, description: 'how the maker was decided (or why not)' },
    evidence: {
      type: 'array',
      items: evidenceSchema,
      description: 'the evidence chain, from the newest report that saw the device',
    },
    services: { type: 'array', items: serviceSchema },
    errors: { type: 'array', items: probeErrorSchema },
  },
} as const;

export const deviceParams = {
  type: 'object',
  required: ['site', 'key'],
  properties: { site: SITE_NAME, key: deviceSchema.properties.key },
} as const;

export const trendQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    days: { type: 'integer', minimum: 1, maximum: 366, default: 30, description: 'how far back' },
  },
} as const;

export const trendSchema = {
  type: 'object',
  required: ['series'],
  properties: {
    series: {
      type: 'array',
      items: {
        type: 'object',
        required: ['site', 'points'],
        properties: {
          site: str,
          points: {
            type: 'array',
            description: 'oldest first',
            items: {
              type: 'object',
              required: ['scanId', 'startedAt', 'devices', 'flagged', 'unverified'],
              properties: {
                scanId: str,
                startedAt: time,
                devices: count,
                flagged: count,
                unverified: count,
              },
            },
          },
        },
      },
    },
  },
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
