/**
 * @module hub/queries
 * The hub's device views in SQL: the current devices (those of each site's newest scan) with
 * first/last seen, filtered, searched, sorted and keyset-paged, without loading the estate into
 * memory.
 *
 * Paging is stable under concurrent ingests: the first page takes a PostgreSQL snapshot
 * (`pg_current_snapshot()`) and every later page reads the estate as it was in that snapshot
 * (each scan row records the transaction that wrote it, `hub_scans.xid`), so a scan that lands
 * mid-paging neither moves nor duplicates nor hides a device, and `total` stays the same. The
 * cursor is opaque to clients: base64url of the snapshot, the sort, a digest of the filters and
 * the last row's site and key (its sort value is read again in the same snapshot, so the cursor
 * carries no device data and stays short).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { UsageError } from '../errors/index.js';
import type { DeviceSort, DeviceStatus, SortOrder } from '../store/device-query.js';
import type { DeviceRecord } from '../store/types.js';

/** A device as the hub lists it: the site server's record with its site, history optional. */
export type HubDevice = Omit<DeviceRecord, 'history'> & { site: string; history?: DeviceRecord['history'] };

export interface HubDeviceQuery {
  site?: string;
  status?: DeviceStatus;
  vendor?: string;
  since?: string;
  newSince?: string;
  q?: string;
  sort?: DeviceSort;
  order?: SortOrder;
  limit: number;
  cursor?: string;
}

export interface HubDevicePage {
  total: number;
  items: HubDevice[];
  nextCursor: string | null;
}

interface Cursor {
  snapshot: string;
  sort: DeviceSort;
  order: SortOrder;
  filters: string;
  site: string;
  key: string;
}

const SNAPSHOT = /^\d{1,20}:\d{1,20}:(\d{1,20}(,\d{1,20}){0,1000})?$/;

/** Sort expressions over the `cur` rows; text ones compare bytewise (COLLATE "C"), case-folded. */
const SORTS: Record<DeviceSort, { expr: string; type: 'bigint' | 'integer' | 'text' | 'timestamptz' }> = {
  ip: { expr: 'ip_order', type: 'bigint' },
  site: { expr: 'site', type: 'text' },
  oem: { expr: "lower(COALESCE(oem, ''))", type: 'text' },
  brand: { expr: "lower(COALESCE(brand, ''))", type: 'text' },
  model: { expr: "lower(COALESCE(model, ''))", type: 'text' },
  // Severity: flagged first in ascending order.
  status: { expr: "CASE status WHEN 'flagged' THEN 0 WHEN 'unverified' THEN 1 ELSE 2 END", type: 'integer' },
  lastSeen: { expr: 'last_seen', type: 'timestamptz' },
  firstSeen: { expr: 'fs', type: 'timestamptz' },
};

const filterDigest = (q: HubDeviceQuery) =>
  createHash('sha256')
    .update(JSON.stringify([q.site, q.status, q.vendor?.toLowerCase(), q.since, q.newSince, q.q]))
    .digest('base64url')
    .slice(0, 16);

export function encodeHubCursor(c: Cursor): string {
  return Buffer.from(
    JSON.stringify([c.snapshot, c.sort, c.order, c.filters, c.site, c.key]),
    'utf8',
  ).toString('base64url');
}

export function decodeHubCursor(cursor: string): Cursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    v = undefined;
  }
  if (Array.isArray(v) && v.length === 6 && v.every((x) => typeof x === 'string')) {
    const [snapshot, sort, order, filters, site, key] = v as [string, string, string, string, string, string];
    if (SNAPSHOT.test(snapshot) && sort in SORTS && (order === 'asc' || order === 'desc'))
      return { snapshot, sort: sort as DeviceSort, order, filters, site, key };
  }
  throw new UsageError('cursor is not one this API handed out');
}

/**
 * `latest` (each site's newest scan visible in the snapshot `$1`, or now when `$1` is null) and
 * `cur` (its devices with `last_seen`). `siteParam` narrows `latest` to one site. Both are
 * materialised, and each scan's devices are read by index (`OFFSET 0` keeps the planner from
 * turning that into a scan of every sighting ever stored).
 */
export function currentDevicesSql(siteParam?: string): string {
  return `snap AS (SELECT COALESCE($1::text::pg_snapshot, pg_current_snapshot()) AS s),
latest AS MATERIALIZED (
  SELECT x.id, x.started_at FROM hub_sites hs CROSS JOIN snap CROSS JOIN LATERAL (
    SELECT sc.id, sc.started_at FROM hub_scans sc
    WHERE sc.site = hs.name AND pg_visible_in_snapshot(sc.xid, snap.s)
    ORDER BY sc.started_at DESC, sc.received_seq DESC LIMIT 1) x
  ${siteParam ? `WHERE hs.name = ${siteParam}` : ''}),
cur AS MATERIALIZED (
  SELECT d.*, l.started_at AS last_seen FROM latest l
  CROSS JOIN LATERAL (SELECT * FROM hub_devices WHERE scan_id = l.id OFFSET 0) d)`;
}

/** The first sighting (visible in `snap`) of the device in row `t`: one probe of hub_devices_seen. */
export const firstSeenSql = (t: string) =>
  `(SELECT min(h.started_at) FROM hub_devices h WHERE h.site = ${t}.site AND h.key = ${t}.key
     AND pg_visible_in_snapshot(h.xid, (SELECT s FROM snap)))`;

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

