/**
 * @module probes/tls
 * TLS certificate subject and issuer. Camera makers ship default certificates whose names
 * survive rebranding (e.g. `O=HIKVISION, OU=DVRNVR`, issuer `Dahua Device NVR CA`).
 */
import { connect } from 'node:tls';
import { makeEvidence } from '../../evidence/types.js';
import { TimeoutError } from '../../util/bounded.js';
import { describeProbe } from '../descriptor.js';
import { DEVICE_TLS } from '../net/tls-options.js';
import { failed, waitForSlot } from '../status.js';
import type { Probe } from '../types.js';

/**
 * Node prints a distinguished name one attribute per line, escaping `,`, `+` and quotes with a
 * backslash; the evidence form unescapes them (certificates say `O=... CO.,LTD.`) and joins
 * the attributes with ", ".
 */
export function formatDn(dn: string | undefined): string | undefined {
  if (!dn) return undefined;
  return dn
    .split('\n')
    .map((s) => s.trim().replace(/\\(.)/g, '$1'))
    .filter(Boolean)
    .join(', ');
}

export const tlsProbe: Probe = {
  name: 'tls',
  description: 'TLS certificate subject and issuer',
  transport: 'tcp',
  defaultPorts: [443, 8443],
  async run(target, ctx) {
    const refused = await waitForSlot(ctx);
    if (refused) return refused;
    return new Promise((resolve) => {
      const base = {
        probe: 'tls',
        ip: target.ip,
        port: target.port,
        transport: 'tcp' as const,
        request: 'TLS handshake',
      };
      const sock = connect({
        host: target.ip,
        port: target.port,
        ...DEVICE_TLS,
        ...(target.hostname ? { servername: target.hostname } : {}),
      });
      const done = (result: Parameters<typeof resolve>[0]) => {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        sock.destroy();
        resolve(result);
      };
      const onAbort = () => done(failed(new TimeoutError(ctx.limits.timeoutMs, 'host budget exhausted')));
      const timer = setTimeout(
        () => done(failed(new TimeoutError(ctx.limits.timeoutMs))),
        ctx.limits.timeoutMs,
      );
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      sock.once('secureConnect', () => {
        const cert = sock.getPeerX509Certificate();
        if (!cert)
          return done({ status: 'protocol-error', evidence: [], message: 'no certificate presented' });
        const evidence = [];
        const subject = formatDn(cert.subject);
        const issuer = formatDn(cert.issuer);
        if (subject) evidence.push(makeEvidence(base, 'tls.subject', subject));
        if (issuer) evidence.push(makeEvidence(base, 'tls.issuer', issuer));
        done({ status: 'ok', evidence, service: 'https' });
      });
      sock.once('error', (err) => done(failed(err)));
    });
  },
};

export const tls = describeProbe(tlsProbe, {
  phase: 'port',
  services: ['https'],
  fields: { 'tls.subject': { text: true, selfNaming: 5 }, 'tls.issuer': { text: true, selfNaming: 6 } },
});
