/**
 * @module evidence/mac
 * One spelling for MAC addresses, whatever a device wrote (`AC-CC-8E-49-45-78`, `00408CEF081C`).
 */

/** The MAC as `aa:bb:cc:dd:ee:ff`, or undefined when the value does not hold exactly 48 bits of hex. */
export function formatMac(value: string): string | undefined {
  const hex = value.toLowerCase().replace(/[^0-9a-f]/g, '');
  return hex.length === 12 ? hex.replace(/(..)(?!$)/g, '$1:') : undefined;
}
