/**
 * @module probes/shared/bounded
 * Bounded values out of a parsed device answer (SADP, DHIP, UPnP and the like): text cleaned and
 * cut, integers in range, ports, IPv4 addresses, booleans. Anything else is undefined.
 */
import { isIPv4 } from 'node:net';
import { cleanValue } from '../../evidence/types.js';
import { decodeXmlText } from './xml.js';

/** Longest string any discovery parser returns. */
export const MAX_FIELD = 256;

/** A string or number as cleaned text (control characters removed, whitespace collapsed, at most `max`). */
export function boundedText(v: unknown, max = MAX_FIELD, xml = false): string | undefined {
  const raw = typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
  if (raw === undefined) return undefined;
  const s = cleanValue(xml ? decodeXmlText(raw.slice(0, max * 8)) : raw.slice(0, max * 4), max);
  return s === '' ? undefined : s;
}

/** A non-negative integer no larger than `max`, from a decimal string or a JSON number. */
export function boundedInt(v: unknown, max: number, min = 0): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*\d{1,9}\s*$/.test(v)) n = Number(v);
  return n !== undefined && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

export const port = (v: unknown) => boundedInt(v, 65535, 1);

export function ipv4(v: unknown): string | undefined {
  const s = typeof v === 'string' ? v.trim() : undefined;
  return s && s.length <= 15 && isIPv4(s) ? s : undefined;
}

export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

/** A parsed JSON value as an object (not an array), or undefined. */
export const jsonObject = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Drops undefined members so results compare and serialise cleanly. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
