/** @module test/targets/ipv4 Strict dotted-quad parsing and CIDR arithmetic. */
import { describe, expect, it } from 'vitest';
import {
  blockSize,
  cidrBlock,
  cidrHosts,
  formatIPv4,
  parseIPv4,
  readIPv4,
  readOctet,
  readPrefix,
} from '../../src/targets/ipv4.js';

describe('parseIPv4 / formatIPv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.5', 0x0a000005],
    ['192.168.1.255', 0xc0a801ff],
    ['255.255.255.255', 0xffffffff],
  ])('%s <-> %d', (text, n) => {
    expect(parseIPv4(text)).toBe(n);
    expect(formatIPv4(n)).toBe(text);
  });

  it('keeps values above 2^31 unsigned', () => {
    expect(parseIPv4('200.1.2.3')).toBeGreaterThan(2 ** 31);
    expect(formatIPv4(0xc8010203)).toBe('200.1.2.3');
  });

  it.each([
    '010.1.1.1',
    '10.01.1.1',
    '00.0.0.0',
    '256.1.1.1',
    '1.1.1.999',
    '1.2.3',
    '1.2.3.4.5',
    '1..2.3',
    '1.2.3.',
    '',
    '+1.2.3.4',
    '1.2.3.4 ',
    '0x7f.0.0.1',
    '1e2.0.0.1',
    '١.٢.٣.٤',
  ])('rejects %j', (text) => {
    expect(parseIPv4(text)).toBeUndefined();
  });

  it('explains why an address is rejected', () => {
    expect(readIPv4('010.1.1.1')).toEqual({ ok: false, reason: expect.stringContaining('leading zero') });
    expect(readIPv4('10.0.0.256')).toEqual({ ok: false, reason: expect.stringContaining('out of range') });
    expect(readIPv4('10.1')).toEqual({ ok: false, reason: expect.stringContaining('dotted-quad') });
    expect(readOctet('')).toEqual({ ok: false, reason: 'empty octet' });
    expect(readOctet('0')).toEqual({ ok: true, value: 0 });
  });
});

describe('prefixes and blocks', () => {
  it('accepts prefixes 0-32 only, without leading zeros', () => {
    for (let p = 0; p <= 32; p++) expect(readPrefix(String(p))).toEqual({ ok: true, value: p });
    for (const bad of ['33', '-1', '024', '', '2 4', '24x', '1.5']) expect(readPrefix(bad).ok).toBe(false);
  });

  it('computes block sizes', () => {
    expect(blockSize(32)).toBe(1);
    expect(blockSize(24)).toBe(256);
    expect(blockSize(16)).toBe(65536);
    expect(blockSize(0)).toBe(2 ** 32);
  });

  it('aligns a block whatever host bits are set', () => {
    const ip = parseIPv4('192.168.1.23') as number;
    expect(cidrBlock(ip, 24)).toEqual({ first: parseIPv4('192.168.1.0'), last: parseIPv4('192.168.1.255') });
    expect(cidrBlock(ip, 0)).toEqual({ first: 0, last: 0xffffffff });
    expect(cidrBlock(ip, 32)).toEqual({ first: ip, last: ip });
  });

  it('drops network and broadcast for /0-/30 but not /31 or /32', () => {
    const base = parseIPv4('10.0.0.0') as number;
    expect(cidrHosts(base, 24)).toEqual({ first: base + 1, last: base + 254 });
    expect(cidrHosts(base, 30)).toEqual({ first: base + 1, last: base + 2 });
    expect(cidrHosts(base, 31)).toEqual({ first: base, last: base + 1 });
    expect(cidrHosts(base, 32)).toEqual({ first: base, last: base });
    expect(cidrHosts(0, 0)).toEqual({ first: 1, last: 0xfffffffe });
  });
});
