/** @module test/targets/classify Address classes and class segmentation. */
import { describe, expect, it } from 'vitest';
import { classifyIPv4, classSegments, isForbiddenClass, isLocalClass } from '../../src/targets/classify.js';
import { formatIPv4, parseIPv4 } from '../../src/targets/ipv4.js';

const ip = (s: string) => parseIPv4(s) as number;

describe('classifyIPv4', () => {
  it.each([
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['192.168.0.1', 'private'],
    ['192.169.0.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['169.254.10.10', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.0', 'public'],
    ['100.63.255.255', 'public'],
    ['8.8.8.8', 'public'],
    ['0.0.0.0', 'reserved'],
    ['0.1.2.3', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.254', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('%s is %s', (addr, cls) => {
    expect(classifyIPv4(ip(addr))).toBe(cls);
  });

  it('separates what is scanned by default from what is never scanned', () => {
    for (const c of ['private', 'loopback', 'link-local', 'cgnat'] as const) {
      expect(isLocalClass(c)).toBe(true);
      expect(isForbiddenClass(c)).toBe(false);
    }
    for (const c of ['multicast', 'reserved', 'broadcast'] as const) {
      expect(isLocalClass(c)).toBe(false);
      expect(isForbiddenClass(c)).toBe(true);
    }
    expect(isLocalClass('public')).toBe(false);
    expect(isForbiddenClass('public')).toBe(false);
  });
});

describe('classSegments', () => {
  const segs = (a: string, b: string) =>
    [...classSegments(ip(a), ip(b))].map((s) => `${formatIPv4(s.first)}-${formatIPv4(s.last)} ${s.cls}`);

  it('returns one segment inside a single class', () => {
    expect(segs('10.0.0.1', '10.0.0.9')).toEqual(['10.0.0.1-10.0.0.9 private']);
    expect(segs('8.8.8.8', '8.8.8.8')).toEqual(['8.8.8.8-8.8.8.8 public']);
  });

  it('splits at class boundaries', () => {
    expect(segs('172.15.255.254', '172.16.0.1')).toEqual([
      '172.15.255.254-172.15.255.255 public',
      '172.16.0.0-172.16.0.1 private',
    ]);
  });

  it('covers the whole address space without gaps', () => {
    const all = [...classSegments(0, 0xffffffff)];
    expect(all[0]?.first).toBe(0);
    expect(all.at(-1)?.last).toBe(0xffffffff);
    for (let i = 1; i < all.length; i++) expect(all[i]?.first).toBe((all[i - 1]?.last as number) + 1);
    expect(all.length).toBeLessThan(30);
  });
});
