/**
 * @module probes/shared/device-api
 * The identity fields every authenticated vendor API states (ISAPI deviceInfo, Dahua magicBox,
 * Uniview LAPI, XiongMai DVRIP SystemInfo, Reolink GetDevInfo, Axis param.cgi): believed before
 * any unauthenticated answer, except for the badge, where ONVIF's Manufacturer is read first.
 * Also what the credentialed web-API probes share: their descriptor, and how an answer becomes
 * evidence.
 */
import { type Evidence, type EvidenceField, makeEvidence } from '../../evidence/types.js';
import { describeProbe, type FieldRole, type FieldTable } from '../descriptor.js';
import type { Probe, ProbeTarget } from '../types.js';

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

type DeviceApiField = keyof typeof DEVICE_API_FIELDS;

/** The device-API fields a probe emits, with their roles. */
export function deviceApiFields(...fields: DeviceApiField[]): FieldTable {
  return Object.fromEntries(fields.map((f) => [f, DEVICE_API_FIELDS[f]]));
}

/**
 * The descriptor of a credentialed web-API probe: on HTTP(S), after the web probes; its answers
 * themselves as `http.body` text (each API's format names the stack, even for a new model), the
 * device-API `fields` it states, and any `more`.
 */
export function describeWebApi(probe: Probe, fields: DeviceApiField[], more: FieldTable = {}) {
  return describeProbe(probe, {
    phase: 'credentialed-web',
    services: ['http', 'https'],
    fields: { 'http.body': { text: true }, ...deviceApiFields(...fields), ...more },
  });
}

export type EvidenceBase = Parameters<typeof makeEvidence>[0];

/** Where an answer of `probe` was seen, as evidence names it (`request` never with a secret). */
export function apiEvidenceBase(
  probe: string,
  target: ProbeTarget,
  request: string,
  authenticated: boolean,
): EvidenceBase {
  return { probe, ip: target.ip, port: target.port, transport: 'tcp', request, authenticated };
}

/** Which property of a parsed answer becomes which evidence field. */
export type FieldMap<T> = readonly (readonly [keyof T, EvidenceField])[];

/** The five identity fields most APIs state, under the same names. */
export const IDENTITY_FIELDS = [
  ['manufacturer', 'device.manufacturer'],
  ['model', 'device.model'],
  ['firmware', 'device.firmware'],
  ['hardware', 'device.hardware'],
  ['serial', 'device.serial'],
] as const satisfies FieldMap<Record<string, unknown>>;

/** One evidence item for each field of `map` that `info` states (a non-empty string). */
export function fieldEvidence<T>(base: EvidenceBase, info: T, map: FieldMap<T>): Evidence[] {
  return map.flatMap(([k, field]) => {
    const v = info[k];
    return typeof v === 'string' && v ? [makeEvidence(base, field, v)] : [];
  });
}

/** The five identity fields of `info`, as {@link IDENTITY_FIELDS} names them. */
export const identityEvidence = (base: EvidenceBase, info: DeviceIdentity): Evidence[] =>
  fieldEvidence(base, info, IDENTITY_FIELDS);

type DeviceIdentity = Partial<Record<(typeof IDENTITY_FIELDS)[number][0], string>>;

/**
 * A credentialed web-API probe: over TCP, on 80 and 443 by default (its descriptor's services
 * make the scan run it on every port where HTTP(S) answered).
 */
export const webApiProbe = (p: Pick<Probe, 'name' | 'description' | 'run'>): Probe => ({
  name: p.name,
  description: p.description,
  transport: 'tcp',
  defaultPorts: [80, 443],
  run: p.run,
});
