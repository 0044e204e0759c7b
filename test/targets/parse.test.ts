/** @module test/targets/parse Token syntax, one token at a time. */
import { describe, expect, it } from 'vitest';
import { parseIPv4 } from '../../src/targets/ipv4.js';
import { parseToken } from '../../src/targets/parse.js';

const ip = (s: string) => parseIPv4(s) as number;
const value = (token: string) => {
  const r = parseToken(token);
  if (!r.ok) throw new Error(`expected ${token} to parse: ${r.reason}`);
  return r.value;
};
const reason = (token: string) => {
  const r = parseToken(token);
  if (r.ok) throw new Error(`expected ${token} to be rejected`);
  return r.reason;
};

describe('parseToken: accepted syntax', () => {
  it('reads a single address', () => {
    const one = { first: ip('10.0.0.5'), last: ip('10.0.0.5') };
    expect(value('10.0.0.5')).toEqual({ kind: 'ip', ...one, block: one, size: 1 });
  });

  it('reads a CIDR and drops network and broadcast', () => {
    expect(value('10.0.0.0/24')).toEqual({
      kind: 'cidr',
      first: ip('10.0.0.1'),
      last: ip('10.0.0.254'),
      block: { first: ip('10.0.0.0'), last: ip('10.0.0.255') },
      size: 256,
    });
  });

  it('keeps both addresses of a /31 and the one of a /32', () => {
    expect(value('10.0.0.0/31')).toMatchObject({ first: ip('10.0.0.0'), last: ip('10.0.0.1'), size: 2 });
    expect(value('10.0.0.7/32')).toMatchObject({ first: ip('10.0.0.7'), last: ip('10.0.0.7'), size: 1 });
  });

  it('aligns a CIDR written with host bits set', () => {
    expect(value('192.168.1.23/24')).toMatchObject({ first: ip('192.168.1.1'), last: ip('192.168.1.254') });
  });

  it('reports the size of a large block as written', () => {
    expect(value('10.0.0.0/8')).toMatchObject({ size: 16777216 });
    expect(value('0.0.0.0/0')).toMatchObject({ size: 2 ** 32, first: 1, last: 0xfffffffe });
  });

  it('reads a last-octet range', () => {
    const span = { first: ip('10.0.0.5'), last: ip('10.0.0.40') };
    expect(value('10.0.0.5-40')).toEqual({ kind: 'range', ...span, block: span, size: 36 });
    expect(value('10.0.0.5-5')).toMatchObject({ size: 1 });
  });

  it('reads a full range across octets', () => {
    expect(value('10.0.0.5-10.0.1.20')).toEqual({
      kind: 'range',
      first: ip('10.0.0.5'),
      last: ip('10.0.1.20'),
      block: { first: ip('10.0.0.5'), last: ip('10.0.1.20') },
      size: 272,
    });
  });

  it('reads hostnames, keeping them as written', () => {
    expect(value('cam-01.local')).toEqual({ kind: 'host', name: 'cam-01.local' });
    expect(value('NVR')).toEqual({ kind: 'host', name: 'NVR' });
    expect(value('nvr.site.example.')).toEqual({ kind: 'host', name: 'nvr.site.example.' });
    expect(value('10-0-0-5.cams.lan')).toEqual({ kind: 'host', name: '10-0-0-5.cams.lan' });
  });

  it('reads @file tokens', () => {
    expect(value('@targets.txt')).toEqual({ kind: 'file', path: 'targets.txt' });
    expect(value('@/tmp/a b.txt')).toEqual({ kind: 'file', path: '/tmp/a b.txt' });
  });
});

describe('parseToken: rejected syntax', () => {
  it.each([
    ['010.1.1.1', 'leading zero'],
    ['10.0.0.08', 'leading zero'],
    ['10.0.0.256', 'out of range'],
    ['10.1', 'dotted-quad'],
    ['10.0.0.0/33', 'prefix'],
    ['10.0.0.0/', 'prefix'],
    ['10.0.0.0/024', 'prefix'],
    ['10.0.0.0/8/8', 'prefix'],
    ['/24', 'dotted-quad'],
    ['010.0.0.0/24', 'leading zero'],
    ['10.0.0.40-5', 'after its end'],
    ['10.0.1.0-10.0.0.255', 'after its end'],
    ['10.0.0.5-256', 'out of range'],
    ['10.0.0.5-040', 'leading zero'],
    ['10.0.0.5-10.0.1', 'dotted-quad'],
    ['10.0.0.5-', 'expected a range'],
    ['10.0.0.5-6-7', 'expected a range'],
    ['-5', 'expected a range'],
    ['', 'empty'],
    ['@', 'file name'],
    ['0x7f.0.0.1', 'dotted quad'],
    ['127.1', 'dotted-quad'],
    ['2130706433', 'dotted-quad'],
    ['foo..bar', 'not an IPv4'],
    ['-cam.local', 'not an IPv4'],
    ['cam_$.local', 'not an IPv4'],
    ['10.0.0.1:80', 'not address:port'],
  ])('rejects %j (%s)', (token, why) => {
    expect(reason(token)).toContain(why);
  });

  it.each(['::1', 'fe80::1', '2001:db8::/32', '[::1]', '::ffff:10.0.0.1', 'fe80::1-fe80::5'])(
    'rejects IPv6 %j',
    (token) => {
      expect(reason(token)).toBe('IPv6 targets are not supported yet');
    },
  );

  it('rejects over-long hostnames', () => {
    expect(reason(`${'a'.repeat(63)}.`.repeat(4).concat('com'))).toContain('not an IPv4');
    expect(reason(`${'a'.repeat(64)}.com`)).toContain('not an IPv4');
  });
});
