/**
 * @module targets/safety
 * The rules that stop a typo from becoming a scan of someone else's network. All run
 * before any packet is sent, and each names the offending spec or address.
 */
import { UsageError } from '../errors/index.js';
import { type AddressClass, classSegments, isForbiddenClass, isLocalClass } from './classify.js';
import { formatIPv4 } from './ipv4.js';
import type { Span } from './ranges.js';
import { located, type SourceToken } from './sources.js';

/** Number of addresses in the largest spec or total accepted without --allow-large: one /16. */
export const LARGE_LIMIT = 65536;

/** Judged on the spec as written (before exclusion), so "10.0.0.0/8" always needs the flag. */
export function checkSpecSizes(tokens: readonly SourceToken[]): void {
  for (const t of tokens) {
    if (t.spec.kind !== 'host' && t.spec.size > LARGE_LIMIT) {
      throw new UsageError(
        `${located(t.text, t)} is ${t.spec.size} addresses, more than a /16 (${LARGE_LIMIT}); pass --allow-large to scan it`,
      );
    }
  }
}

export function checkTotal(count: number): void {
  if (count > LARGE_LIMIT) {
    throw new UsageError(
      `the targets add up to ${count} addresses, more than a /16 (${LARGE_LIMIT}); pass --allow-large to scan them`,
    );
  }
}

/** How to name one address of a token in a message. */
function naming(addr: number, t: SourceToken): string {
  const ip = formatIPv4(addr);
  if (t.spec.kind === 'ip') return located(ip, t);
  if (t.spec.kind === 'host') return `${ip} (${located(t.text, t)})`;
  return `${ip} (in ${located(t.text, t)})`;
}

/**
 * `owned[i]` is what token i contributes after de-duplication and exclusion, so excluding
 * the public or reserved part of a large block makes it acceptable. Forbidden classes are
 * checked across all tokens first: no flag can fix them, so report them before the ones
 * a flag can.
 */
export function checkAddressClasses(
  tokens: readonly SourceToken[],
  owned: readonly (readonly Span[])[],
  allowPublic: boolean,
): void {
  const firstWhere = (test: (cls: AddressClass) => boolean) => {
    for (const [i, t] of tokens.entries()) {
      for (const span of owned[i] ?? []) {
        for (const seg of classSegments(span.first, span.last)) {
          if (test(seg.cls)) return { addr: seg.first, cls: seg.cls, token: t };
        }
      }
    }
    return undefined;
  };
  const forbidden = firstWhere(isForbiddenClass);
  if (forbidden) {
    throw new UsageError(
      `${naming(forbidden.addr, forbidden.token)} is a ${forbidden.cls} address; oemscan never scans multicast, broadcast or reserved addresses`,
    );
  }
  if (allowPublic) return;
  const pub = firstWhere((cls) => !isLocalClass(cls));
  if (pub) {
    throw new UsageError(
      `${naming(pub.addr, pub.token)} is a public address; oemscan scans only private and loopback networks unless --allow-public`,
    );
  }
}
