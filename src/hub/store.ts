/**
 * @module hub/store
 * The hub's inventory in PostgreSQL (`pg`). Migrations run at start under an advisory lock, so
 * two hubs starting on one database cannot race. A pushed scan is stored in one transaction
 * (the scan row and every device), keyed by the scan id: the same id pushed again is a no-op,
 * and the caller acknowledges only after COMMIT returned, so an acknowledged scan is durable
 * and an interrupted one leaves nothing behind and is simply pushed again.
 */
import pg from 'pg';
import type { Device, ErrorEntry, Report, ReportEvidence, ServiceEntry } from '../report/types.js';
import { deviceColumns, scanColumns } from '../store/scans.js';
import type { Sighting } from '../store/types.js';
import { parseIPv4 } from '../targets/index.js';
import { HUB_MIGRATIONS, type PgMigration } from './migrations.js';
import {
  currentDevicesSql,
  firstSeenSql,
  type HubDevice,
  type HubDevicePage,
  type HubDeviceQuery,
  queryDevices,
  toHubDevice,
} from './queries.js';
import { type SilentSite, silentSites } from './silence.js';

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
  /** Nothing arrived for longer than its schedule allows (src/hub/silence.ts). */
  silent: boolean;
}

export interface Estate {
  sites: number;
  silentSites: number;
  devices: number;
  flagged: number;
  unverified: number;
  clear: number;
  newlyFlagged: number;
}

export interface TrendPoint {
  scanId: string;
  startedAt: string;
  devices: number;
  flagged: number;
  unverified: number;
}

export type HubDeviceDetail = HubDevice & {
  /** The badge exactly as the device sent it. */
  brandClaimed: string | null;
  /** How the maker was decided (or why not). */
  oemBasis: string;
  history: Sighting[];
  evidence: ReportEvidence[];
  services: ServiceEntry[];
  errors: ErrorEntry[];
};

/** What a push tells besides the report (`X-Oemscan-Interval-Seconds`). */
export interface IngestMeta {
  intervalSeconds?: number;
}

/** How far back `GET /api/flagged/new` looks by default. */
export const NEW_FLAGGED_DAYS = 7;

const iso = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : v == null ? null : String(v);

/**
 * At most this many scans are written at once; the rest wait for a connection up to
 * INGEST_WAIT_MS and are then answered 503 (the site retries), so a burst of sites cannot
 * starve the readers or time out into 500s (measured with `npm run bench:hub -- --sites 100`).
 */
export const INGEST_CONNECTIONS = 4;
const INGEST_WAIT_MS = 30000;

/** No ingest connection came free in time. */
export class HubBusyError extends Error {
  constructor() {
    super('the hub is busy storing other scans');
  }
}

export class HubStore {
  private constructor(
    readonly pool: pg.Pool,
    /** Ingest transactions only: a burst of pushes holds these, never the readers' connections. */
    private readonly ingestPool: pg.Pool,
  ) {}

