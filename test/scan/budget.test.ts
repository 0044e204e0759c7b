/**
 * A host's budget does not run while it waits on the scan-wide rate limit: with the limiter's
 * queue already a second long (other hosts' connections) and a 600 ms host budget, a web server
 * on loopback 127.0.0.1:0 is still asked and answers. Before, the wait used the whole budget.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scanHost } from '../../src/scan/host.js';
import { RateLimiter } from '../../src/scan/rate.js';
import { silentLogger } from '../../src/util/log.js';

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { Server: 'budget-test' }).end('<title>t</title>'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise((r) => server.close(r)));

it('asks a host whose connections wait behind the rest of the scan', async () => {
  const scanRate = new RateLimiter(40); // burst 2, then one per 25 ms
  const others = Array.from({ length: 40 }, () => scanRate.take()); // a second of other hosts' connections
  const r = await scanHost('127.0.0.1', undefined, {
    ports: [port],
    portOffset: 0,
    limits: { timeoutMs: 3000, maxBytes: 64 * 1024 },
    hostBudgetMs: 600,
    inScope: (ip) => ip === '127.0.0.1',
    log: silentLogger,
    scanRate,
  });
  await Promise.all(others);
  expect(r.errors.filter((e) => e.probe === 'host')).toEqual([]);
  expect(r.evidence.find((e) => e.field === 'http.header.server')?.value).toBe('budget-test');
}, 20_000);
