/**
 * @module probes/dahua-cgi/parse
 * Dahua CGI `key=value` replies (magicBox.cgi getSystemInfo, getVendor, getSoftwareVersion,
 * getDeviceType). Bounded: the first 200 lines, keys and values trimmed.
 */
import { isIP } from 'node:net';
import { normaliseMac } from '../../evidence/mac.js';

// Shared with other probes (Axis param.cgi answers in the same format).
export { parseKeyValues } from '../shared/key-value.js';

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

/** One camera a Dahua recorder lists in its RemoteDevice table (never its login). */
export interface RemoteDevice {
  channel: number;
  ip?: string;
  protocol?: string;
  name?: string;
  model?: string;
  serial?: string;
  firmware?: string;
  mac?: string;
}

/** Bound on recorder slots read (large NVRs have 256) and on table lines (about 40 per slot). */
export const MAX_REMOTE_SLOTS = 512;
const MAX_TABLE_LINES = MAX_REMOTE_SLOTS * 48;
const SLOT_LINE = /^table\.RemoteDevice\.uuid:System_CONFIG_NETCAMERA_INFO_(\d{1,4})\.(\w{1,40})=(.*)$/;
/**
 * The only fields kept, mapped to ours. An allowlist, so the table's `UserName` and `Password`
 * (the recorder's login on each camera, in plain text) are dropped as each line is read.
 */
const KEPT: Record<string, keyof Omit<RemoteDevice, 'channel'>> = {
  Address: 'ip',
  ProtocolType: 'protocol',
  Name: 'name',
  DeviceType: 'model',
  SerialNo: 'serial',
  Version: 'firmware',
  SoftwareVersion: 'firmware',
  Mac: 'mac',
};
/** What unused slots carry instead of an address. */
const PLACEHOLDER_ADDRESS = new Set(['', '0.0.0.0', '192.168.0.0']);
const PLACEHOLDER_MAC = new Set(['', '00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff']);
/** Fields whose values are the login: besides being dropped, they are scrubbed from the rest. */
const LOGIN_FIELD = /user|pass/i;
/**
 * A value holding another table key is two lines run together (a truncated or hostile reply);
 * it may carry the next line's password, so it is not kept at all.
 */
const SPLICED = /table\.|(?:password|username)\s*=/i;
const VALID: Partial<Record<keyof RemoteDevice, (v: string) => boolean>> = {
  ip: (v) => isIP(v) !== 0 || /^[a-z0-9][a-z0-9.-]{0,252}$/i.test(v),
  mac: (v) => normaliseMac(v) !== undefined,
};

/**
 * configManager.cgi `getConfig&name=RemoteDevice`: slot n (0-based) is channel n+1. Slots that
 * are disabled or hold a placeholder address are left out; `Vendor` stands in for a missing
 * `ProtocolType`. Undefined when the body holds no RemoteDevice line at all.
 */
export function parseRemoteDevices(body: string): RemoteDevice[] | undefined {
  const slots = new Map<number, RemoteDevice & { enabled?: boolean; vendor?: string }>();
  const logins = new Set<string>();
  for (const line of body.slice(0, 2 * 1024 * 1024).split(/\r?\n/, MAX_TABLE_LINES)) {
    const m = SLOT_LINE.exec(line.trim());
    if (!m) continue;
    const slot = Number(m[1]);
    if (slot >= MAX_REMOTE_SLOTS) continue;
    const [field, value] = [m[2] as string, (m[3] as string).trim()];
    const entry = slots.get(slot) ?? { channel: slot + 1 };
    slots.set(slot, entry);
    if (field === 'Enable') entry.enabled = value.toLowerCase() === 'true';
    else if (field === 'Vendor' && !SPLICED.test(value)) entry.vendor = value.slice(0, 200);
    else if (LOGIN_FIELD.test(field) && value.length >= 3) logins.add(value);
    // Own keys only: a device's field named `constructor` must not find Object's.
    const key = Object.hasOwn(KEPT, field) ? KEPT[field] : undefined;
    if (!key || !value || entry[key] !== undefined || SPLICED.test(value)) continue;
    if (VALID[key]?.(value) !== false) entry[key] = value.slice(0, 200);
  }
  if (slots.size === 0) return undefined;
  const out: RemoteDevice[] = [];
  for (const { enabled, vendor, ...d } of [...slots.values()].sort((a, b) => a.channel - b.channel)) {
    if (enabled === false || PLACEHOLDER_ADDRESS.has(d.ip ?? '')) continue;
    if (PLACEHOLDER_MAC.has((d.mac ?? '').toLowerCase())) delete d.mac;
    const device: RemoteDevice = { ...d, ...(d.protocol || !vendor ? {} : { protocol: vendor }) };
    for (const [k, v] of Object.entries(device)) {
      if (typeof v === 'string' && [...logins].some((l) => v.includes(l)))
        delete device[k as keyof RemoteDevice];
    }
    out.push(device);
  }
  return out;
}
