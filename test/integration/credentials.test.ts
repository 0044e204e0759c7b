/**
 * Authenticated ONVIF through the `onvif` package, and the secret rule: a canary password
 * must not appear in stdout, stderr (at trace level), the report file, or any error, in
 * plain, base64 or URL-encoded form. Loopback only.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Report } from '../../src/report/types.js';
import { runCli } from '../helpers/cli.js';

const CANARY = 'Canary-7f3a-Pa55!word';
const forms = [CANARY, Buffer.from(CANARY).toString('base64'), encodeURIComponent(CANARY)];
const tmp = mkdtempSync(join(tmpdir(), 'oemscan-cred-'));

// Values from the Lorex profile (OpenVisualCloud/Smart-City-Sample sensor/README.md), behind a login.
const locked: DeviceProfile = {
  id: 'locked-onvif',
  description: 'ONVIF device that answers GetDeviceInformation only with a valid UsernameToken',
  sources: ['OpenVisualCloud/Smart-City-Sample sensor/README.md (identity values)'],
  expect: { vendor: 'Dahua', brand: 'Lorex', type: 'camera', flagged: true },
  onvif: {
    account: { username: 'admin', password: CANARY },
    deviceInformation: {
      Manufacturer: 'LOREX',
      Model: 'LNB8973B',
      FirmwareVersion: '2.460.0001.5.R, Build Date 2017-08-11',
      SerialNumber: 'ND021808019141',
      HardwareId: '1.00',
    },
  },
};

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ prefix: '127.0.14', portOffset: 25000, profiles: [locked] });
});
afterAll(async () => {
  await lab?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const scan = (extra: string[], env: Record<string, string> = {}) =>
  runCli(
    ['--log-level', 'trace', 'scan', '127.0.14.11', '--port-offset', '25000', '--format', 'json', ...extra],
    env,
  );

describe('credentials', () => {
  it('records auth-required without credentials', async () => {
    const r = await scan([]);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.devices[0]?.services.find((s) => s.service === 'onvif')?.status).toBe('auth-required');
    expect(report.devices[0]?.model).toBeNull();
  });

  it('reads device information with credentials and never leaks the password', async () => {
    const out = join(tmp, 'r.json');
    const r = await scan(['--username', 'admin', '--output', out], { OEMSCAN_PASSWORD: CANARY });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    const device = (JSON.parse(text) as Report).devices[0];
    expect(device).toMatchObject({ brand: 'Lorex', model: 'LNB8973B', serial: 'ND021808019141' });
    for (const f of forms) {
      expect(text).not.toContain(f);
      expect(r.stderr).not.toContain(f);
      expect(r.stdout).not.toContain(f);
    }
  });

  it('a wrong password ends as auth failure, without the password in any message', async () => {
    const r = await scan(['--username', 'admin'], { OEMSCAN_PASSWORD: `${CANARY}-wrong` });
    expect(r.code, r.stderr).toBe(0);
    for (const f of forms) expect(r.stdout + r.stderr).not.toContain(f);
    const device = (JSON.parse(r.stdout) as Report).devices[0];
    expect(device?.model).toBeNull();
  });
});
