/**
 * @module probes/dahua-cgi
 * Dahua CGI with credentials (HTTP Digest): magicBox.cgi `getSystemInfo` (model, serial),
 * `getVendor`, `getSoftwareVersion`, `getDeviceType`. Read-only GETs, asked in that order; the
 * first refusal ends the probe (and every later login on the device).
 */
import { type Evidence, makeEvidence } from '../../evidence/types.js';
import { gatedGet, originOf } from '../auth/exchange.js';
import { isHttpPort, isTlsPort } from '../ports.js';
import type { Probe, ProbeResult } from '../types.js';
import { dahuaModel, parseKeyValues } from './parse.js';

export const MAGICBOX = '/cgi-bin/magicBox.cgi';
const ACTIONS = ['getSystemInfo', 'getVendor', 'getSoftwareVersion', 'getDeviceType'] as const;
type Action = (typeof ACTIONS)[number];

export const dahuaCgiProbe: Probe = {
  name: 'dahua-cgi',
  description:
    'Dahua magicBox.cgi system info, vendor, software version, device type, with credentials (Digest)',
  transport: 'tcp',
  defaultPorts: [80, 443],
  appliesTo: (port, { portOffset }) => isHttpPort(port, portOffset) || isTlsPort(port, portOffset),
  async run(target, ctx): Promise<ProbeResult> {
    const answers = new Map<Action, Map<string, string>>();
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
      if (kv?.size) answers.set(action, kv);
    }
    const evidence = toEvidence(answers, target, authenticated);
    if (stop?.status === 'skipped' && evidence.length === 0) return stop;
    if (stop && stop.status !== 'skipped') return { ...stop, evidence };
    return { status: 'ok', evidence, service: target.scheme ?? 'http' };
  },
};

function toEvidence(
  answers: Map<Action, Map<string, string>>,
  target: { ip: string; port: number },
  authenticated: boolean,
): Evidence[] {
  const sys = answers.get('getSystemInfo');
  if (!sys) return [];
  const base = (action: Action) => ({
    probe: 'dahua-cgi',
    ip: target.ip,
    port: target.port,
    transport: 'tcp' as const,
    request: `GET ${MAGICBOX}?action=${action}`,
    authenticated,
  });
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
