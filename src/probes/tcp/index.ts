/**
 * @module probes/tcp
 * TCP connect check. Runs first on every host; later probes only visit ports it found open.
 */
import { makeEvidence } from '../../evidence/types.js';
import { describeProbe } from '../descriptor.js';
import { openSocket } from '../net/exchange.js';
import { failed } from '../status.js';
import type { Probe } from '../types.js';

export const tcpProbe: Probe = {
  name: 'tcp',
  description: 'TCP connect to see which ports are open',
  transport: 'tcp',
  // It runs on every port some probe names (the registry's `DEFAULT_TCP_PORTS`); none of its own.
  defaultPorts: [],
  async run(target, ctx) {
    try {
      await ctx.connectSlot();
      const sock = await openSocket(target.ip, target.port, ctx.limits.timeoutMs, ctx.signal);
      sock.destroy();
      const ev = makeEvidence(
        { probe: 'tcp', ip: target.ip, port: target.port, transport: 'tcp' },
        'tcp.open',
        String(target.port),
      );
      return { status: 'ok', evidence: [ev], service: 'tcp' };
    } catch (err) {
      return failed(err);
    }
  },
};

export const tcp = describeProbe(tcpProbe, {
  phase: 'tcp-connect',
  services: ['tcp'],
  // A vendor's private port (fingerprints/tcp-open.yaml) hints at the maker; being open is not an answer.
  fields: { 'tcp.open': { hint: true } },
});
