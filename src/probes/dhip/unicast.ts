/**
 * @module probes/dhip/unicast
 * Dahua DHIP search asked of one host: the same `DHDiscover.search` datagram the link-wide probe
 * multicasts, sent straight to UDP 37810 of the target. Dahua-built recorders and cameras answer
 * it with `client.notifyDevInfo` to the sender, which is how Internet-wide surveys reach them
 * (Shadowserver's "Accessible DVR DHCPDiscover" scan, NSFOCUS and NETSCOUT on DHDiscover
 * reflection), so a unit on another subnet, or one whose web UI is off, still names itself.
 */

import { describeProbe } from '../descriptor.js';
import { observe } from '../net/discovery.js';
import { unicastDatagramProbe } from '../net/unicast.js';
import type { Probe } from '../types.js';
import { DHIP_EVIDENCE, DHIP_FIELDS } from './index.js';
import { DHIP_PORT, dhipSearch, parseDhipReply } from './parse.js';

export const dhipUnicastProbe: Probe = unicastDatagramProbe({
  name: 'dhip-unicast',
  description: 'Dahua DHIP search by unicast to UDP 37810: model, serial, firmware, MAC',
  service: 'dhip',
  port: DHIP_PORT,
  request: 'DHIP DHDiscover.search (unicast)',
  query: () => dhipSearch(),
  parse: parseDhipReply,
  complete: async (d) => ({ observations: observe(d, DHIP_FIELDS) }),
});

export const dhipUnicast = describeProbe(dhipUnicastProbe, {
  phase: 'udp-unicast',
  services: ['dhip'],
  fields: DHIP_EVIDENCE,
});
