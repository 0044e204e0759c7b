/**
 * @module targets/set
 * The resolved TargetSet: per-spec span lists for ordered lazy iteration, one merged list
 * for O(log n) membership, and a small map for the hostnames the user gave.
 */
import { iterateAddresses } from './expand.js';
import { parseIPv4 } from './ipv4.js';
import { contains, normalize, type Span, sizeOf } from './ranges.js';
import type { TargetSet } from './types.js';

export class SpanTargetSet implements TargetSet {
  readonly count: number;
  private readonly all: Span[];

  constructor(
    readonly specs: string[],
    /** Per spec, de-duplicated and excluded, ascending. */
    private readonly lists: readonly (readonly Span[])[],
    private readonly names: ReadonlyMap<number, string>,
  ) {
    this.all = normalize(lists.flat());
    this.count = sizeOf(this.all);
  }

  addresses(): Iterable<string> {
    return iterateAddresses(this.lists);
  }

  has(ip: string): boolean {
    // Only canonical dotted quads match: "010.0.0.1" from a device is not 10.0.0.1 (or 8.0.0.1).
    const addr = parseIPv4(ip);
    return addr !== undefined && contains(this.all, addr);
  }

  hostnameOf(ip: string): string | undefined {
    const addr = parseIPv4(ip);
    return addr === undefined ? undefined : this.names.get(addr);
  }
}
