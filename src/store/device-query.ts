/**
 * @module store/device-query
 * Filtering and cursor paging of device lists, the same for every store: the single-site
 * SQLite store pages its current devices here; a hub's store can answer the same query in SQL
 * and hand out the same cursors. A cursor is opaque to clients: it names the last device of a
 * page by its sort position, so paging stays stable while new scans land.
 */
import { UsageError } from '../errors/index.js';
import { parseIPv4 } from '../targets/index.js';
import type { DeviceRecord } from './types.js';

export const DEVICE_STATUSES = ['flagged', 'unverified', 'clear'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export interface DeviceFilter {
  status?: DeviceStatus;
  /** Maker or badge, case-insensitive. */
  vendor?: string;
  /** Seen by a scan that started at or after this instant (ISO 8601). */
  since?: string;
  /** First seen at or after this instant: the devices that appeared since. */
  newSince?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface DevicePage<T = DeviceRecord> {
  total: number;
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Sort position: address order (numeric), then key, so equal addresses still have an order. */
interface Position {
  ip: number;
  key: string;
}

const position = (d: Pick<DeviceRecord, 'ip' | 'key'>): Position => ({
  ip: parseIPv4(d.ip) ?? 0,
  key: d.key,
});
const compare = (a: Position, b: Position) => a.ip - b.ip || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.ip, p.key]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      Number.isInteger(v[0]) &&
      v[0] >= 0 &&
      v[0] <= 0xffffffff &&
      typeof v[1] === 'string'
    )
      return { ip: v[0], key: v[1] };
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

export function matches(d: DeviceRecord, f: DeviceFilter): boolean {
  if (f.status && d.status !== f.status) return false;
  if (f.vendor) {
    const v = f.vendor.toLowerCase();
    if (d.oem?.toLowerCase() !== v && d.brand?.toLowerCase() !== v) return false;
  }
  if (f.since && time(d.lastSeen) < time(f.since)) return false;
  if (f.newSince && time(d.firstSeen) < time(f.newSince)) return false;
  return true;
}

/** Filters, counts and pages a device list (any order in, address order out). */
export function pageDevices(
  devices: readonly DeviceRecord[],
  filter: DeviceFilter,
  page: PageRequest,
): DevicePage {
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const selected = devices
    .filter((d) => matches(d, filter))
    .map((d) => ({ d, at: position(d) }))
    .sort((a, b) => compare(a.at, b.at));
  const rest = after ? selected.filter((x) => compare(x.at, after) > 0) : selected;
  const items = rest.slice(0, page.limit);
  const last = items.at(-1);
  return {
    total: selected.length,
    items: items.map((x) => x.d),
    nextCursor: last && rest.length > items.length ? encodeCursor(last.at) : null,
  };
}
