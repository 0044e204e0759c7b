/**
 * @module hub/failures
 * `POST /api/sites/{site}/failures`: a site reports a scan that failed (queued in its outbox
 * like a finished scan, src/hub/push.ts). Authenticated like ingest: the site named in the path,
 * with its own token, checked before the body is looked at. Idempotent by scan id: 201 the first
 * time (and `scan.failed` fires), 200 when the hub already has it, 409 when another site owns
 * that id. The `X-Oemscan-Interval-Seconds` header is recorded as the site's schedule interval,
 * as on ingest: a site whose every scan fails is failing, not silent.
 */
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { bearerChecker } from '../serve/auth.js';
import { fail } from '../serve/replies.js';
import type { ScanFailure } from '../serve/webhooks.js';
import type { PgMigration } from './migrations.js';
import { INTERVAL_HEADER } from './push.js';

/**
 * Hub migration 3 (after hubapi's 2, which adds `hub_sites.interval_seconds`; the column is
 * added here too, only if missing, so this migration stands on its own): failed scans reported
 * by sites, and the silence episodes already announced (src/hub/silence.ts).
 */
export const HUB_OPS_MIGRATION: PgMigration = {
  version: 3,
  name: 'failed scans reported by sites; silence episodes announced',
  sql: `
ALTER TABLE hub_sites ADD COLUMN IF NOT EXISTS interval_seconds INTEGER;
CREATE TABLE hub_failures (
  scan_id UUID PRIMARY KEY,
  site TEXT NOT NULL REFERENCES hub_sites (name),
  started_at TIMESTAMPTZ NOT NULL,
  failed_at TIMESTAMPTZ NOT NULL,
  trigger TEXT NOT NULL,
  error TEXT NOT NULL,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX hub_failures_site ON hub_failures (site, received_at DESC);
CREATE TABLE hub_silence (
  site TEXT PRIMARY KEY REFERENCES hub_sites (name),
  notified_at TIMESTAMPTZ NOT NULL,
  last_received_at TIMESTAMPTZ NOT NULL
);
`,
};

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
/** A year: the longest schedule interval taken at its word. */
const MAX_INTERVAL = 366 * 24 * 3600;

/** The site's schedule interval from a push's header; undefined when absent or not a number. */
export function intervalFrom(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (v === undefined || !/^\d{1,9}$/.test(v.trim())) return undefined;
  return Math.min(Number(v), MAX_INTERVAL);
}

/** Records a site's schedule interval (0: it has none, so it is never called silent). */
export async function recordInterval(pool: Pool, site: string, seconds: number | undefined) {
  if (seconds === undefined) return;
  await pool.query(
    'UPDATE hub_sites SET interval_seconds = $2 WHERE name = $1 AND interval_seconds IS DISTINCT FROM $2',
    [site, seconds],
  );
}

export type FailureResult = 'stored' | 'duplicate' | 'conflict';

export async function storeFailure(pool: Pool, site: string, f: ScanFailure): Promise<FailureResult> {
  const ins = await pool.query(
    `INSERT INTO hub_failures (scan_id, site, started_at, failed_at, trigger, error)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (scan_id) DO NOTHING RETURNING scan_id`,
    [f.scan.id, site, f.scan.startedAt, f.scan.finishedAt, f.trigger, f.error],
  );
  if (ins.rowCount) return 'stored';
  const owner = await pool.query<{ site: string }>('SELECT site FROM hub_failures WHERE scan_id = $1', [
    f.scan.id,
  ]);
  return owner.rows[0]?.site === site ? 'duplicate' : 'conflict';
}

export const failureBodySchema = {
  type: 'object',
  required: ['scan', 'trigger', 'error'],
  properties: {
    site: { type: 'string', maxLength: 100 },
    scan: {
      type: 'object',
      required: ['id', 'startedAt', 'finishedAt'],
      properties: {
        id: { type: 'string', pattern: UUID },
        startedAt: { type: 'string', format: 'date-time' },
        finishedAt: { type: 'string', format: 'date-time' },
      },
    },
    trigger: { type: 'string', maxLength: 32 },
    error: { type: 'string', maxLength: 2000 },
  },
} as const;

export function registerFailureRoute(
  app: FastifyInstance,
  opts: {
    pool: Pool;
    /** Site name -> token. */
    sites: ReadonlyMap<string, string>;
    /** Called once per failed scan, after it was stored. */
    onFailure?: (failure: ScanFailure) => void;
  },
) {
  const checkers = new Map([...opts.sites].map(([name, token]) => [name, bearerChecker(token)]));
  app.post(
    '/api/sites/:site/failures',
    {
      onRequest: async (req, reply) => {
        const { site } = req.params as { site: string };
        if (!checkers.get(site)?.(req.headers.authorization)) {
          reply.header('WWW-Authenticate', 'Bearer realm="oemscan-hub"');
          return fail(reply, 401, 'missing or wrong site token');
        }
      },
      schema: {
        summary: 'A site reports a scan that failed (site token)',
        tags: ['sites'],
        params: {
          type: 'object',
          required: ['site'],
          properties: { site: { type: 'string', maxLength: 100 } },
        },
        body: failureBodySchema,
      },
    },
    async (req, reply) => {
      const { site } = req.params as { site: string };
      const body = req.body as ScanFailure;
      if (body.site !== undefined && body.site !== site)
        return fail(reply, 400, 'the report is of another site than the path names');
      const failure: ScanFailure = { ...body, site };
      await recordInterval(opts.pool, site, intervalFrom(req.headers[INTERVAL_HEADER.toLowerCase()]));
      const result = await storeFailure(opts.pool, site, failure);
      if (result === 'conflict') return fail(reply, 409, `scan ${body.scan.id} belongs to another site`);
      req.log.info({ site, scan: body.scan.id, result }, 'failed scan reported');
      if (result === 'stored') opts.onFailure?.(failure);
      return reply.code(result === 'stored' ? 201 : 200).send({ site, scanId: body.scan.id, result });
    },
  );
}
