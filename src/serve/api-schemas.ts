/**
 * @module serve/api-schemas
 * JSON schemas of the service's API: request schemas fastify validates with, response schemas
 * that document (and, in test/serve/openapi.test.ts, check) what each route sends. Together they
 * are the OpenAPI document at `/openapi.json` (src/serve/openapi.ts). Only JSON Schema keywords
 * common to draft-07 (fastify's Ajv) and 2020-12 (OpenAPI 3.1) are used.
 */
import { DEVICE_SORTS, DEVICE_STATUSES, MAX_QUERY, SORT_ORDERS } from '../store/device-query.js';

/** `sort` of GET /api/devices (ties broken by site, then key); the hub's SQL uses the same list. */
export { DEVICE_SORTS };

export const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
/** How sightings are tied across scans: `serial:…`, `mac:…` or `ip:…`. */
export const DEVICE_KEY = '^(serial|mac|ip):.{1,256}$';
export const MAX_PAGE = 1000;

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const time = { type: 'string', format: 'date-time' } as const;
const status = { type: 'string', enum: [...DEVICE_STATUSES] } as const;

export const errorSchema = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: { statusCode: { type: 'integer' }, error: str, message: str },
} as const;

export const scanRecordSchema = {
  type: 'object',
  required: [
    'id',
    'startedAt',
    'finishedAt',
    'status',
    'trigger',
    'devices',
    'flagged',
    'unverified',
    'message',
  ],
  properties: {
    id: str,
    startedAt: time,
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
    status: { type: 'string', enum: ['running', 'complete', 'incomplete', 'failed'] },
    trigger: { type: 'string', enum: ['schedule', 'manual'] },
    devices: { type: 'integer', minimum: 0 },
    flagged: { type: 'integer', minimum: 0 },
    unverified: { type: 'integer', minimum: 0 },
    message: nullableStr,
  },
} as const;

const flagSchema = {
  type: 'object',
  required: ['policy', 'vendor', 'match', 'confidence', 'reason', 'reference'],
  properties: {
    policy: str,
    vendor: str,
    match: { type: 'string', enum: ['direct', 'oem'] },
    confidence: { type: 'number' },
    reason: str,
    reference: str,
  },
} as const;

const sightingSchema = {
  type: 'object',
  required: ['scanId', 'startedAt', 'ip', 'status', 'oem'],
  properties: { scanId: str, startedAt: time, ip: str, status, oem: nullableStr },
} as const;

export const deviceSchema = {
  type: 'object',
  required: [
    'key',
    'site',
    'ip',
    'mac',
    'serial',
    'brand',
    'oem',
    'model',
    'status',
    'policies',
    'flags',
    'firstSeen',
    'lastSeen',
    'history',
  ],
  properties: {
    key: {
      type: 'string',
      pattern: DEVICE_KEY,
      description: 'serial:…, mac:… or ip:…; ties sightings together',
    },
    site: str,
    ip: str,
    mac: nullableStr,
    serial: nullableStr,
    hostname: nullableStr,
    type: str,
    brand: nullableStr,
    oem: nullableStr,
    oemConfidence: { type: 'number' },
    oemProbable: { type: 'boolean' },
    rebranded: { type: 'boolean' },
    model: nullableStr,
    firmware: nullableStr,
    status,
    policies: { type: 'array', items: str },
    flags: { type: 'array', items: flagSchema },
    firstSeen: time,
    lastSeen: time,
    history: {
      type: 'array',
      items: sightingSchema,
      description: 'every complete scan that saw it, newest first',
    },
  },
} as const;

export const devicePageSchema = {
  type: 'object',
  required: ['site', 'total', 'items', 'nextCursor'],
  properties: {
    site: str,
    total: { type: 'integer', minimum: 0, description: 'devices matching the filters, over all pages' },
    items: { type: 'array', items: deviceSchema },
    nextCursor: {
      type: ['string', 'null'],
      description: 'pass as `cursor` for the next page; null on the last',
    },
  },
} as const;

