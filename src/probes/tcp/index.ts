/**
 * @module probes/tcp
 * TCP connect check. Runs first on every host; later probes only visit ports it found open.
 */
import { makeEvidence } from '../../evidence/types.js';
import { openSocket } from '../net/exchange.js';
import { failed } from '../status.js';
import type { Probe } from '../types.js';

/** Default TCP ports: web UIs, RTSP, Hikvision SDK (8000), Dahua DVRIP (37777), XiongMai DVRIP (34567), XiongMai ONVIF (8899). */
export const DEFAULT_TCP_PORTS = [80, 443, 554, 8000, 8080, 8443, 8899, 37777, 34567] as const;

export const tcpProbe: Probe = {
  name: 'tcp',
  description: 'TCP connect to see which ports are open',
  transport: 'tcp',
  defaultPorts: DEFAULT_TCP_PORTS,
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
