/**
 * @module hub/store
 * The hub's inventory in PostgreSQL (`pg`). Migrations run at start under an advisory lock, so
 * two hubs starting on one database cannot race. A pushed scan is stored in one transaction
 * (the scan row and every device), keyed by the scan id: the same id pushed again is a no-op,
 * and the caller acknowledges only after COMMIT returned, so an acknowledged scan is durable
 * and an interrupted one leaves nothing behind and is simply pushed again.
 */
import pg from 'pg';
import type { Report } from '../report/types.js';
import { deviceKey } from '../store/scans.js';
import { HUB_MIGRATIONS, type PgMigration } from './migrations.js';

/** An arbitrary constant: the advisory lock id that serialises migrations. */
const MIGRATION_LOCK = 0x0e45ca7;

export type IngestResult = 'stored' | 'duplicate' | 'conflict';

export interface SiteSummary {
  name: string;
  /** `startedAt` of the newest scan received from the site, or null. */
  lastScanAt: string | null;
  lastReceivedAt: string | null;
  scans: number;
  devices: number;
  flagged: number;
  unverified: number;
  clear: number;
}

export interface HubDevice {
  site: string;
  key: string;
  ip: string;
  mac: string | null;
  serial: string | null;
  hostname: string | null;
  type: string;
  brand: string | null;
  oem: string | null;
  oemConfidence: number;
  model: string | null;
  firmware: string | null;
  status: 'flagged' | 'unverified' | 'clear';
  scanId: string;
  lastSeen: string;
}

export interface DeviceQuery {
  site?: string;
  status?: string;
  limit: number;
  offset: number;
}

const iso = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : v == null ? null : String(v);

export class HubStore {
  private constructor(readonly pool: pg.Pool) {}

