/** @module test/targets/ranges Span-list set operations and first-spec-wins de-duplication. */
import { describe, expect, it } from 'vitest';
import { claimInOrder } from '../../src/targets/claim.js';
import { contains, normalize, type Span, sizeOf, subtract } from '../../src/targets/ranges.js';

const s = (first: number, last: number): Span => ({ first, last });

describe('normalize', () => {
  it('sorts and merges overlapping and adjacent spans', () => {
    expect(normalize([s(10, 20), s(1, 3), s(4, 5), s(15, 30), s(40, 40)])).toEqual([
      s(1, 5),
      s(10, 30),
      s(40, 40),
    ]);
    expect(normalize([s(1, 10), s(2, 3)])).toEqual([s(1, 10)]);
    expect(normalize([])).toEqual([]);
  });

  it('handles the top of the address space', () => {
    expect(normalize([s(0xfffffffe, 0xffffffff), s(0, 0xffffffff)])).toEqual([s(0, 0xffffffff)]);
  });
});

describe('sizeOf / contains', () => {
  const list = normalize([s(1, 5), s(10, 30), s(40, 40)]);
  it('counts addresses', () => {
    expect(sizeOf(list)).toBe(5 + 21 + 1);
    expect(sizeOf([s(0, 0xffffffff)])).toBe(2 ** 32);
  });
  it('finds members by binary search', () => {
    for (const n of [1, 5, 10, 20, 30, 40]) expect(contains(list, n)).toBe(true);
    for (const n of [0, 6, 9, 31, 39, 41, 0xffffffff]) expect(contains(list, n)).toBe(false);
    expect(contains([], 1)).toBe(false);
  });
});

describe('subtract', () => {
  it('removes the middle, the edges and whole spans', () => {
    expect(subtract([s(1, 100)], [s(10, 19)])).toEqual([s(1, 9), s(20, 100)]);
    expect(subtract([s(1, 100)], [s(0, 5), s(95, 200)])).toEqual([s(6, 94)]);
    expect(subtract([s(1, 10), s(20, 30)], [s(1, 10)])).toEqual([s(20, 30)]);
    expect(subtract([s(1, 10)], [s(0, 0xffffffff)])).toEqual([]);
  });
  it('leaves disjoint spans alone', () => {
    expect(subtract([s(1, 10), s(20, 30)], [s(11, 19), s(31, 40)])).toEqual([s(1, 10), s(20, 30)]);
    expect(subtract([s(1, 10)], [])).toEqual([s(1, 10)]);
  });
  it('agrees with a brute-force difference', () => {
    const a = normalize([s(3, 17), s(25, 60), s(70, 71), s(90, 99)]);
    const b = normalize([s(0, 4), s(10, 12), s(30, 30), s(59, 72), s(95, 120)]);
    const expected = new Set<number>();
    for (const x of a) for (let n = x.first; n <= x.last; n++) if (!contains(b, n)) expected.add(n);
    const got = subtract(a, b);
    expect(sizeOf(got)).toBe(expected.size);
    for (const n of expected) expect(contains(got, n)).toBe(true);
  });
});

describe('claimInOrder', () => {
  it('gives each address to the first list that has it', () => {
    expect(claimInOrder([[s(10, 20)], [s(15, 30)], [s(1, 40)]])).toEqual([
      [s(10, 20)],
      [s(21, 30)],
      [s(1, 9), s(31, 40)],
    ]);
  });

  it('leaves a fully shadowed list empty', () => {
    expect(claimInOrder([[s(1, 100)], [s(5, 5), s(50, 60)]])).toEqual([[s(1, 100)], []]);
  });

  it('merges adjacent pieces of the same list', () => {
    expect(claimInOrder([[s(5, 5)], [s(1, 4), s(6, 10), s(5, 5)]])).toEqual([[s(5, 5)], [s(1, 4), s(6, 10)]]);
    expect(claimInOrder([[s(1, 3), s(4, 6)]])).toEqual([[s(1, 6)]]);
  });

  it('handles the very last address', () => {
    expect(claimInOrder([[s(0xfffffff0, 0xffffffff)], [s(0xffffff00, 0xffffffff)]])).toEqual([
      [s(0xfffffff0, 0xffffffff)],
      [s(0xffffff00, 0xffffffef)],
    ]);
  });

  it('agrees with a brute-force first-wins assignment', () => {
    // Deterministic pseudo-random lists over a small space.
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const lists: Span[][] = Array.from({ length: 12 }, () =>
      Array.from({ length: 1 + rnd(4) }, () => {
        const a = rnd(300);
        return s(a, a + rnd(40));
      }),
    );
    const owner = new Map<number, number>();
    lists.forEach((spans, i) => {
      for (const x of spans) for (let n = x.first; n <= x.last; n++) if (!owner.has(n)) owner.set(n, i);
    });
    const got = claimInOrder(lists);
    got.forEach((spans, i) => {
      expect(normalize(spans)).toEqual(spans);
      for (const x of spans) for (let n = x.first; n <= x.last; n++) expect(owner.get(n)).toBe(i);
    });
    expect(sizeOf(got.flat())).toBe(owner.size);
  });

  it('is fast for many single addresses in random order', () => {
    const lists = Array.from({ length: 65536 }, (_, i) => {
      const n = (i * 40503) % 65536;
      return [s(n, n)];
    });
    const started = Date.now();
    const got = claimInOrder([...lists, [s(0, 65535)]]);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(got.at(-1)).toEqual([]);
    expect(sizeOf(got.flat())).toBe(65536);
  });
});
