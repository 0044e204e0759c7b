/**
 * @module util/site
 * A site's name: in the API, at a hub (URL-encoded in its paths) and on the report's cover.
 * Up to 100 characters with inner spaces; no control characters and none of `/ = ,`, which
 * separate site names in URLs and in `OEMSCAN_HUB_SITES` (`name=token,name=token`).
 */
export function isSiteName(name: string): boolean {
  if (name.length === 0 || name.length > 100 || name.trim() !== name) return false;
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || ch === '/' || ch === '=' || ch === ',') return false;
  }
  return true;
}
