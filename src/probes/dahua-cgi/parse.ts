/**
 * @module probes/dahua-cgi/parse
 * Dahua CGI `key=value` replies (magicBox.cgi getSystemInfo, getVendor, getSoftwareVersion,
 * getDeviceType). Bounded: the first 200 lines, keys and values trimmed.
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

/**
 * The model: getDeviceType's `type`, else getSystemInfo's `deviceType` unless it is a bare
 * class code (NVRs answer `31`, some cameras `IP Camera`), else `updateSerial`, which then
 * carries the model (rroller/dahua custom_components/dahua/__init__.py notes both cases).
 */
export function dahuaModel(
  systemInfo: Map<string, string>,
  deviceType?: Map<string, string>,
): string | undefined {
  const type = deviceType?.get('type');
  if (type) return type;
  const dt = systemInfo.get('deviceType');
  if (dt && !/^\d+$/.test(dt) && dt !== 'IP Camera') return dt;
  return systemInfo.get('updateSerial') ?? dt;
}
