/**
 * @module serve/config-schema
 * JSON Schema of the `oemscan serve` config file (YAML or JSON). Structure only; the meaning
 * of values (cron, targets, paths, policies) is checked in serve/config.
 */
/** `scan.failed`: a scan stopped on an error (the message says why; never a credential). */
export const WEBHOOK_EVENTS = ['newly-flagged', 'newly-unverified', 'disappeared', 'scan.failed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const int = (minimum: number, maximum: number) => ({ type: 'integer', minimum, maximum });
const strings = { type: 'array', items: { type: 'string', minLength: 1 } };

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    targets: { ...strings, minItems: 1 },
    exclude: strings,
    schedule: { type: 'string', minLength: 1 },
    policies: strings,
    credentials: { type: 'string', minLength: 1 },
    data: { type: 'string', minLength: 1 },
    listen: { type: 'string', minLength: 1 },
    /**
     * This scanner's site: its name in the API and at a hub, and the cover of the HTML report
     * (as `scan --site`). Spaces are fine (outer ones are trimmed); no control characters, and
     * none of `/ = ,`, which separate site names in URLs and in OEMSCAN_HUB_SITES.
     */
    site: {
      type: 'string',
      pattern:
        '^ *[^\\s/=,\\u0000-\\u001f\\u007f]([^/=,\\u0000-\\u001f\\u007f]{0,98}[^\\s/=,\\u0000-\\u001f\\u007f])? *$',
    },
    client: { type: 'string', minLength: 1, maxLength: 200 },
    assessor: { type: 'string', minLength: 1, maxLength: 200 },
    shutdownTimeout: int(100, 600000),
    retention: {
      type: 'object',
      additionalProperties: false,
      properties: { scans: int(1, 1000000), days: int(1, 36500) },
    },
    scan: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ports: { oneOf: [{ type: 'string' }, { type: 'array', items: int(1, 65535), minItems: 1 }] },
        portOffset: int(0, 60000),
        timeout: int(50, 120000),
        hostTimeout: int(100, 600000),
        concurrency: int(1, 1024),
        rate: int(0, 1000000),
        maxHostRate: int(0, 100000),
        allowPublic: { type: 'boolean' },
        allowLarge: { type: 'boolean' },
        signatures: strings,
        interfaces: strings,
        discovery: { type: 'boolean' },
        discoveryWindow: int(100, 60000),
      },
    },
    webhooks: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['url'],
        properties: {
          url: { type: 'string', minLength: 1 },
          events: { type: 'array', items: { enum: [...WEBHOOK_EVENTS] }, minItems: 1 },
          attempts: int(1, 20),
          backoff: int(10, 600000),
          timeout: int(100, 120000),
        },
      },
    },
  },
  required: ['targets'],
} as const;
