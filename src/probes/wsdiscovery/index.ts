/**
 * @module probes/wsdiscovery
 * Unicast WS-Discovery: a Probe sent straight to UDP 3702 of one host. Many cameras answer
 * with their ONVIF scopes (hardware, name, sometimes MAC) even when the web UI is locked.
 */
import { createSocket } from 'node:dgram';
import { makeEvidence } from '../../evidence/types.js';
import { describeProbe, type FieldTable } from '../descriptor.js';
import { failed, waitForSlot } from '../status.js';
import type { Probe } from '../types.js';
import { parseProbeMatches, probeMatchObservations, probeMessage } from './parse.js';

export const WSD_PORT = 3702;
const MAX_DATAGRAM = 64 * 1024;

export const wsDiscoveryProbe: Probe = {
  name: 'ws-discovery',
  description: 'Unicast WS-Discovery Probe: types, scopes, XAddrs',
  transport: 'udp',
  defaultPorts: [WSD_PORT],
  async run(target, ctx) {
    const refused = await waitForSlot(ctx);
    if (refused) return refused;
    return new Promise((resolve) => {
      const sock = createSocket('udp4');
      const base = {
        probe: 'ws-discovery',
        ip: target.ip,
        port: target.port,
        transport: 'udp' as const,
        request: 'WS-Discovery Probe',
      };
      const done = (r: Parameters<typeof resolve>[0]) => {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        sock.removeAllListeners();
        sock.on('error', () => {});
        sock.close();
        resolve(r);
      };
      const onAbort = () => done({ status: 'timeout', evidence: [], message: 'host budget exhausted' });
      const timer = setTimeout(
        () =>
          done({
            status: 'timeout',
            evidence: [],
            message: `no ProbeMatches within ${ctx.limits.timeoutMs} ms`,
          }),
        ctx.limits.timeoutMs,
      );
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      sock.on('error', (err) => done(failed(err)));
      sock.on('message', (msg, rinfo) => {
        // Only the host we asked may answer; anything else is ignored, not trusted.
        if (rinfo.address !== target.ip) return;
        if (msg.length > MAX_DATAGRAM) return;
        const matches = parseProbeMatches(msg);
        if (!matches)
          return done({ status: 'protocol-error', evidence: [], message: 'reply is not a ProbeMatches' });
        const evidence = probeMatchObservations(matches).map(([f, v]) => makeEvidence(base, f, v));
        done({ status: 'ok', evidence, service: 'ws-discovery' });
      });
      // A connected socket turns an ICMP port-unreachable into ECONNREFUSED, so closed hosts end at once.
      sock.connect(target.port, target.ip, () => {
        // The callback also runs when connecting failed (no route): send then throws.
        try {
          sock.send(probeMessage(), (err) => err && done(failed(err)));
        } catch (err) {
          done(failed(err));
        }
      });
    });
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
