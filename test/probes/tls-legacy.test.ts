/**
 * Old device TLS stacks on loopback (127.0.0.1:0): servers that speak only TLS 1.0, only TLS 1.1,
 * or TLS 1.2 with nothing but RSA-key-exchange CBC suites (as an Axis M5054 on firmware 6.53.4
 * does, AlexxIT/go2rtc#2383). The tls probe still reads the certificate and the HTTPS client
 * still gets the answer; Node's own defaults (TLS 1.2 at least) fail the first two handshakes.
 */
import { createServer, type Server } from 'node:https';
import { connect } from 'node:tls';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../../src/probes/net/http.js';
import { tlsProbe } from '../../src/probes/tls/index.js';
import { probeContext } from '../helpers/context.js';

const STACKS = [
  ['TLS 1.0 only', { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' }, true],
  ['TLS 1.1 only', { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }, true],
  [
    'TLS 1.2 with RSA key exchange CBC suites only',
    { maxVersion: 'TLSv1.2', ciphers: 'AES256-SHA:AES128-SHA' },
    false,
  ],
] as const;

const servers: { name: string; port: number; server: Server }[] = [];

beforeAll(async () => {
  const pems = await generate(
    [
      { name: 'commonName', value: 'IPC' },
      { name: 'organizationName', value: 'legacy-tls-test' },
    ],
    { keySize: 2048, algorithm: 'sha256' },
  );
  for (const [name, options] of STACKS) {
    const server = createServer({ key: pems.private, cert: pems.cert, ...options }, (_req, res) =>
      res.writeHead(200, { Server: 'legacy-web' }).end('ok'),
    );
    server.on('tlsClientError', () => {});
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push({ name, port: (server.address() as { port: number }).port, server });
  }
});
afterAll(async () => Promise.all(servers.map(({ server }) => new Promise((r) => server.close(r)))));

const portOf = (name: string) => servers.find((s) => s.name === name)?.port ?? 0;

describe.each(STACKS.map(([name, , refusedByDefault]) => [name, refusedByDefault] as const))(
  'a device whose TLS stack offers %s',
  (name, refusedByDefault) => {
    it('gives the tls probe its certificate', async () => {
      const r = await tlsProbe.run({ ip: '127.0.0.1', port: portOf(name) }, probeContext());
      expect(r.status).toBe('ok');
      expect(r.evidence.find((e) => e.field === 'tls.subject')?.value).toContain('CN=IPC');
    });

    it('answers the HTTPS client', async () => {
      const r = await httpRequest({
        url: `https://127.0.0.1:${portOf(name)}/`,
        timeoutMs: 2000,
        maxBytes: 1024,
      });
      expect([r.status, r.headers.server, r.body.toString()]).toEqual([200, 'legacy-web', 'ok']);
    });

    it(`is ${refusedByDefault ? '' : 'not '}refused by Node's default client settings`, async () => {
      const outcome = await new Promise<string>((resolve) => {
        const s = connect({ host: '127.0.0.1', port: portOf(name), rejectUnauthorized: false }, () => {
          s.destroy();
          resolve('connected');
        });
        s.on('error', () => resolve('refused'));
      });
      expect(outcome).toBe(refusedByDefault ? 'refused' : 'connected');
    });
  },
);
