/**
 * @module probes/sadp
 * Hikvision SADP discovery: the inquiry multicast to 239.255.255.250:37020 and broadcast on the
 * link, as hikvision-tooling sends it; every ProbeMatch names model, serial, firmware and MAC
 * without credentials, also from units whose web UI is off.
 */
import { datagramProbe, type Observation } from '../net/discovery.js';
import { parseSadpReply, SADP_MULTICAST, SADP_PORT, sadpInquiry } from './parse.js';

export const sadpProbe = datagramProbe({
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
    if (!d) return undefined;
    const out: Observation[] = [];
    if (d.deviceType) out.push(['sadp.device-type', d.deviceType]);
    if (d.model) out.push(['sadp.model', d.model]);
    if (d.serial) out.push(['sadp.serial', d.serial]);
    if (d.softwareVersion) out.push(['sadp.firmware', d.softwareVersion]);
    if (d.oemInfo) out.push(['sadp.oem-info', d.oemInfo]);
    if (d.mac) out.push(['mac.address', d.mac]);
    return out;
  },
});
