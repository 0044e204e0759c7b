/**
 * One contract for every probe (hono's common.case idea): garbage, silence, a flood, a slow
 * trickle and an immediate close each end in a status from the closed list, within the time
 * budget, without throwing, and without any credential in the result.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/credentials/secret.js';
import { ALL_PROBES } from '../../src/probes/registry.js';
import { PROBE_STATUSES } from '../../src/probes/types.js';
import { probeContext } from '../helpers/context.js';
import { type Behaviour, hostileServer } from '../helpers/servers.js';

const BEHAVIOURS: Behaviour[] = ['garbage', 'hang', 'oversize', 'close', 'trickle'];
const CANARY = 'Canary-Pa55word-7f3a';
const closers: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(closers.map((c) => c())));

describe.each(ALL_PROBES.filter((p) => p.transport === 'tcp').map((p) => [p.name, p] as const))(
  'probe %s',
  (_name, probe) => {
    it.each(BEHAVIOURS)('survives a %s device', async (kind) => {
      const srv = await hostileServer(kind);
      closers.push(srv.close);
      const timeoutMs = 300;
      const started = Date.now();
      const result = await probe.run(
        { ip: '127.0.0.1', port: srv.port },
        probeContext({
          limits: { timeoutMs, maxBytes: 16 * 1024 },
          credentials: { username: 'admin', password: new Secret(CANARY) },
        }),
      );
      const elapsed = Date.now() - started;
      expect(PROBE_STATUSES).toContain(result.status);
      // http asks several paths, each bounded by the timeout (connect + body); nothing waits longer.
      expect(elapsed).toBeLessThan(timeoutMs * 14 + 500);
      expect(JSON.stringify(result)).not.toContain(CANARY);
      for (const e of result.evidence) expect(e.value.length).toBeLessThanOrEqual(64 * 1024);
    });

    it('reports a closed port as refused', async () => {
      const srv = await hostileServer('hang');
      await srv.close();
      // With credentials, so the credentialed probes get as far as connecting.
      const result = await probe.run(
        { ip: '127.0.0.1', port: srv.port },
        probeContext({ credentials: { username: 'admin', password: new Secret(CANARY) } }),
      );
      expect(['refused', 'protocol-error']).toContain(result.status);
    });
  },
);

describe('probe ws-discovery', () => {
  it('ends promptly when nothing listens on the UDP port', async () => {
    const probe = ALL_PROBES.find((p) => p.name === 'ws-discovery');
    const started = Date.now();
    const result = await probe?.run(
      { ip: '127.0.0.1', port: 9 },
      probeContext({ limits: { timeoutMs: 2000, maxBytes: 1024 } }),
    );
    expect(['refused', 'timeout']).toContain(result?.status);
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
