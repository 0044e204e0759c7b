/**
 * @module targets/ipv4
 * Strict dotted-quad <-> u32 conversion and CIDR arithmetic. Addresses are plain numbers in
 * 0..2^32-1; arithmetic (not `|`/`<<`) keeps them unsigned.
 */

/** Either a value or a human-readable reason it could not be read. */
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Read<T> => ({ ok: true, value });
export const fail = (reason: string): Read<never> => ({ ok: false, reason });

export function readOctet(text: string): Read<number> {
  if (text === '') return fail('empty octet');
  if (!/^\d+$/.test(text)) return fail(`octet "${text}" is not a number 0-255`);
  // inet_aton reads "010" as octal 8 while most people mean 10: refuse rather than guess.
  if (text.length > 1 && text.startsWith('0')) {
    return fail(`octet "${text}" has a leading zero (octal or decimal?); write it without`);
  }
  const n = Number(text);
  if (n > 255) return fail(`octet ${text} is out of range (0-255)`);
  return ok(n);
}

export function readIPv4(text: string): Read<number> {
  const parts = text.split('.');
  if (parts.length !== 4) return fail(`"${text}" is not a dotted-quad IPv4 address (a.b.c.d)`);
  let value = 0;
  for (const part of parts) {
    const octet = readOctet(part);
    if (!octet.ok) return octet;
    value = value * 256 + octet.value;
  }
  return ok(value);
}

/** The address as a u32, or undefined for anything that is not a canonical dotted quad. */
export function parseIPv4(text: string): number | undefined {
  const r = readIPv4(text);
  return r.ok ? r.value : undefined;
}

export function formatIPv4(addr: number): string {
  return `${(addr >>> 24) & 255}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}

export function readPrefix(text: string): Read<number> {
  // No leading zeros and nothing but digits, so "/024" or "/24x" cannot slip through.
  if (!/^(\d|[12]\d|3[0-2])$/.test(text)) return fail(`prefix "/${text}" is not a number 0-32`);
  return ok(Number(text));
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** The whole block containing `addr` (host bits are ignored, as nmap does for "192.168.1.23/24"). */
export function cidrBlock(addr: number, prefix: number): { first: number; last: number } {
  const size = blockSize(prefix);
  const first = addr - (addr % size);
  return { first, last: first + size - 1 };
}

/**
 * The scannable part of a block: /0-/30 lose their network and broadcast addresses; /31
 * (RFC 3021 point-to-point) and /32 have neither, so keep everything.
 */
export function cidrHosts(addr: number, prefix: number): { first: number; last: number } {
  const block = cidrBlock(addr, prefix);
  return prefix <= 30 ? { first: block.first + 1, last: block.last - 1 } : block;
}
