/**
 * @module probes/dhip
 * Dahua DHIP discovery: `DHDiscover.search` multicast to 239.255.255.251:37810 and broadcast on
 * the link. Devices answer to the sender or to the group (UniversalScanner listens on both), with
 * model, serial, firmware, vendor and MAC and no credentials.
 */
import type { EvidenceField } from '../../evidence/types.js';
import { describeProbe, type FieldTable } from '../descriptor.js';
import { datagramProbe, observe } from '../net/discovery.js';
import type { DiscoveryProbe } from '../types.js';
import { DHIP_MULTICAST, DHIP_PORT, type DhipDevice, dhipSearch, parseDhipReply } from './parse.js';

export const DHIP_FIELDS: [keyof DhipDevice, EvidenceField][] = [
  ['deviceType', 'dhip.device-type'],
  ['vendor', 'dhip.vendor'],
  ['manufacturer', 'dhip.manufacturer'],
  ['version', 'dhip.firmware'],
  ['serial', 'dhip.serial'],
  ['mac', 'mac.address'],
];

export const dhipProbe: DiscoveryProbe = datagramProbe({
  name: 'dhip',
  description: 'Dahua DHIP search (UDP 37810 multicast/broadcast): model, serial, firmware, MAC',
  service: 'dhip',
  port: DHIP_PORT,
  group: DHIP_MULTICAST,
  broadcast: true,
  listenOnGroup: true,
  request: 'DHIP DHDiscover.search',
  query: () => [dhipSearch()],
  parse(msg) {
    const d = parseDhipReply(msg);
    return d ? observe(d, DHIP_FIELDS) : undefined;
  },
});

/** What a `client.notifyDevInfo` reply yields, to the multicast search or to the unicast one. */
export const DHIP_EVIDENCE: FieldTable = {
  // DeviceType is the model in the maker's own grammar (IPC-..., DHI-NVR..., VTO...): after the
  // DHIP signatures it is matched against the model grammars, as a vendor API's model is.
  'dhip.device-type': { model: 35, grammarOf: 'onvif.model' },
  'dhip.vendor': { manufacturer: true },
  'dhip.manufacturer': { manufacturer: true },
  'dhip.firmware': { firmware: 35 },
  // The serial in Dahua's grammar, or a badge's own (Amcrest's AMC…, Lorex's ND…) on an OEM unit:
  // after the DHIP signature it reads the ONVIF serial grammars, as a vendor API's serial does.
  'dhip.serial': { serial: 35, mergeKey: 'serial', grammarOf: 'onvif.serial' },
  'mac.address': { mergeKey: 'mac' },
};

export const dhip = describeProbe(dhipProbe, {
  phase: 'link-discovery',
  services: ['dhip'],
  fields: DHIP_EVIDENCE,
});
