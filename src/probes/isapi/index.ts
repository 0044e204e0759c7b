/**
 * @module probes/isapi
 * Hikvision ISAPI with credentials (HTTP Digest): `GET /ISAPI/System/deviceInfo` for model,
 * serial, firmware, MAC and OEM code, and on a recorder `GET /ISAPI/ContentMgmt/InputProxy/channels`
 * for the cameras on its channels. Read-only GETs; credentials only answer a challenge.
 */
import { type Evidence, type EvidenceField, makeEvidence } from '../../evidence/types.js';
import { RECORDER, withChannels } from '../auth/channels.js';
import { gatedGet, originOf } from '../auth/exchange.js';
import {
  apiEvidenceBase,
  describeWebApi,
  type EvidenceBase,
  fieldEvidence,
  webApiProbe,
} from '../shared/device-api.js';
import type { ProbeResult, ProbeTarget } from '../types.js';
import {
  type InputProxyChannel,
  type IsapiDeviceInfo,
  parseDeviceInfo,
  parseInputProxyChannels,
} from './parse.js';

export const DEVICE_INFO_PATH = '/ISAPI/System/deviceInfo';
export const CHANNELS_PATH = '/ISAPI/ContentMgmt/InputProxy/channels';

export const isapiProbe = webApiProbe({
  name: 'isapi',
  description: 'Hikvision ISAPI deviceInfo and NVR channel list, with credentials (Digest)',
  async run(target, ctx) {
    const got = await gatedGet('ISAPI deviceInfo', `${originOf(target)}${DEVICE_INFO_PATH}`, ctx);
    if (!got.ok) return got.result;
    const info = got.reply.status === 200 ? parseDeviceInfo(got.reply.body.toString('utf8')) : undefined;
    if (!info)
      return { status: 'skipped', evidence: [], message: `no ISAPI deviceInfo (HTTP ${got.reply.status})` };
    const base = evidenceBase(target, `GET ${DEVICE_INFO_PATH}`, got.authenticated);
    // The answer's own format (the ISAPI XML namespace) names the stack even when the model is new.
    const evidence = [
      makeEvidence(base, 'http.body', got.reply.body.toString('utf8')),
      ...identityEvidence(base, info),
    ];
    if (info.mac) evidence.push(makeEvidence(base, 'mac.address', info.mac));
    const result: ProbeResult = { status: 'ok', evidence, service: target.scheme ?? 'http' };
    if (!info.deviceType || !RECORDER.test(info.deviceType)) return result;
    return withChannels(
      result,
      {
        label: 'ISAPI InputProxy channels',
        url: `${originOf(target)}${CHANNELS_PATH}`,
        parse: parseInputProxyChannels,
        evidence: (c, authenticated) =>
          identityEvidence(
            evidenceBase(target, `GET ${CHANNELS_PATH} (channel ${c.channel})`, authenticated),
            c,
          ),
      },
      ctx,
    );
  },
});

const evidenceBase = (target: ProbeTarget, request: string, authenticated: boolean): EvidenceBase =>
  apiEvidenceBase('isapi', target, request, authenticated);

type Identity = Partial<IsapiDeviceInfo & InputProxyChannel>;

const FIELDS: [keyof Identity, EvidenceField][] = [
  ['manufacturer', 'device.manufacturer'],
  ['model', 'device.model'],
  ['firmware', 'device.firmware'],
  ['serial', 'device.serial'],
  ['oemCode', 'device.oem-code'],
];

const identityEvidence = (base: EvidenceBase, info: Identity): Evidence[] =>
  fieldEvidence(base, info, FIELDS);

// The answer itself: its XML namespace names the stack.
export const isapi = describeWebApi(
  isapiProbe,
  ['device.manufacturer', 'device.model', 'device.firmware', 'device.serial', 'device.oem-code'],
  { 'mac.address': { mergeKey: 'mac' } },
);
