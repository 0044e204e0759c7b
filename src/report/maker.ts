/**
 * @module report/maker
 * How every output names the maker: a probable call always carries the word, so a reader never
 * takes "on the balance of the evidence" for "established".
 */
import type { Oem } from './types.js';

export function makerLabel(oem: Oem): string | null {
  if (!oem.vendor) return null;
  return oem.probable ? `${oem.vendor} (probable)` : oem.vendor;
}

/** `established`, `probable`, or empty when no maker is named. */
export function makerCertainty(oem: Oem): '' | 'probable' | 'established' {
  if (!oem.vendor) return '';
  return oem.probable ? 'probable' : 'established';
}
