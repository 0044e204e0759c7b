/**
 * @module probes/shared/key-value
 * `key=value` line bodies, the format of Dahua CGI (magicBox.cgi, configManager.cgi) and Axis
 * VAPIX param.cgi answers (`root.Brand.Brand=AXIS`). Bounded: the first 64 KiB
 * and 200 lines; keys and values trimmed; the first value of a repeated key wins.
 */

const MAX_LINES = 200;

export function parseKeyValues(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of body.slice(0, 64 * 1024).split(/\r?\n/, MAX_LINES)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (/^[\w.[\]:-]{1,200}$/.test(key) && value && !out.has(key)) out.set(key, value);
  }
  return out;
}
