/**
 * @module targets/expand
 * Lazy iteration over span lists: one string at a time, so a /16 never sits in memory as
 * 65534 strings.
 */
import { formatIPv4 } from './ipv4.js';
import type { Span } from './ranges.js';

export function* iterateAddresses(lists: readonly (readonly Span[])[]): Generator<string, void, undefined> {
  for (const spans of lists) {
    for (const { first, last } of spans) {
      for (let addr = first; addr <= last; addr++) yield formatIPv4(addr);
    }
  }
}
