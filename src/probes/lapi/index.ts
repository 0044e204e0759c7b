/**
 * @module probes/lapi
 * Uniview LAPI with credentials (HTTP Digest): `GET /LAPI/V1.0/System/DeviceInfo` for model,
 * serial, firmware (and manufacturer and MAC where the firmware reports them). One read-only
 * GET; credentials only answer a challenge.
 */
import { type Evidence, type EvidenceField, makeEvidence } from '../../evidence/types.js';
import { gatedGet, originOf } from '../auth/exchange.js';
import { apiEvidenceBase, describeWebApi, fieldEvidence, webApiProbe } from '../shared/device-api.js';
import { type LapiDeviceInfo, parseDeviceInfo } from './parse.js';

export const DEVICE_INFO_PATH = '/LAPI/V1.0/System/DeviceInfo';

export const lapiProbe = webApiProbe({
  name: 'lapi',
  description: 'Uniview LAPI DeviceInfo, with credentials (Digest)',
  async run(target, ctx) {
    const got = await gatedGet('LAPI DeviceInfo', `${originOf(target)}${DEVICE_INFO_PATH}`, ctx);
    if (!got.ok) return got.result;
    // Uniview answers an unknown path with HTTP 599 and ResponseCode 1: not this API, not an error.
    const info = got.reply.status === 200 ? parseDeviceInfo(got.reply.body.toString('utf8')) : undefined;
    if (!info)
      return { status: 'skipped', evidence: [], message: `no LAPI DeviceInfo (HTTP ${got.reply.status})` };
    const base = apiEvidenceBase('lapi', target, `GET ${DEVICE_INFO_PATH}`, got.authenticated);
    // The answer's own format (LAPI's JSON envelope) names the stack even when the model is new.
    const evidence: Evidence[] = [
      makeEvidence(base, 'http.body', got.reply.body.toString('utf8')),
      ...fieldEvidence(base, info, FIELDS),
    ];
    return { status: 'ok', evidence, service: target.scheme ?? 'http' };
  },
});

const FIELDS: [keyof LapiDeviceInfo, EvidenceField][] = [
  ['manufacturer', 'device.manufacturer'],
  ['model', 'device.model'],
  ['firmware', 'device.firmware'],
  ['serial', 'device.serial'],
  ['mac', 'mac.address'],
];

// The answer itself: LAPI's JSON envelope names the stack.
export const lapi = describeWebApi(
  lapiProbe,
  ['device.manufacturer', 'device.model', 'device.firmware', 'device.serial'],
  { 'mac.address': { mergeKey: 'mac' } },
);
