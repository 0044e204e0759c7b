/**
 * @module store/device-query
 * Filtering, search, sorting and cursor paging of device lists, the same for every store: the
 * single-site SQLite store pages its current devices here; a hub's store answers the same query
 * in SQL and hands out cursors of the same meaning. A cursor is opaque to clients: it names the
 * last device of a page by its sort position (the sort, its order, the sort value, then site and
 * key), so paging stays correct for every sort while new scans land.
 *
 * Order: by the sort value (addresses numerically, times by instant, status by severity:
 * flagged, unverified, clear; text by code points), `desc` reversing it; a missing value (no
 * maker, no badge, no model) comes after every present one in `asc` and before in `desc` (as
 * PostgreSQL's default NULLS LAST / NULLS FIRST); ties by site, then key. `desc` is exactly
 * `asc` reversed, ties included (ORDER BY value DESC, site DESC, key DESC).
 */
import { UsageError } from '../errors/index.js';
import { parseIPv4 } from '../targets/index.js';
import type { DeviceRecord } from './types.js';

export const DEVICE_STATUSES = ['flagged', 'unverified', 'clear'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];
export const DEVICE_SORTS = [
  'ip',
  'site',
  'oem',
  'brand',
  'model',
  'status',
  'lastSeen',
  'firstSeen',
] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
/** Longest free-text search accepted. */
export const MAX_QUERY = 100;

export interface DeviceFilter {
  status?: DeviceStatus;
  /** Maker or badge, case-insensitive. */
  vendor?: string;
  /** Seen by a scan that started at or after this instant (ISO 8601). */
  since?: string;
  /** First seen at or after this instant: the devices that appeared since. */
  newSince?: string;
  /**
   * Free text, case-insensitive substring of any of ip, mac, hostname, brand, oem, model,
   * serial, firmware, site, key.
   */
  q?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
  sort?: DeviceSort;
  order?: SortOrder;
}

export interface DevicePage<T = DeviceRecord> {
  total: number;
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A device as listed: its record and, where the list spans sites (or names one), its site. */
export type Listed = DeviceRecord & { site?: string };

type Value = number | string | null;

/** Where a device sits in one sort: the sort value, then site and key for ties. */
interface Position {
  sort: DeviceSort;
  order: SortOrder;
  value: Value;
  site: string;
  key: string;
}

/** Severity first: what needs attention sorts to the top in ascending order. */
export const STATUS_RANK: Record<DeviceStatus, number> = { flagged: 0, unverified: 1, clear: 2 };

export function sortValue(d: Listed, sort: DeviceSort): Value {
  switch (sort) {
    case 'ip':
      return parseIPv4(d.ip) ?? 0;
    case 'site':
      return d.site ?? '';
    case 'status':
      return STATUS_RANK[d.status];
    case 'lastSeen':
    case 'firstSeen':
      return Date.parse(d[sort]);
    default:
      return d[sort] ?? null;
  }
}

const position = (d: Listed, sort: DeviceSort, order: SortOrder): Position => ({
  sort,
  order,
  value: sortValue(d, sort),
  site: d.site ?? '',
  key: d.key,
});

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** Ascending comparison of two sort values, a missing one last. */
function compareValues(a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return cmp(a, b);
}

function compare(a: Position, b: Position, order: SortOrder): number {
  const c = compareValues(a.value, b.value) || cmp(a.site, b.site) || cmp(a.key, b.key);
  return order === 'desc' ? -c : c;
}

export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.sort, p.order, p.value, p.site, p.key]), 'utf8').toString('base64url');
}

const NUMERIC: readonly DeviceSort[] = ['ip', 'status', 'lastSeen', 'firstSeen'];

/** The value a cursor may hold for its sort: a number for numeric sorts, text (or none) otherwise. */
const isValue = (sort: DeviceSort, v: unknown): v is Value =>
  NUMERIC.includes(sort)
    ? typeof v === 'number' && Number.isFinite(v)
    : typeof v === 'string' || (v === null && sort !== 'site');

export function decodeCursor(cursor: string): Position {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 5 &&
      (DEVICE_SORTS as readonly unknown[]).includes(v[0]) &&
      (SORT_ORDERS as readonly unknown[]).includes(v[1]) &&
      isValue(v[0], v[2]) &&
      typeof v[3] === 'string' &&
      typeof v[4] === 'string'
    )
      return { sort: v[0], order: v[1], value: v[2], site: v[3], key: v[4] };
  } catch {
    // fall through: any undecodable cursor is the caller's mistake
  }
  throw new UsageError('cursor is not one this API handed out');
}

export function isCursor(cursor: string): boolean {
  try {
    decodeCursor(cursor);
    return true;
  } catch {
    return false;
  }
}

const time = (iso: string) => Date.parse(iso);
const SEARCHED = [
  'ip',
  'mac',
  'hostname',
  'brand',
  'oem',
  'model',
  'serial',
  'firmware',
  'site',
  'key',
] as const;

export function matches(d: Listed, f: DeviceFilter): boolean {
  if (f.status && d.status !== f.status) return false;
  if (f.vendor) {
    const v = f.vendor.toLowerCase();
    if (d.oem?.toLowerCase() !== v && d.brand?.toLowerCase() !== v) return false;
  }
  if (f.since && time(d.lastSeen) < time(f.since)) return false;
  if (f.newSince && time(d.firstSeen) < time(f.newSince)) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    if (!SEARCHED.some((k) => d[k]?.toLowerCase().includes(q))) return false;
  }
  return true;
}

/**
 * Filters, counts, sorts and pages a device list (any order in). A cursor from another sort or
 * order is refused (UsageError): the caller must send the same query again.
 */
export function pageDevices<T extends Listed>(
  devices: readonly T[],
  filter: DeviceFilter,
  page: PageRequest,
): DevicePage<T> {
  const sort = page.sort ?? 'ip';
  const order = page.order ?? 'asc';
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  if (after && (after.sort !== sort || after.order !== order))
    throw new UsageError(
      `cursor belongs to sort=${after.sort}&order=${after.order}: send the same query again, or start without a cursor`,
    );
  const selected = devices
    .filter((d) => matches(d, filter))
    .map((d) => ({ d, at: position(d, sort, order) }))
    .sort((a, b) => compare(a.at, b.at, order));
  const rest = after ? selected.filter((x) => compare(x.at, after, order) > 0) : selected;
  const items = rest.slice(0, page.limit);
  const last = items.at(-1);
  return {
    total: selected.length,
    items: items.map((x) => x.d),
    nextCursor: last && rest.length > items.length ? encodeCursor(last.at) : null,
  };
}
