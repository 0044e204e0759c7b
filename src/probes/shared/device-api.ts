/**
 * @module probes/shared/device-api
 * The identity fields every authenticated vendor API states (ISAPI deviceInfo, Dahua magicBox,
 * Uniview LAPI, XiongMai DVRIP SystemInfo): believed before any unauthenticated answer, except
 * for the badge, where ONVIF's Manufacturer is read first.
 */
import type { EvidenceField } from '../../evidence/types.js';
import type { FieldRole, FieldTable } from '../descriptor.js';

const DEVICE_API_FIELDS = {
  // The same strings as ONVIF GetDeviceInformation states, so matched with its grammars too.
  'device.manufacturer': { manufacturer: true, brandClaim: 20, grammarOf: 'onvif.manufacturer' },
  'device.model': { model: 10, grammarOf: 'onvif.model' },
  'device.firmware': { firmware: 10, grammarOf: 'onvif.firmware' },
  // Not a merge key: a recorder states its channel cameras' serials in the same field.
  'device.serial': { serial: 10, grammarOf: 'onvif.serial' },
  'device.oem-code': {},
  'device.hardware': { grammarOf: 'onvif.hardware-id' },
} as const satisfies Partial<Record<EvidenceField, FieldRole>>;

/** The device-API fields a probe emits, with their roles. */
export function deviceApiFields(...fields: (keyof typeof DEVICE_API_FIELDS)[]): FieldTable {
  return Object.fromEntries(fields.map((f) => [f, DEVICE_API_FIELDS[f]]));
}
