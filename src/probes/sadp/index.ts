/**
 * @module probes/sadp
 * Hikvision SADP discovery: the inquiry multicast to 239.255.255.250:37020 and broadcast on the
 * link, as hikvision-tooling sends it; every ProbeMatch names model, serial, firmware and MAC
 * without credentials, also from units whose web UI is off.
 */
import type { EvidenceField } from '../../evidence/types.js';
import { describeProbe, type FieldTable } from '../descriptor.js';
import { datagramProbe, observe } from '../net/discovery.js';
import type { DiscoveryProbe } from '../types.js';
import { parseSadpReply, SADP_MULTICAST, SADP_PORT, type SadpDevice, sadpInquiry } from './parse.js';

export const SADP_FIELDS: [keyof SadpDevice, EvidenceField][] = [
  ['deviceType', 'sadp.device-type'],
  ['model', 'sadp.model'],
  ['serial', 'sadp.serial'],
  ['softwareVersion', 'sadp.firmware'],
  ['oemInfo', 'sadp.oem-info'],
  ['mac', 'mac.address'],
];

export const sadpProbe: DiscoveryProbe = datagramProbe({
  name: 'sadp',
  description: 'Hikvision SADP inquiry (UDP 37020 multicast): model, serial, firmware, MAC',
  service: 'sadp',
  port: SADP_PORT,
  group: SADP_MULTICAST,
  broadcast: true,
  listenOnGroup: true,
  request: 'SADP inquiry',
  query: () => [sadpInquiry()],
  parse(msg) {
    const d = parseSadpReply(msg);
    return d ? observe(d, SADP_FIELDS) : undefined;
  },
});

/** What a ProbeMatch yields, to the multicast inquiry or to the unicast one. */
export const SADP_EVIDENCE: FieldTable = {
  'sadp.device-type': {},
  // DeviceDescription is the model (DS-..., iDS-..., a rebrand's own): after the SADP
  // signatures it is matched against the model grammars.
  'sadp.model': { model: 30, grammarOf: 'onvif.model' },
  'sadp.serial': { serial: 30, mergeKey: 'serial' },
  'sadp.firmware': { firmware: 30 },
  'sadp.oem-info': { text: true },
  'mac.address': { mergeKey: 'mac' },
};

export const sadp = describeProbe(sadpProbe, {
  phase: 'link-discovery',
  services: ['sadp'],
  fields: SADP_EVIDENCE,
});
