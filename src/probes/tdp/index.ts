/**
 * @module probes/tdp
 * TP-Link discovery (TDP): the probe python-kasa sends, broadcast on each link (kasa
 * `Discover.discover`) and asked of each target straight at UDP 20002 (`Discover.discover_single`,
 * which is how `kasa --host <ip>` finds one device).
 * Tapo cameras and doorbells answer it without credentials with their product class, model,
 * firmware and MAC (python-kasa tests/fixtures/smartcam, each fixture's `discovery_result`), which
 * names the badge of a camera whose web and ONVIF services stay shut until the app logs in.
 */
import type { EvidenceField } from '../../evidence/types.js';
import { describeProbe, type FieldTable } from '../descriptor.js';
import { datagramProbe, observe } from '../net/discovery.js';
import { unicastDatagramProbe } from '../net/unicast.js';
import type { DiscoveryProbe, Probe } from '../types.js';
import { parseTdpReply, TDP_PORT, TDP_PUBLIC_KEY, type TdpDevice, tdpProbeDatagram } from './parse.js';

const TDP_FIELDS: [keyof TdpDevice, EvidenceField][] = [
  ['deviceType', 'tdp.device-type'],
  ['model', 'tdp.model'],
  ['firmware', 'tdp.firmware'],
  ['mac', 'mac.address'],
];

const tdpQuery = () => tdpProbeDatagram(TDP_PUBLIC_KEY, Math.floor(Math.random() * 2 ** 32));

export const tdpProbe: DiscoveryProbe = datagramProbe({
  name: 'tdp',
  description: 'TP-Link discovery (TDP, UDP 20002 broadcast): product class, model, firmware, MAC',
  service: 'tdp',
  port: TDP_PORT,
  broadcast: true,
  listenOnGroup: false,
  request: 'TDP probe',
  query: () => [tdpQuery()],
  parse(msg) {
    const d = parseTdpReply(msg);
    return d ? observe(d, TDP_FIELDS) : undefined;
  },
});

export const tdpUnicastProbe: Probe = unicastDatagramProbe<TdpDevice>({
  name: 'tdp-unicast',
  description: 'TP-Link discovery (TDP) by unicast to UDP 20002: product class, model, firmware, MAC',
  service: 'tdp',
  port: TDP_PORT,
  request: 'TDP probe (unicast)',
  query: tdpQuery,
  parse: parseTdpReply,
  complete: async (d) => ({ observations: observe(d, TDP_FIELDS) }),
});

const TDP_EVIDENCE: FieldTable = {
  // The product class names TP-Link's smart-home line (fingerprints/tdp-device-type.yaml).
  'tdp.device-type': {},
  // A bare Tapo model (C210, TC70) is too short to name anyone by itself; it is stated, not matched.
  'tdp.model': { model: 35 },
  'tdp.firmware': { firmware: 35 },
  'mac.address': { mergeKey: 'mac' },
};

export const tdp = describeProbe(tdpProbe, {
  phase: 'link-discovery',
  services: ['tdp'],
  fields: TDP_EVIDENCE,
});
/**
 * Asked only of a host that answered something else: a Tapo camera also holds TCP 443 (its app
 * API; python-kasa's smartcam fixtures say `is_support_https`), and a dead address then costs
 * the sweep no datagram.
 */
export const tdpUnicast = describeProbe(tdpUnicastProbe, {
  phase: 'udp-unicast',
  services: ['tdp'],
  livePorts: [TDP_PORT],
  fields: TDP_EVIDENCE,
});
