/**
 * @module probes/tdp
 * TP-Link discovery asked of one host: the TDP probe python-kasa sends, straight to UDP 20002 of
 * the target (kasa `Discover.discover_single`, which is how `kasa --host <ip>` finds one device).
 * Tapo cameras and doorbells answer it without credentials with their product class, model,
 * firmware and MAC (python-kasa tests/fixtures/smartcam, each fixture's `discovery_result`), which
 * names the badge of a camera whose web and ONVIF services stay shut until the app logs in.
 */
import type { EvidenceField } from '../../evidence/types.js';
import { describeProbe } from '../descriptor.js';
import { observe } from '../net/discovery.js';
import { unicastDatagramProbe } from '../net/unicast.js';
import type { Probe } from '../types.js';
import { parseTdpReply, TDP_PORT, type TdpDevice, tdpProbeDatagram, tdpPublicKey } from './parse.js';

const TDP_FIELDS: [keyof TdpDevice, EvidenceField][] = [
  ['deviceType', 'tdp.device-type'],
  ['model', 'tdp.model'],
  ['firmware', 'tdp.firmware'],
  ['mac', 'mac.address'],
];

export const tdpUnicastProbe: Probe = unicastDatagramProbe<TdpDevice>({
  name: 'tdp-unicast',
  description: 'TP-Link discovery (TDP) by unicast to UDP 20002: product class, model, firmware, MAC',
  service: 'tdp',
  port: TDP_PORT,
  request: 'TDP probe (unicast)',
  query: async () => tdpProbeDatagram(await tdpPublicKey(), Math.floor(Math.random() * 2 ** 32)),
  parse: parseTdpReply,
  complete: async (d) => ({ observations: observe(d, TDP_FIELDS) }),
});

export const tdpUnicast = describeProbe(tdpUnicastProbe, {
  phase: 'udp-unicast',
  services: ['tdp'],
  fields: {
    // The product class names TP-Link's smart-home line (fingerprints/tdp-device-type.yaml).
    'tdp.device-type': {},
    // A bare Tapo model (C210, TC70) is too short to name anyone by itself; it is stated, not matched.
    'tdp.model': { model: 35 },
    'tdp.firmware': { firmware: 35 },
    'mac.address': { mergeKey: 'mac' },
  },
});