  static async open(
    url: string,
    migrations: readonly PgMigration[] = HUB_MIGRATIONS,
    { ingestWaitMs = INGEST_WAIT_MS } = {},
  ): Promise<HubStore> {
    const pools = [
      new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 10000 }),
      new pg.Pool({ connectionString: url, max: INGEST_CONNECTIONS, connectionTimeoutMillis: ingestWaitMs }),
    ] as const;
    for (const pool of pools) {
      // An idle client losing its server must not crash the process.
      pool.on('error', () => {});
      // Short queries: JIT compilation would cost more than it saves (seconds on a cold plan).
      pool.on('connect', (client) => {
        client.query('SET jit = off').catch(() => {});
      });
    }
    const store = new HubStore(...pools);
    try {
      await store.migrate(migrations);
    } catch (err) {
      await store.close();
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
  async ingest(
    site: string,
    report: Report,
    beforeCommit?: () => Promise<void>,
    meta: IngestMeta = {},
  ): Promise<IngestResult> {
    let c: pg.PoolClient;
    try {
      c = await this.ingestPool.connect();
    } catch (err) {
      // Every ingest connection stayed busy for INGEST_WAIT_MS: the site should come back later.
      if (/timeout/i.test((err as Error).message)) throw new HubBusyError();
      throw err;
    }
    try {
      await c.query('BEGIN');
      if (meta.intervalSeconds !== undefined)
        await c.query(
          'UPDATE hub_sites SET interval_seconds = $2 WHERE name = $1 AND interval_seconds IS DISTINCT FROM $2',
          [site, meta.intervalSeconds],
        );
      const ins = await c.query(
        `INSERT INTO hub_scans (id, site, started_at, finished_at, devices, flagged, unverified, report)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [report.scan.id, site, ...scanColumns(report)],
      );
      if (ins.rowCount === 0) {
        const owner = await c.query<{ site: string }>('SELECT site FROM hub_scans WHERE id = $1', [
          report.scan.id,
        ]);
        if (owner.rows[0]?.site !== site) {
          await c.query('ROLLBACK');
          return 'conflict';
        }
        // Already stored: only the interval it told (if any) is kept.
        await c.query('COMMIT');
        return 'duplicate';
      }
      // One multi-row insert per chunk keeps a 200-device scan to a few round trips.
      const CHUNK = 200;
      const COLUMNS = 20;
      for (let i = 0; i < report.devices.length; i += CHUNK) {
        const part = report.devices.slice(i, i + CHUNK);
        const values: unknown[] = [];
        const rows = part.map((d, j) => {
          const b = values.length;
          values.push(
            report.scan.id,
            i + j,
            site,
            ...deviceColumns(d),
            parseIPv4(d.ip) ?? 0,
            d.oem.probable === true,
            d.oem.rebranded === true,
            JSON.stringify(d.flags),
            report.scan.startedAt,
          );
          return `(${Array.from({ length: COLUMNS }, (_, k) => `$${b + k + 1}`).join(', ')})`;
        });
        await c.query(
          `INSERT INTO hub_devices (scan_id, seq, site, key, ip, mac, serial, hostname, type, brand, oem,
             oem_confidence, model, firmware, status, ip_order, oem_probable, rebranded, flags, started_at)
           VALUES ${rows.join(', ')}`,
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

  /** Every site with its newest scan's counts and whether it is silent at `now`. */
  async sites(now = new Date()): Promise<SiteSummary[]> {
    const silent = new Set((await this.silentSites(now)).map((s) => s.site));
    const { rows } = await this.pool.query(
      `SELECT s.name, l.started_at AS last_scan_at, r.last_received_at, r.scans,
         COALESCE(l.devices, 0) AS devices, COALESCE(l.flagged, 0) AS flagged,
         COALESCE(l.unverified, 0) AS unverified
       FROM hub_sites s
       LEFT JOIN LATERAL (SELECT started_at, devices, flagged, unverified FROM hub_scans x
         WHERE x.site = s.name ORDER BY started_at DESC, received_seq DESC LIMIT 1) l ON true
       CROSS JOIN LATERAL (SELECT max(received_at) AS last_received_at, count(*)::int AS scans
         FROM hub_scans x WHERE x.site = s.name) r
       ORDER BY s.name`,
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
      silent: silent.has(r.name),
    }));
  }

  /**
   * Sites silent at `now`: they told their schedule interval (`X-Oemscan-Interval-Seconds`, not
   * 0) and nothing (scan or failure report) arrived for longer than it allows (src/hub/silence.ts).
   */
  silentSites(now = new Date()): Promise<SilentSite[]> {
    return silentSites(this.pool, now);
  }

  /** Estate-wide counts at `now`. */
  async estate(now = new Date()): Promise<Estate> {
    const sites = await this.sites(now);
    const sum = (k: 'devices' | 'flagged' | 'unverified' | 'clear') => sites.reduce((n, s) => n + s[k], 0);
    const since = new Date(now.getTime() - NEW_FLAGGED_DAYS * 86400e3).toISOString();
    return {
      sites: sites.length,
      silentSites: sites.filter((s) => s.silent).length,
      devices: sum('devices'),
      flagged: sum('flagged'),
      unverified: sum('unverified'),
      clear: sum('clear'),
      newlyFlagged: (await this.flaggedNew(since)).length,
    };
  }

  /** Current devices: those of each site's newest scan, filtered, sorted, counted and paged. */
  devices(q: HubDeviceQuery): Promise<HubDevicePage> {
    return queryDevices(this.pool, q);
  }

  /**
   * One device of one site as its newest sighting saw it (it may have gone since), with every
   * sighting newest first and the evidence, services and errors of that newest report.
   */
  async device(site: string, key: string): Promise<HubDeviceDetail | undefined> {
    const { rows } = await this.pool.query(
      `SELECT d.scan_id, d.ip, d.status, d.oem, s.started_at,
         CASE WHEN row_number() OVER w = 1 THEN d.seq END AS newest_seq
       FROM hub_devices d JOIN hub_scans s ON s.id = d.scan_id
       WHERE d.site = $1 AND d.key = $2
       WINDOW w AS (ORDER BY s.started_at DESC, s.received_seq DESC)
       ORDER BY s.started_at DESC, s.received_seq DESC`,
      [site, key],
    );
    const newest = rows[0];
    if (!newest) return undefined;
    const history: Sighting[] = rows.map((r) => ({
      scanId: r.scan_id,
      startedAt: iso(r.started_at) as string,
      ip: r.ip,
      status: r.status,
      oem: r.oem,
    }));
    const detail = await this.pool.query(
      `SELECT d.*, s.report->'devices'->d.seq AS full FROM hub_devices d JOIN hub_scans s ON s.id = d.scan_id
       WHERE d.scan_id = $1 AND d.seq = $2`,
      [newest.scan_id, newest.newest_seq],
    );
    const row = detail.rows[0];
    if (!row) return undefined;
    const full = (row.full ?? {}) as Partial<
      Pick<Device, 'brandClaimed' | 'oem' | 'evidence' | 'services' | 'errors'>
    >;
    return {
      ...toHubDevice({
        ...row,
        last_seen: history[0]?.startedAt,
        first_seen: history.at(-1)?.startedAt,
      }),
      history,
      brandClaimed: full.brandClaimed ?? null,
      oemBasis: full.oem?.basis ?? '',
      evidence: full.evidence ?? [],
      services: full.services ?? [],
      errors: full.errors ?? [],
    };
  }

  /** Per site, its scans that started within `days` before `now`, oldest first. */
  async trend(days: number, now = new Date()): Promise<{ site: string; points: TrendPoint[] }[]> {
    const since = new Date(now.getTime() - days * 86400e3).toISOString();
    const { rows } = await this.pool.query(
      `SELECT s.name AS site, x.id, x.started_at, x.devices, x.flagged, x.unverified
       FROM hub_sites s LEFT JOIN hub_scans x ON x.site = s.name AND x.started_at >= $1::timestamptz
       ORDER BY s.name, x.started_at, x.received_seq`,
      [since],
    );
    const series = new Map<string, TrendPoint[]>();
    for (const r of rows) {
      const points = series.get(r.site) ?? [];
      series.set(r.site, points);
      if (r.id)
        points.push({
          scanId: r.id,
          startedAt: iso(r.started_at) as string,
          devices: r.devices,
          flagged: r.flagged,
          unverified: r.unverified,
        });
    }
    return [...series].map(([site, points]) => ({ site, points }));
  }

  /**
   * Current flagged devices, estate-wide, whose flagged run began at or after `since`: the
   * earliest of their consecutive flagged sightings up to the site's newest scan.
   */
  async flaggedNew(since: string): Promise<HubDevice[]> {
    const { rows } = await this.pool.query(
      `WITH ${currentDevicesSql()},
       fl AS MATERIALIZED (SELECT * FROM cur WHERE status = 'flagged')
       SELECT fl.*, ${firstSeenSql('fl')} AS first_seen FROM fl CROSS JOIN LATERAL (
         SELECT min(h.started_at) AS began FROM hub_devices h
         WHERE h.site = fl.site AND h.key = fl.key AND h.started_at > COALESCE((
           SELECT max(h2.started_at) FROM hub_devices h2
           WHERE h2.site = fl.site AND h2.key = fl.key AND h2.status <> 'flagged'), '-infinity')) run
       WHERE run.began >= $2::timestamptz
       ORDER BY fl.site COLLATE "C", fl.ip_order, fl.key COLLATE "C"`,
      [null, since],
    );
    return rows.map(toHubDevice);
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

  async close() {
    await Promise.all([this.pool.end(), this.ingestPool.end()]);
  }
}
