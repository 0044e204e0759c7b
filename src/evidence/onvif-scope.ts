/**
 * @module evidence/onvif-scope
 * ONVIF's predefined discovery scopes, `onvif://www.onvif.org/<key>/<value>` (ONVIF Core
 * Specification, "Scopes": `type`, `location`, `hardware`, `name`): the value of one key,
 * URL-decoded, so `hardware/HIKVISION%20DS-2CD2143G0-I` reads as the model the device states.
 */

/** The value of `value` when it is the scope `key` (caseless prefix), else undefined. */
export function onvifScopeValue(value: string, key: string): string | undefined {
  const prefix = `onvif://www.onvif.org/${key}/`;
  if (!value.toLowerCase().startsWith(prefix)) return undefined;
  const raw = value.slice(prefix.length);
  try {
    return decodeURIComponent(raw).trim() || undefined;
  } catch {
    // A stray `%` the device did not escape: the text as sent.
    return raw.trim() || undefined;
  }
}
