/**
 * @module store/migrations
 * Schema changes, oldest first. Each runs once, inside a transaction, and is recorded in
 * `schema_migrations`; never edit a released migration, add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'scans, devices, evidence, flags',
    sql: `
CREATE TABLE scans (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'incomplete', 'failed')),
  trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  devices INTEGER NOT NULL DEFAULT 0,
  flagged INTEGER NOT NULL DEFAULT 0,
  unverified INTEGER NOT NULL DEFAULT 0,
  message TEXT,
  report TEXT
);
CREATE INDEX scans_started ON scans (started_at);
CREATE TABLE devices (
  scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  key TEXT NOT NULL,
  ip TEXT NOT NULL,
  mac TEXT,
  serial TEXT,
  hostname TEXT,
  type TEXT NOT NULL,
  brand TEXT,
  oem TEXT,
  oem_confidence REAL NOT NULL,
  rebranded INTEGER NOT NULL,
  model TEXT,
  firmware TEXT,
  status TEXT NOT NULL,
  PRIMARY KEY (scan_id, seq)
);
CREATE INDEX devices_key ON devices (key);
CREATE TABLE evidence (
  scan_id TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  probe TEXT NOT NULL,
  port INTEGER NOT NULL,
  signature TEXT,
  vendor TEXT,
  FOREIGN KEY (scan_id, device_seq) REFERENCES devices (scan_id, seq) ON DELETE CASCADE
);
CREATE INDEX evidence_device ON evidence (scan_id, device_seq);
CREATE TABLE flags (
  scan_id TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  policy TEXT NOT NULL,
  vendor TEXT NOT NULL,
  match TEXT NOT NULL,
  confidence REAL NOT NULL,
  reason TEXT NOT NULL,
  reference TEXT NOT NULL,
  FOREIGN KEY (scan_id, device_seq) REFERENCES devices (scan_id, seq) ON DELETE CASCADE
);
CREATE INDEX flags_device ON flags (scan_id, device_seq);
`,
  },
  {
    version: 2,
    name: 'devices.oem_probable: the maker is named on the balance of the evidence',
    sql: 'ALTER TABLE devices ADD COLUMN oem_probable INTEGER NOT NULL DEFAULT 0;',
  },
  {
    version: 3,
    name: 'outbox: finished scans waiting to be pushed to the hub, oldest first',
    sql: `
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  scan_id TEXT NOT NULL UNIQUE,
  site TEXT NOT NULL,
  enqueued_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  report TEXT NOT NULL
);
`,
  },
  {
    version: 4,
    name: 'outbox.kind: failed scans are reported to the hub too, in the same queue',
    sql: "ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'scan';",
  },
];
