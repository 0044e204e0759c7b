/**
 * @module targets/ranges
 * Sets of addresses as sorted lists of inclusive u32 spans, so a /8 costs one object and
 * set operations stay proportional to the number of spans, not addresses.
 */

export interface Span {
  readonly first: number;
  readonly last: number;
}

export function sizeOf(spans: readonly Span[]): number {
  let n = 0;
  for (const s of spans) n += s.last - s.first + 1;
  return n;
}

/** Sorts and merges overlapping or adjacent spans. */
export function normalize(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.first - b.first);
  const out: Span[] = [];
  for (const s of sorted) {
    const prev = out[out.length - 1];
    if (prev && s.first <= prev.last + 1) {
      if (s.last > prev.last) out[out.length - 1] = { first: prev.first, last: s.last };
    } else {
      out.push(s);
    }
  }
  return out;
}

/** Index of the first span in normalized `spans` whose last is >= addr (spans.length if none). */
function lowerBound(spans: readonly Span[], addr: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((spans[mid] as Span).last < addr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Binary search: O(log n) membership in a normalized list. */
export function contains(spans: readonly Span[], addr: number): boolean {
  const s = spans[lowerBound(spans, addr)];
  return s !== undefined && s.first <= addr;
}

/** `spans` minus `cut`, both normalized; the result stays normalized. */
export function subtract(spans: readonly Span[], cut: readonly Span[]): Span[] {
  if (cut.length === 0) return [...spans];
  const out: Span[] = [];
  for (const s of spans) {
    let first = s.first;
    // Binary search per span keeps many small specs against many excludes cheap.
    for (let i = lowerBound(cut, first); i < cut.length && first <= s.last; i++) {
      const c = cut[i] as Span;
      if (c.first > s.last) break;
      if (c.first > first) out.push({ first, last: c.first - 1 });
      first = Math.max(first, c.last + 1);
    }
    if (first <= s.last) out.push({ first, last: s.last });
  }
  return out;
}
