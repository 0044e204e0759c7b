/**
 * @module probes/dhip
 * Dahua DHIP discovery: `DHDiscover.search` multicast to 239.255.255.251:37810 and broadcast on
 * the link. Devices answer to the sender or to the group (UniversalScanner listens on both), with
 * model, serial, firmware, vendor and MAC and no credentials.
 */
import { datagramProbe, type Observation } from '../net/discovery.js';
import { DHIP_MULTICAST, DHIP_PORT, dhipSearch, parseDhipReply } from './parse.js';

export const dhipProbe = datagramProbe({
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
    if (!d) return undefined;
    const out: Observation[] = [];
    if (d.deviceType) out.push(['dhip.device-type', d.deviceType]);
    if (d.vendor) out.push(['dhip.vendor', d.vendor]);
    if (d.manufacturer) out.push(['dhip.manufacturer', d.manufacturer]);
    if (d.version) out.push(['dhip.firmware', d.version]);
    if (d.serial) out.push(['dhip.serial', d.serial]);
    if (d.mac) out.push(['mac.address', d.mac]);
    return out;
  },
});
