/**
 * @module probes/wsdiscovery
 * Unicast WS-Discovery: a Probe sent straight to UDP 3702 of one host. Many cameras answer
 * with their ONVIF scopes (hardware, name, sometimes MAC) even when the web UI is locked.
 */
import { makeEvidence } from '../../evidence/types.js';
import { describeProbe, type FieldTable } from '../descriptor.js';
import { askOnce } from '../net/unicast.js';
import { waitForSlot } from '../status.js';
import type { Probe } from '../types.js';
import { PROBE_TYPES, parseProbeMatches, probeMatchObservations, probeMessage } from './parse.js';

export const WSD_PORT = 3702;

export const wsDiscoveryProbe: Probe = {
  name: 'ws-discovery',
  description: 'Unicast WS-Discovery Probe: types, scopes, XAddrs',
  transport: 'udp',
  defaultPorts: [WSD_PORT],
  async run(target, ctx) {
    const refused = await waitForSlot(ctx);
    if (refused) return refused;
    // The retry asks for the other ONVIF device type: a device lacking the first one stays silent.
    const [first, second] = PROBE_TYPES.map((t) => probeMessage(undefined, t));
    const x = await askOnce(
      target,
      first as string,
      parseProbeMatches,
      ctx,
      'WS-Discovery ProbeMatches',
      second,
    );
    if (x.kind === 'failed') return x.result;
    const base = {
      probe: 'ws-discovery',
      ip: target.ip,
      port: target.port,
      transport: 'udp' as const,
      request: 'WS-Discovery Probe',
    };
    const evidence = probeMatchObservations(x.answer).map(([f, v]) => makeEvidence(base, f, v));
    return { status: 'ok', evidence, service: 'ws-discovery' };
  },
};

/** What a ProbeMatch yields (./parse.ts `probeMatchObservations`), unicast or multicast. */
export const WSD_FIELDS: FieldTable = {
  'wsd.endpoint': { mergeKey: 'endpoint' },
  'wsd.types': {},
  'wsd.scope': { text: true, selfNaming: 7 },
  'wsd.xaddr': {},
  'mac.address': { mergeKey: 'mac' },
};

export const wsDiscovery = describeProbe(wsDiscoveryProbe, {
  phase: 'udp-unicast',
  services: ['ws-discovery'],
  fields: WSD_FIELDS,
});