  static async open(url: string, migrations: readonly PgMigration[] = HUB_MIGRATIONS): Promise<HubStore> {
    const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10000 });
    // An idle client losing its server must not crash the process.
    pool.on('error', () => {});
    const store = new HubStore(pool);
    try {
      await store.migrate(migrations);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return store;
  }

  /** Applies the migrations not yet recorded; returns the versions applied now. */
  async migrate(migrations: readonly PgMigration[]): Promise<number[]> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query(
        'CREATE TABLE IF NOT EXISTS hub_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const done = new Set(
        (await c.query<{ version: number }>('SELECT version FROM hub_schema_migrations')).rows.map(
          (r) => r.version,
        ),
      );
      const newest = Math.max(0, ...done);
      const known = Math.max(0, ...migrations.map((m) => m.version));
      if (newest > known)
        throw new Error(
          `hub database schema version ${newest} is newer than this oemscan knows (${known}); use a newer oemscan`,
        );
      const applied: number[] = [];
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        await c.query(m.sql);
        await c.query('INSERT INTO hub_schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
        applied.push(m.version);
      }
      await c.query('COMMIT');
      return applied;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  /** Makes sure each accepted site has a row (sites are never deleted: their history stays). */
  async registerSites(names: string[]) {
    for (const name of names)
      await this.pool.query('INSERT INTO hub_sites (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
  }

  /**
   * Stores `report` for `site` in one transaction. `duplicate`: this site already sent that
   * scan id (nothing changes); `conflict`: another site owns that id. `beforeCommit` runs
   * inside the transaction just before COMMIT (a test hook).
   */
  async ingest(site: string, report: Report, beforeCommit?: () => Promise<void>): Promise<IngestResult> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const s = report.summary;
      const ins = await c.query(
        `INSERT INTO hub_scans (id, site, started_at, finished_at, devices, flagged, unverified, report)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          report.scan.id,
          site,
          report.scan.startedAt,
          report.scan.finishedAt,
          s.devices,
          s.flagged,
          s.unverified,
          JSON.stringify(report),
        ],
      );
      if (ins.rowCount === 0) {
        const owner = await c.query<{ site: string }>('SELECT site FROM hub_scans WHERE id = $1', [
          report.scan.id,
        ]);
        await c.query('ROLLBACK');
        return owner.rows[0]?.site === site ? 'duplicate' : 'conflict';
      }
      // One multi-row insert per chunk keeps a 200-device scan to a few round trips.
      const CHUNK = 200;
      for (let i = 0; i < report.devices.length; i += CHUNK) {
        const part = report.devices.slice(i, i + CHUNK);
        const values: unknown[] = [];
        const rows = part.map((d, j) => {
          const b = values.length;
          values.push(
            report.scan.id,
            i + j,
            site,
            deviceKey(d),
            d.ip,
            d.mac,
            d.serial,
            d.hostname,
            d.type,
            d.brand,
            d.oem.vendor,
            d.oem.confidence,
            d.model,
            d.firmware,
            d.status,
          );
          return `(${Array.from({ length: 15 }, (_, k) => `$${b + k + 1}`).join(', ')})`;
        });
        await c.query(
          `INSERT INTO hub_devices (scan_id, seq, site, key, ip, mac, serial, hostname, type, brand, oem,
             oem_confidence, model, firmware, status) VALUES ${rows.join(', ')}`,
          values,
        );
      }
      if (beforeCommit) await beforeCommit();
      await c.query('COMMIT');
      return 'stored';
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  async sites(): Promise<SiteSummary[]> {
    const { rows } = await this.pool.query(
      `WITH latest AS (
         SELECT DISTINCT ON (site) site, id, started_at, devices, flagged, unverified
         FROM hub_scans ORDER BY site, started_at DESC, received_seq DESC)
       SELECT s.name, l.started_at AS last_scan_at,
         (SELECT max(received_at) FROM hub_scans x WHERE x.site = s.name) AS last_received_at,
         (SELECT count(*) FROM hub_scans x WHERE x.site = s.name)::int AS scans,
         COALESCE(l.devices, 0) AS devices, COALESCE(l.flagged, 0) AS flagged,
         COALESCE(l.unverified, 0) AS unverified
       FROM hub_sites s LEFT JOIN latest l ON l.site = s.name ORDER BY s.name`,
    );
    return rows.map((r) => ({
      name: r.name,
      lastScanAt: iso(r.last_scan_at),
      lastReceivedAt: iso(r.last_received_at),
      scans: r.scans,
      devices: r.devices,
      flagged: r.flagged,
      unverified: r.unverified,
      clear: r.devices - r.flagged - r.unverified,
    }));
  }

  /** Current devices: those of each site's newest scan, filtered, with the total before paging. */
  async devices(q: DeviceQuery): Promise<{ total: number; devices: HubDevice[] }> {
    const where = `WHERE ($1::text IS NULL OR d.site = $1) AND ($2::text IS NULL OR d.status = $2)`;
    const latest = `WITH latest AS (
      SELECT DISTINCT ON (site) id, started_at FROM hub_scans ORDER BY site, started_at DESC, received_seq DESC)`;
    const args = [q.site ?? null, q.status ?? null];
    const total = await this.pool.query<{ n: number }>(
      `${latest} SELECT count(*)::int AS n FROM hub_devices d JOIN latest l ON d.scan_id = l.id ${where}`,
      args,
    );
    const { rows } = await this.pool.query(
      `${latest} SELECT d.*, l.started_at FROM hub_devices d JOIN latest l ON d.scan_id = l.id ${where}
       ORDER BY d.site, d.seq LIMIT $3 OFFSET $4`,
      [...args, q.limit, q.offset],
    );
    return {
      total: total.rows[0]?.n ?? 0,
      devices: rows.map((r) => ({
        site: r.site,
        key: r.key,
        ip: r.ip,
        mac: r.mac,
        serial: r.serial,
        hostname: r.hostname,
        type: r.type,
        brand: r.brand,
        oem: r.oem,
        oemConfidence: r.oem_confidence,
        model: r.model,
        firmware: r.firmware,
        status: r.status,
        scanId: r.scan_id,
        lastSeen: iso(r.started_at) as string,
      })),
    };
  }

  /** Scans received from a site, in the order they arrived (oldest first). */
  async receivedScans(
    site: string,
  ): Promise<{ id: string; startedAt: string; receivedSeq: number; devices: number }[]> {
    const { rows } = await this.pool.query(
      'SELECT id, started_at, received_seq, devices FROM hub_scans WHERE site = $1 ORDER BY received_seq',
      [site],
    );
    return rows.map((r) => ({
      id: r.id,
      startedAt: iso(r.started_at) as string,
      receivedSeq: Number(r.received_seq),
      devices: r.devices,
    }));
  }

  async ping() {
    await this.pool.query('SELECT 1');
  }

  close() {
    return this.pool.end();
  }
}
