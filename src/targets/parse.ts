/**
 * @module targets/parse
 * One token -> one spec. Pure syntax: no DNS, no files, no policy. Anything made only of
 * digits, dots and dashes is read as an address so that a typo like "10.0.0.256" is an
 * error instead of a hostname lookup.
 */
import {
  blockSize,
  cidrBlock,
  cidrHosts,
  fail,
  formatIPv4,
  ok,
  type Read,
  readIPv4,
  readOctet,
  readPrefix,
} from './ipv4.js';

/**
 * A literal block of addresses. `first`/`last` bound what is scanned; `block` is the whole
 * block as written, which is what an exclusion removes (excluding 10.0.0.0/24 must also
 * take out 10.0.0.0 and 10.0.0.255). `size` is the block's size (a /8 is 16777216).
 */
export interface AddressSpec {
  kind: 'ip' | 'cidr' | 'range';
  first: number;
  last: number;
  block: { first: number; last: number };
  size: number;
}
export interface HostSpec {
  kind: 'host';
  name: string;
}
export interface FileSpec {
  kind: 'file';
  path: string;
}
export type TokenSpec = AddressSpec | HostSpec | FileSpec;

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;

export function parseToken(token: string): Read<TokenSpec> {
  if (token === '') return fail('empty target');
  if (token.startsWith('@')) {
    const path = token.slice(1);
    return path === '' ? fail('"@" needs a file name') : ok({ kind: 'file', path });
  }
  if (token.includes(':') || token.startsWith('[')) {
    if (/^[\d.]+:\d+$/.test(token)) return fail('a target is an address, not address:port');
    return fail('IPv6 targets are not supported yet');
  }
  if (token.includes('/')) return parseCidr(token);
  if (/^[\d.]+-[\d.]+$/.test(token)) return parseRange(token);
  if (/^[\d.-]+$/.test(token)) {
    return token.includes('-')
      ? fail('expected a range like 10.0.0.5-40 or 10.0.0.5-10.0.1.20')
      : parseIp(token);
  }
  return parseHostname(token);
}

function parseIp(token: string): Read<AddressSpec> {
  const addr = readIPv4(token);
  if (!addr.ok) return addr;
  const block = { first: addr.value, last: addr.value };
  return ok({ kind: 'ip', ...block, block, size: 1 });
}

function parseCidr(token: string): Read<AddressSpec> {
  const slash = token.indexOf('/');
  const addr = readIPv4(token.slice(0, slash));
  if (!addr.ok) return addr;
  const prefix = readPrefix(token.slice(slash + 1));
  if (!prefix.ok) return prefix;
  const hosts = cidrHosts(addr.value, prefix.value);
  const block = cidrBlock(addr.value, prefix.value);
  return ok({ kind: 'cidr', ...hosts, block, size: blockSize(prefix.value) });
}

function parseRange(token: string): Read<AddressSpec> {
  const dash = token.indexOf('-');
  const start = readIPv4(token.slice(0, dash));
  if (!start.ok) return start;
  const endText = token.slice(dash + 1);
  let end: Read<number>;
  if (endText.includes('.')) {
    end = readIPv4(endText);
  } else {
    // "10.0.0.5-40": the end replaces the last octet.
    const octet = readOctet(endText);
    end = octet.ok ? ok(cidrBlock(start.value, 24).first + octet.value) : octet;
  }
  if (!end.ok) return end;
  if (end.value < start.value) {
    return fail(`range start ${formatIPv4(start.value)} is after its end ${formatIPv4(end.value)}`);
  }
  const block = { first: start.value, last: end.value };
  return ok({ kind: 'range', ...block, block, size: end.value - start.value + 1 });
}

function parseHostname(token: string): Read<HostSpec> {
  const name = token.endsWith('.') ? token.slice(0, -1) : token;
  const labels = name.split('.');
  if (name.length > 253 || !labels.every((l) => LABEL.test(l))) {
    return fail('not an IPv4 address, CIDR, range or hostname');
  }
  // getaddrinfo would read "0x7f.1" or "127.1" as numeric addresses; only dotted quads are accepted.
  if (/^(0x[0-9a-f]*|\d+)$/i.test(labels[labels.length - 1] ?? '')) {
    return fail('looks like a numeric address in a non-standard form; write it as a dotted quad a.b.c.d');
  }
  return ok({ kind: 'host', name: token });
}
