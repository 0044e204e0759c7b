/**
 * @module probes/wsdiscovery/multicast
 * ONVIF WS-Discovery Probe multicast to 239.255.255.250:3702 from one interface. Own code rather
 * than the onvif package's Discovery: that one always uses the standard group from an unbound
 * socket, so it can neither pick the interface nor bound what it reads.
 */
import { describeProbe } from '../descriptor.js';
import { datagramProbe } from '../net/discovery.js';
import type { DiscoveryProbe } from '../types.js';
import { WSD_FIELDS, WSD_PORT } from './index.js';
import { PROBE_TYPES, parseProbeMatches, probeMatchObservations, probeMessage } from './parse.js';

export const WSD_MULTICAST = '239.255.255.250';

export const wsDiscoveryMulticastProbe: DiscoveryProbe = datagramProbe({
  name: 'ws-discovery-multicast',
  description: 'Multicast WS-Discovery Probe: types, scopes, XAddrs, endpoint, MAC scope',
  service: 'ws-discovery',
  port: WSD_PORT,
  group: WSD_MULTICAST,
  broadcast: false,
  listenOnGroup: false,
  request: 'WS-Discovery Probe (multicast)',
  query: () => PROBE_TYPES.map((t) => probeMessage(undefined, t)),
  parse(msg) {
    const matches = parseProbeMatches(msg);
    return matches && matches.length > 0 ? probeMatchObservations(matches) : undefined;
  },
});

export const wsDiscoveryMulticast = describeProbe(wsDiscoveryMulticastProbe, {
  phase: 'link-discovery',
  services: ['ws-discovery'],
  fields: WSD_FIELDS,
});
