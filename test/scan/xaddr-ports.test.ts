/**
 * A WS-Discovery XAddr on the device itself is followed to its port even when the scan's port
 * list lacks it (Tapo's 2020), but a device naming many ports gets at most MAX_NAMED_PORTS of
 * them asked: it must not steer the scanner into a port sweep of itself. Loopback only
 * (127.0.31.211); the answer is the recorded ProbeMatches of test/helpers/wsd-captures.ts with
 * its XAddrs pointed at listeners of this test.
 */
import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { defaultOffset } from '../../src/cli/commands/lab.js';
import { DEFAULTS } from '../../src/cli/options.js';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { MAX_NAMED_PORTS } from '../../src/scan/host.js';
import { runScan } from '../../src/scan/run.js';
import { resolveTargets } from '../../src/targets/index.js';
import { scanOptions } from '../helpers/credentialed.js';
import { wsdHikvisionReply } from '../helpers/wsd-captures.js';

const IP = '127.0.31.211';
const off = defaultOffset();
const closers: (() => void)[] = [];
afterAll(() => {
  for (const c of closers) c();
});

it('asks at most MAX_NAMED_PORTS ports that only XAddrs named', async () => {
  const hits: number[] = [];
  const ports: number[] = [];
  for (let i = 0; i < 6; i++) {
    const server: Server = createServer((s) => {
      hits.push(i);
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, IP, r));
    ports.push((server.address() as { port: number }).port);
    closers.push(() => server.close());
  }
  const xaddrs = ports.map((p) => `http://${IP}:${p}/onvif/device_service`).join(' ');
  const reply = wsdHikvisionReply(IP).replace(
    /<d:XAddrs>[^<]*<\/d:XAddrs>/,
    `<d:XAddrs>${xaddrs}</d:XAddrs>`,
  );
  const udp = createSocket('udp4');
  udp.on('message', (msg, from) => {
    if (/<d:Probe>/.test(msg.toString())) udp.send(reply, from.port, from.address);
  });
  await new Promise<void>((r) => udp.bind(3702 + off, IP, r));
  closers.push(() => udp.close());

  const report = await runScan({
    ...scanOptions(loadSignatureLibrary()),
    targets: await resolveTargets([IP]),
    ports: [554],
    limits: { timeoutMs: 1000, maxBytes: DEFAULTS.maxBytes },
  });
  const device = report.devices.find((d) => d.ip === IP);
  expect(device?.evidence.filter((e) => e.field === 'wsd.xaddr')).toHaveLength(6);
  expect(MAX_NAMED_PORTS).toBeGreaterThan(0);
  expect(new Set(hits).size).toBe(MAX_NAMED_PORTS);
});
