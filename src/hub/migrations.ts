/**
 * @module hub/migrations
 * The hub's PostgreSQL schema, oldest first. Each runs once, in a transaction, recorded in
 * `hub_schema_migrations`; never edit a released migration, add the next one.
 */
import { HUB_OPS_MIGRATION } from './failures.js';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const HUB_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'sites, scans pushed by sites, their devices',
    sql: `
CREATE TABLE hub_sites (
  name TEXT PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE hub_scans (
  id UUID PRIMARY KEY,
  site TEXT NOT NULL REFERENCES hub_sites (name),
  received_seq BIGSERIAL NOT NULL UNIQUE,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ NOT NULL,
  devices INTEGER NOT NULL,
  flagged INTEGER NOT NULL,
  unverified INTEGER NOT NULL,
  report JSONB NOT NULL
);
CREATE INDEX hub_scans_site_started ON hub_scans (site, started_at DESC);
CREATE TABLE hub_devices (
  scan_id UUID NOT NULL REFERENCES hub_scans (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  site TEXT NOT NULL,
  key TEXT NOT NULL,
  ip TEXT NOT NULL,
  mac TEXT,
  serial TEXT,
  hostname TEXT,
  type TEXT NOT NULL,
  brand TEXT,
  oem TEXT,
  oem_confidence REAL NOT NULL,
  model TEXT,
  firmware TEXT,
  status TEXT NOT NULL,
  PRIMARY KEY (scan_id, seq)
);
CREATE INDEX hub_devices_key ON hub_devices (site, key);
CREATE INDEX hub_devices_status ON hub_devices (status);
`,
  },
  {
    version: 2,
    name: 'central views: site intervals, read snapshots, device columns for lists, indexes',
    sql: `
-- The site's schedule interval (X-Oemscan-Interval-Seconds; 0: no schedule). Migration 3 adds
-- it too, if missing, so the two stand in either order.
ALTER TABLE hub_sites ADD COLUMN IF NOT EXISTS interval_seconds INTEGER;
-- The writing transaction: a device list pages over the scans visible in one pg_snapshot.
ALTER TABLE hub_scans ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX hub_scans_site_latest ON hub_scans (site, started_at DESC, received_seq DESC);
CREATE INDEX hub_scans_site_received ON hub_scans (site, received_at DESC);
-- Each sighting carries its scan's start and writing transaction, so first seen, a device's
-- history and its flagged run are read from one index.
ALTER TABLE hub_devices
  ADD COLUMN started_at TIMESTAMPTZ,
  ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  ADD COLUMN ip_order BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN oem_probable BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN rebranded BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN flags JSONB NOT NULL DEFAULT '[]';
UPDATE hub_devices d SET
  started_at = s.started_at,
  oem_probable = COALESCE((s.report->'devices'->d.seq->'oem'->>'probable') = 'true', false),
  rebranded = COALESCE((s.report->'devices'->d.seq->'oem'->>'rebranded') = 'true', false),
  flags = COALESCE(s.report->'devices'->d.seq->'flags', '[]'::jsonb),
  ip_order = CASE WHEN d.ip ~ '^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$'
    THEN split_part(d.ip, '.', 1)::bigint * 16777216 + split_part(d.ip, '.', 2)::bigint * 65536
       + split_part(d.ip, '.', 3)::bigint * 256 + split_part(d.ip, '.', 4)::bigint
    ELSE 0 END
FROM hub_scans s WHERE s.id = d.scan_id;
ALTER TABLE hub_devices ALTER COLUMN started_at SET NOT NULL;
DROP INDEX hub_devices_key;
CREATE INDEX hub_devices_seen ON hub_devices (site, key, started_at) INCLUDE (xid, status);
`,
  },
  HUB_OPS_MIGRATION,
];