export const deviceQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { ...status, description: 'only devices with this verdict' },
    vendor: { type: 'string', minLength: 1, maxLength: 100, description: 'maker or badge, case-insensitive' },
    site: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      description: "only this site's devices (a single-site service has one: its --site)",
    },
    since: {
      type: 'string',
      format: 'date-time',
      description: 'seen by a scan that started at or after this time',
    },
    newSince: { type: 'string', format: 'date-time', description: 'first seen at or after this time' },
    q: {
      type: 'string',
      maxLength: MAX_QUERY,
      description:
        'free text: case-insensitive substring of ip, mac, hostname, brand, oem, model, serial, firmware, site or key',
    },
    sort: {
      type: 'string',
      enum: [...DEVICE_SORTS],
      default: 'ip',
      description:
        'order by this column (ip numerically, status by severity, times by instant); ties by site, then key',
    },
    order: { type: 'string', enum: [...SORT_ORDERS], default: 'asc' },
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 100 },
    cursor: {
      type: 'string',
      minLength: 1,
      maxLength: 2048,
      description: 'nextCursor of the previous page (send the same filters, sort and order again)',
    },
  },
} as const;

const count = { type: 'integer', minimum: 0 } as const;

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
    lastScanAt: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'start of the newest complete scan',
    },
    lastReceivedAt: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'when the newest complete scan arrived (a site server: when it finished)',
    },
    scans: { ...count, description: 'complete scans stored' },
    devices: count,
    flagged: count,
    unverified: count,
    clear: count,
    silent: {
      type: 'boolean',
      description: 'no scan for longer than its schedule allows (always false on a site server)',
    },
  },
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
      description: 'one per site',
      items: {
        type: 'object',
        required: ['site', 'points'],
        properties: {
          site: str,
          points: {
            type: 'array',
            description: 'complete scans started within the window, oldest first',
            items: {
              type: 'object',
              required: ['scanId', 'startedAt', 'devices', 'flagged', 'unverified'],
              properties: { scanId: str, startedAt: time, devices: count, flagged: count, unverified: count },
            },
          },
        },
      },
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

const serviceEntrySchema = {
  type: 'object',
  required: ['port', 'transport', 'service', 'status'],
  properties: { port: { type: 'integer' }, transport: str, service: str, status: str },
} as const;

const errorEntrySchema = {
  type: 'object',
  required: ['probe', 'port', 'status', 'message'],
  properties: { probe: str, port: { type: 'integer' }, status: str, message: str },
} as const;

/** One device with its evidence chain: GET /api/sites/{site}/devices/{key}. */
export const deviceDetailSchema = {
  ...deviceSchema,
  required: [...deviceSchema.required, 'evidence', 'services', 'errors'],
  properties: {
    ...deviceSchema.properties,
    brandClaimed: { ...nullableStr, description: 'the badge exactly as the device sent it' },
    oemBasis: { ...str, description: 'how the maker was decided (or why not)' },
    evidence: {
      type: 'array',
      items: evidenceSchema,
      description: 'the evidence chain, from the newest stored report that saw the device',
    },
    services: { type: 'array', items: serviceEntrySchema },
    errors: { type: 'array', items: errorEntrySchema },
  },
} as const;

export const reportSchema = {
  type: 'object',
  description: 'The stored oemscan.report/v1, byte for byte (schemas/report.v1.json)',
  required: ['schema', 'tool', 'scan', 'devices', 'summary'],
  properties: { schema: { const: 'oemscan.report/v1' } },
} as const;

export const diffSchema = {
  type: 'object',
  description: 'oemscan.diff/v1: what changed between two scans',
  required: ['schema', 'summary'],
  properties: { schema: { const: 'oemscan.diff/v1' } },
} as const;

export const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, { ...errorSchema }])) as Record<number, typeof errorSchema>;
