/**
 * @module targets/claim
 * De-duplication across specs: each address belongs to the first spec that names it. A
 * sweep over span boundaries with a min-heap on spec index does this in O(m log m) for m
 * spans, where folding specs into a running union one by one would be quadratic for a
 * long @file of single addresses.
 */
import type { Span } from './ranges.js';

interface Owned extends Span {
  readonly owner: number;
}

/** Min-heap of spans keyed on owner (the spec's position). */
class OwnerHeap {
  private readonly items: Owned[] = [];
  get top(): Owned | undefined {
    return this.items[0];
  }
  push(item: Owned): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as Owned).owner <= item.owner) break;
      a[i] = a[parent] as Owned;
      i = parent;
    }
    a[i] = item;
  }
  pop(): void {
    const a = this.items;
    const last = a.pop();
    if (last === undefined || a.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const child = r < a.length && (a[r] as Owned).owner < (a[l] as Owned).owner ? r : l;
      if ((a[child] as Owned).owner >= last.owner) break;
      a[i] = a[child] as Owned;
      i = child;
    }
    a[i] = last;
  }
}

/**
 * Given each spec's spans (any order, may overlap), returns for each spec the normalized
 * spans it owns: its own addresses minus those of every earlier spec.
 */
export function claimInOrder(lists: readonly (readonly Span[])[]): Span[][] {
  const items: Owned[] = lists.flatMap((spans, owner) => spans.map((s) => ({ ...s, owner })));
  items.sort((a, b) => a.first - b.first);
  const cuts = [...new Set(items.flatMap((s) => [s.first, s.last + 1]))].sort((a, b) => a - b);
  const out: Span[][] = lists.map(() => []);
  const heap = new OwnerHeap();
  let next = 0;
  for (let i = 0; i < cuts.length - 1; i++) {
    const at = cuts[i] as number;
    for (; next < items.length && (items[next] as Owned).first <= at; next++) heap.push(items[next] as Owned);
    // Lazy deletion: spans that ended are only dropped once they reach the top.
    while (heap.top && heap.top.last < at) heap.pop();
    const top = heap.top;
    if (!top) continue;
    const last = (cuts[i + 1] as number) - 1;
    const mine = out[top.owner] as Span[];
    const prev = mine[mine.length - 1];
    if (prev && prev.last + 1 === at) mine[mine.length - 1] = { first: prev.first, last };
    else mine.push({ first: at, last });
  }
  return out;
}
