/**
 * @module probes/shared/device-api
 * The identity fields every authenticated vendor API states (ISAPI deviceInfo, Dahua magicBox,
 * Uniview LAPI, XiongMai DVRIP SystemInfo): believed before any unauthenticated answer, except
 * for the badge, where ONVIF's Manufacturer is read first.
 */
import type { EvidenceField } from '../../evidence/types.js';
import type { FieldRole, FieldTable } from '../descriptor.js';

const DEVICE_API_FIELDS = {
  'device.manufacturer': { manufacturer: true, brandClaim: 20 },
  'device.model': { model: 10 },
  'device.firmware': { firmware: 10 },
  // Not a merge key: a recorder states its channel cameras' serials in the same field.
  'device.serial': { serial: 10 },
  'device.oem-code': {},
  'device.hardware': {},
} as const satisfies Partial<Record<EvidenceField, FieldRole>>;

/** The device-API fields a probe emits, with their roles. */
export function deviceApiFields(...fields: (keyof typeof DEVICE_API_FIELDS)[]): FieldTable {
  return Object.fromEntries(fields.map((f) => [f, DEVICE_API_FIELDS[f]]));
}
