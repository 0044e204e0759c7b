/**
 * @module evidence/mac
 * One spelling for MAC addresses, whatever a device wrote (`AC-CC-8E-49-45-78`, `00408CEF081C`).
 */

/** `AA-BB-CC-DD-EE-FF`, `aa:bb:…` or `aabbccddeeff` as `aa:bb:cc:dd:ee:ff`; anything else undefined. */
export function normaliseMac(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 32) return undefined;
  const s = v.trim().toLowerCase();
  let hex: string;
  if (/^[0-9a-f]{12}$/.test(s)) hex = s;
  else if (/^[0-9a-f]{2}([-:])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/.test(s)) hex = s.replace(/[-:]/g, '');
  else return undefined;
  return hex.match(/../g)?.join(':');
}
