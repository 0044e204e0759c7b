/**
 * @module policy/evaluate
 * Applies the chosen policy packs to one verdict. A flag says which rule, which vendor,
 * whether the maker was named directly or reached through the badge, and the citation.
 */
import type { Flag } from '../report/types.js';
import type { Verdict } from '../verdict/decide.js';
import type { PolicyPack } from './load.js';

export function evaluate(verdict: Verdict, packs: readonly PolicyPack[]): Flag[] {
  const vendor = verdict.oem.vendor;
  if (!vendor) return [];
  const flags: Flag[] = [];
  for (const pack of packs) {
    if (!pack.vendors.includes(vendor)) continue;
    const viaBadge = verdict.oem.rebranded;
    if (viaBadge && !pack.coversOemProducts) continue;
    const sold = viaBadge ? ` sold as ${verdict.brand}` : '';
    flags.push({
      policy: pack.id,
      vendor,
      match: viaBadge ? 'oem' : 'direct',
      confidence: verdict.oem.confidence,
      reason: `Built by ${vendor}${sold}; named by ${pack.issuer} (${pack.date}).`,
      reference: pack.url,
    });
  }
  return flags;
}
