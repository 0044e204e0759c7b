/**
 * @module targets/classify
 * Which kind of network an address belongs to, and so whether oemscan may scan it by
 * default (private, loopback, link-local, CGNAT), only when asked (public) or never
 * (multicast, reserved, broadcast).
 */
import { cidrBlock, parseIPv4 } from './ipv4.js';

export type AddressClass =
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cgnat'
  | 'public'
  | 'multicast'
  | 'reserved'
  | 'broadcast';

interface Block {
  first: number;
  last: number;
  cls: AddressClass;
}

function block(cidr: string, cls: AddressClass): Block {
  const [addr, prefix] = cidr.split('/');
  return { ...cidrBlock(parseIPv4(addr ?? '') ?? 0, Number(prefix)), cls };
}

/** Sorted, non-overlapping; every address outside these is public. */
const BLOCKS: readonly Block[] = [
  block('0.0.0.0/8', 'reserved'),
  block('10.0.0.0/8', 'private'),
  block('100.64.0.0/10', 'cgnat'),
  block('127.0.0.0/8', 'loopback'),
  block('169.254.0.0/16', 'link-local'),
  block('172.16.0.0/12', 'private'),
  block('192.168.0.0/16', 'private'),
  block('224.0.0.0/4', 'multicast'),
  { first: 0xf0000000, last: 0xfffffffe, cls: 'reserved' },
  { first: 0xffffffff, last: 0xffffffff, cls: 'broadcast' },
];

export function classifyIPv4(addr: number): AddressClass {
  for (const b of BLOCKS) if (addr >= b.first && addr <= b.last) return b.cls;
  return 'public';
}

/** Scanned without any flag. */
export function isLocalClass(cls: AddressClass): boolean {
  return cls === 'private' || cls === 'loopback' || cls === 'link-local' || cls === 'cgnat';
}

/** Never scanned, whatever the flags: probing these is meaningless or hits every host at once. */
export function isForbiddenClass(cls: AddressClass): boolean {
  return cls === 'multicast' || cls === 'reserved' || cls === 'broadcast';
}

/**
 * Splits [first, last] at class boundaries, so a /8 is checked in a handful of steps
 * instead of address by address.
 */
export function* classSegments(
  first: number,
  last: number,
): Generator<{ first: number; last: number; cls: AddressClass }> {
  let at = first;
  while (at <= last) {
    const inside = BLOCKS.find((b) => at >= b.first && at <= b.last);
    const next = BLOCKS.find((b) => b.first > at);
    const end = inside ? inside.last : next ? next.first - 1 : 0xffffffff;
    const segLast = Math.min(end, last);
    yield { first: at, last: segLast, cls: inside ? inside.cls : 'public' };
    at = segLast + 1;
  }
}
