/**
 * @module probes/dahua-cgi
 * Dahua CGI with credentials (HTTP Digest): magicBox.cgi `getSystemInfo` (model, serial),
 * `getVendor`, `getSoftwareVersion`, `getDeviceType`, and on a recorder configManager.cgi
 * `getConfig&name=RemoteDevice` for the cameras on its channels. Read-only GETs, asked in that
 * order; the first refusal ends the probe (and every later login on the device).
 */
import { type Evidence, type EvidenceField, makeEvidence } from '../../evidence/types.js';
import { RECORDER, withChannels } from '../auth/channels.js';
import { gatedGet, originOf } from '../auth/exchange.js';
import { apiEvidenceBase, describeWebApi, webApiProbe } from '../shared/device-api.js';
import type { ProbeResult, ProbeTarget } from '../types.js';
import { dahuaModel, parseKeyValues, parseRemoteDevices, type RemoteDevice } from './parse.js';

export const MAGICBOX = '/cgi-bin/magicBox.cgi';
export const REMOTE_DEVICE_PATH = '/cgi-bin/configManager.cgi?action=getConfig&name=RemoteDevice';
const ACTIONS = ['getSystemInfo', 'getVendor', 'getSoftwareVersion', 'getDeviceType'] as const;
type Action = (typeof ACTIONS)[number];

export const dahuaCgiProbe = webApiProbe({
  name: 'dahua-cgi',
  description:
    'Dahua magicBox.cgi system info, vendor, software version, device type, with credentials (Digest)',
  async run(target, ctx) {
    const answers = new Map<Action, Map<string, string>>();
    // The answers themselves: magicBox's key=value format names the stack when the model is new.
    const bodies: Evidence[] = [];
    let authenticated = false;
    let stop: ProbeResult | undefined;
    for (const action of ACTIONS) {
      const got = await gatedGet(
        `Dahua magicBox ${action}`,
        `${originOf(target)}${MAGICBOX}?action=${action}`,
        ctx,
      );
      if (!got.ok) {
        stop = got.result;
        break;
      }
      authenticated ||= got.authenticated;
      const kv = got.reply.status === 200 ? parseKeyValues(got.reply.body.toString('utf8')) : undefined;
      // Without a system-info table this is not a Dahua CGI; ask nothing more.
      if (action === 'getSystemInfo' && !kv?.size)
        return {
          status: 'skipped',
          evidence: [],
          message: `no magicBox system info (HTTP ${got.reply.status})`,
        };
      if (kv?.size) {
        answers.set(action, kv);
        bodies.push(
          makeEvidence(
            bodyBase(target, action, got.authenticated),
            'http.body',
            got.reply.body.toString('utf8'),
          ),
        );
      }
    }
    const evidence = [...bodies, ...toEvidence(answers, target, authenticated)];
    if (stop?.status === 'skipped' && evidence.length === 0) return stop;
    if (stop && stop.status !== 'skipped') return { ...stop, evidence };
    const result: ProbeResult = { status: 'ok', evidence, service: target.scheme ?? 'http' };
    // Only a recorder has channel cameras; a camera is not asked (one request less per camera).
    const sys = answers.get('getSystemInfo');
    if (!sys || !RECORDER.test(dahuaModel(sys, answers.get('getDeviceType')) ?? '')) return result;
    return withChannels(
      result,
      {
        label: 'Dahua RemoteDevice',
        url: `${originOf(target)}${REMOTE_DEVICE_PATH}`,
        parse: parseRemoteDevices,
        evidence: (d, authenticated) => channelEvidence(target, d, authenticated),
      },
      ctx,
    );
  },
});

const CHANNEL_FIELDS: [keyof RemoteDevice, EvidenceField][] = [
  ['model', 'device.model'],
  ['firmware', 'device.firmware'],
  ['serial', 'device.serial'],
  ['mac', 'mac.address'],
];

/** What the recorder says about one camera, observed on the recorder's own address and port. */
function channelEvidence(target: ProbeTarget, d: RemoteDevice, authenticated: boolean): Evidence[] {
  const base = apiEvidenceBase(
    'dahua-cgi',
    target,
    `GET ${REMOTE_DEVICE_PATH} (channel ${d.channel})`,
    authenticated,
  );
  return CHANNEL_FIELDS.flatMap(([k, field]) => (d[k] ? [makeEvidence(base, field, String(d[k]))] : []));
}

function bodyBase(target: ProbeTarget, action: Action, authenticated: boolean) {
  return apiEvidenceBase('dahua-cgi', target, `GET ${MAGICBOX}?action=${action}`, authenticated);
}

function toEvidence(
  answers: Map<Action, Map<string, string>>,
  target: { ip: string; port: number },
  authenticated: boolean,
): Evidence[] {
  const sys = answers.get('getSystemInfo');
  if (!sys) return [];
  const base = (action: Action) => bodyBase(target, action, authenticated);
  const out: Evidence[] = [];
  const vendor = answers.get('getVendor')?.get('vendor');
  if (vendor) out.push(makeEvidence(base('getVendor'), 'device.manufacturer', vendor));
  const model = dahuaModel(sys, answers.get('getDeviceType'));
  if (model)
    out.push(
      makeEvidence(
        base(answers.get('getDeviceType')?.get('type') ? 'getDeviceType' : 'getSystemInfo'),
        'device.model',
        model,
      ),
    );
  const serial = sys.get('serialNumber');
  if (serial) out.push(makeEvidence(base('getSystemInfo'), 'device.serial', serial));
  const version = answers.get('getSoftwareVersion')?.get('version');
  if (version) out.push(makeEvidence(base('getSoftwareVersion'), 'device.firmware', version));
  return out;
}

// The answers themselves: magicBox's key=value format names the stack.
export const dahuaCgi = describeWebApi(
  dahuaCgiProbe,
  ['device.manufacturer', 'device.model', 'device.firmware', 'device.serial'],
  { 'mac.address': { mergeKey: 'mac' } },
);
