/**
 * @module policy/evaluate
 * Applies the chosen policy packs to one verdict. A pack matches when it names the device's OEM
 * (`vendors`) or selects it by attribute (`vendorCountries`, from the vocabulary). A flag says
 * which rule, which vendor, whether the maker was reached directly (own badge, or none) or through
 * a rebrand (`oem`, skipped when the pack does not cover OEM-built products), and the citation.
 */
import type { Vocabulary } from '../engine/vocabulary.js';
import type { Flag } from '../report/types.js';
import type { Verdict } from '../verdict/decide.js';
import type { PolicyPack } from './load.js';

export function evaluate(verdict: Verdict, packs: readonly PolicyPack[], vocab: Vocabulary): Flag[] {
  const vendor = verdict.oem.vendor;
  if (!vendor) return [];
  const country = vocab.vendors.get(vendor)?.country;
  const viaBadge = verdict.oem.rebranded;
  // A probable maker is flagged too, and the reason says how sure the call is.
  const built = `${verdict.oem.probable ? 'Probably built' : 'Built'} by ${vendor}${soldAs(verdict, vendor)}`;
  const flags: Flag[] = [];
  for (const pack of packs) {
    const named = pack.vendors.includes(vendor);
    const byCountry = !named && country !== undefined && pack.vendorCountries.includes(country);
    if (!named && !byCountry) continue;
    if (viaBadge && !pack.coversOemProducts) continue;
    const why = named
      ? `${vendor} is named by ${pack.title} (${pack.vendorDates[vendor] ?? pack.date})`
      : `makers based in ${country} are covered by ${pack.title} (${pack.date})`;
    flags.push({
      policy: pack.id,
      vendor,
      match: viaBadge ? 'oem' : 'direct',
      confidence: verdict.oem.confidence,
      reason: `${built}; ${why}`,
      reference: pack.url,
    });
  }
  return flags;
}

function soldAs(verdict: Verdict, vendor: string): string {
  if (!verdict.brand || verdict.brand === vendor) return '';
  return verdict.oem.rebranded
    ? ` (sold as ${verdict.brand})`
    : ` (sold as ${verdict.brand}, a ${vendor} brand)`;
}
