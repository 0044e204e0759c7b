/**
 * @module probes/ssdp/unicast
 * SSDP asked of one host: a unicast `M-SEARCH` to UDP 1900 of the target (UPnP Device
 * Architecture 1.1: `HOST: <ip>:1900`, no `MX`), its reply read with the same bounded parser as
 * the link-wide search, then the description XML at LOCATION — only when LOCATION names this
 * very host and it is inside the scan's targets (the rule the multicast probe follows).
 */
import { describeProbe } from '../descriptor.js';
import { unicastDatagramProbe } from '../net/unicast.js';
import type { Probe } from '../types.js';
import { fetchDescription, SSDP_EVIDENCE, SSDP_PORT, ssdpObservations } from './index.js';
import { parseSsdpResponse, type SsdpMessage, unicastMSearch } from './parse.js';

export const ssdpUnicastProbe: Probe = unicastDatagramProbe<SsdpMessage>({
  name: 'ssdp-unicast',
  description: 'Unicast SSDP M-SEARCH to UDP 1900, then the UPnP description at LOCATION on the same host',
  service: 'ssdp',
  port: SSDP_PORT,
  request: 'SSDP M-SEARCH ssdp:all (unicast)',
  query: (target) => unicastMSearch(target.ip, target.port),
  // Only an answer to a search counts: a NOTIFY or a request echoed back is not one.
  parse: (msg) => {
    const m = parseSsdpResponse(msg);
    return m?.kind === 'response' ? m : undefined;
  },
  async complete(m, target, ctx) {
    const observations = ssdpObservations(m);
    if (!m.location) return { observations };
    const r = await fetchDescription(m.location, target.ip, ctx);
    if ('observations' in r) return { observations: [...observations, ...r.observations] };
    return { observations, ...(r.problem ? { problems: [r.problem] } : {}) };
  },
});

export const ssdpUnicast = describeProbe(ssdpUnicastProbe, {
  phase: 'udp-unicast',
  services: ['ssdp'],
  fields: SSDP_EVIDENCE,
});
