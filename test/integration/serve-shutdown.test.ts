/**
 * Graceful shutdown with a scan in flight: with time to spare the scan finishes and is
 * complete; past `shutdownTimeout` it is stopped and recorded as incomplete (no report), and
 * the service is down within the bound.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, startLab } from '../../src/lab/server.js';
import { loadServeConfig } from '../../src/serve/config.js';
import { startService } from '../../src/serve/service.js';
import { openStore } from '../../src/store/index.js';
import { silentLogger } from '../../src/util/log.js';

const LAB = '127.0.34';
const OFFSET = 23000;
const TOKEN = 'shutdown-token-7c1e9b0d2f-0123456789';

let lab: Lab;
let dir: string;

beforeAll(async () => {
  lab = await startLab({ prefix: LAB, portOffset: OFFSET });
  dir = await mkdtemp(join(tmpdir(), 'oemscan-shutdown-'));
});
afterAll(async () => {
  await lab?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function scanThenStop(name: string, shutdownTimeout: number) {
  const config = join(dir, `${name}.yaml`);
  await writeFile(
    config,
    [
      `targets: [${LAB}.0/24]`,
      `data: ${name}`,
      `listen: 127.0.35.1:${name === 'grace' ? 30280 : 30281}`,
      `shutdownTimeout: ${shutdownTimeout}`,
      `scan: { portOffset: ${OFFSET} }`,
    ].join('\n'),
  );
  const service = await startService(
    await loadServeConfig({ config }, { OEMSCAN_API_TOKEN: TOKEN }),
    silentLogger,
  );
  const id = service.runner.start('manual') as string;
  await new Promise((r) => setTimeout(r, 300));
  const t = Date.now();
  await service.stop();
  const took = Date.now() - t;
  const store = openStore(join(dir, name));
  try {
    return { took, scan: store.scans.get(id) };
  } finally {
    store.close();
  }
}

describe('serve shutdown', () => {
  it('lets a running scan finish when it fits in shutdownTimeout', async () => {
    const { scan } = await scanThenStop('grace', 20000);
    expect(scan).toMatchObject({ status: 'complete', devices: lab.devices.length });
  }, 30000);

  it('stops a scan that does not fit and records it as incomplete, within the bound', async () => {
    const { took, scan } = await scanThenStop('cut', 100);
    expect(scan).toMatchObject({ status: 'incomplete', message: expect.stringMatching(/shutdown/) });
    expect(scan?.finishedAt).toBeTruthy();
    expect(took).toBeLessThan(3000);
  }, 30000);
});
