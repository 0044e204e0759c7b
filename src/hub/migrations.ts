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
  // Migration 2 is hubapi's (hub_sites.interval_seconds); 3 stands on its own.
  HUB_OPS_MIGRATION,
];