/** A `hub_devices` row (with last_seen/first_seen) as the API's device. */
export function toHubDevice(r: Record<string, unknown>): HubDevice {
  const flags = (r.flags ?? []) as DeviceRecord['flags'];
  return {
    site: r.site as string,
    key: r.key as string,
    ip: r.ip as string,
    mac: r.mac as string | null,
    serial: r.serial as string | null,
    hostname: r.hostname as string | null,
    type: r.type as DeviceRecord['type'],
    brand: r.brand as string | null,
    oem: r.oem as string | null,
    oemConfidence: r.oem_confidence as number,
    oemProbable: r.oem_probable === true,
    rebranded: r.rebranded === true,
    model: r.model as string | null,
    firmware: r.firmware as string | null,
    status: r.status as DeviceRecord['status'],
    policies: flags.map((f) => f.policy),
    flags,
    firstSeen: iso(r.first_seen),
    lastSeen: iso(r.last_seen),
  };
}

/** One page of current devices; `total` counts every match in the same snapshot. */
export async function queryDevices(pool: pg.Pool, q: HubDeviceQuery): Promise<HubDevicePage> {
  const sort = q.sort ?? 'ip';
  const order = q.order ?? 'asc';
  const filters = filterDigest(q);
  const after = q.cursor ? decodeHubCursor(q.cursor) : undefined;
  if (after && (after.sort !== sort || after.order !== order || after.filters !== filters))
    throw new UsageError('cursor was handed out for other filters or another sort: send the same ones again');
  const snapshot =
    after?.snapshot ??
    (await pool.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s')).rows[0]?.s ??
    null;

  const args: unknown[] = [snapshot];
  const arg = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  const where: string[] = [];
  const site = q.site !== undefined ? arg(q.site) : undefined;
  if (site) where.push(`site = ${site}`);
  if (q.status) where.push(`status = ${arg(q.status)}`);
  if (q.vendor) {
    const v = arg(q.vendor);
    where.push(`(lower(oem) = lower(${v}) OR lower(brand) = lower(${v}))`);
  }
  if (q.since) where.push(`last_seen >= ${arg(q.since)}::timestamptz`);
  if (q.newSince) where.push(`fs >= ${arg(q.newSince)}::timestamptz`);
  if (q.q)
    where.push(`EXISTS (SELECT 1 FROM unnest(ARRAY[ip, mac, hostname, brand, oem, model, serial, firmware, site, key]) f
      WHERE strpos(lower(f), lower(${arg(q.q)})) > 0)`);

  const s = SORTS[sort];
  const text = s.type === 'text';
  const sv = (t = '') => (text ? `${t}sort_v COLLATE "C"` : `${t}sort_v`);
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const orderBy = (t = '') => `${sv(t)} ${dir}, ${t}site COLLATE "C" ${dir}, ${t}key COLLATE "C" ${dir}`;
  // The row the previous page ended on, as it is in the same snapshot with the same filters.
  const anchor = after
    ? `(SELECT ${sv('a.')}, a.site COLLATE "C", a.key COLLATE "C" FROM m a
        WHERE a.site = ${arg(after.site)} AND a.key = ${arg(after.key)})`
    : undefined;
  const keyset = anchor
    ? `WHERE (${sv()}, site COLLATE "C", key COLLATE "C") ${order === 'asc' ? '>' : '<'} ${anchor}`
    : '';
  const limit = arg(q.limit + 1);
  // First seen is computed for every match only when filtered or sorted on; else per page row.
  const everyFirstSeen = sort === 'firstSeen' || q.newSince !== undefined;
  const sql = `WITH ${currentDevicesSql(site)},
f AS (SELECT cur.*, ${everyFirstSeen ? firstSeenSql('cur') : 'NULL::timestamptz'} AS fs FROM cur),
m AS MATERIALIZED (SELECT f.*, ${s.expr} AS sort_v FROM f ${where.length ? `WHERE ${where.join(' AND ')}` : ''}),
page AS (SELECT * FROM m ${keyset} ORDER BY ${orderBy()} LIMIT ${limit})
SELECT (SELECT count(*)::int FROM m) AS total, ${anchor ? `EXISTS ${anchor}` : 'true'} AS anchored, page.*,
  COALESCE(page.fs, ${firstSeenSql('page')}) AS first_seen
FROM (VALUES (1)) one LEFT JOIN page ON true ORDER BY ${orderBy('page.')}`;
  let rows: Record<string, unknown>[];
  try {
    rows = (await pool.query(sql, args)).rows;
  } catch (err) {
    // A cursor whose snapshot PostgreSQL cannot read (class 22: data exception).
    if (after && /^22/.test(String((err as { code?: string }).code)))
      throw new UsageError('cursor is not one this API handed out');
    throw err;
  }
  // A cursor naming a row that is not in its own snapshot was not handed out for these filters.
  if (rows[0]?.anchored === false) throw new UsageError('cursor is not one this API handed out');
  const total = (rows[0]?.total as number | undefined) ?? 0;
  const found = rows.filter((r) => r.key !== null && r.key !== undefined);
  const items = found.slice(0, q.limit);
  const last = items.at(-1) as Record<string, unknown> | undefined;
  const nextCursor =
    last && found.length > q.limit
      ? encodeHubCursor({
          snapshot: snapshot as string,
          sort,
          order,
          filters,
          site: last.site as string,
          key: last.key as string,
        })
      : null;
  return { total, items: items.map(toHubDevice), nextCursor };
}
