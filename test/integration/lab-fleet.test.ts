/**
 * Scans the simulated fleet on loopback through the real CLI and checks every device's exact
 * OEM, brand, type and flags against what its profile (built from real captures) says.
 * The JSON output is validated against schemas/report.v1.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Report } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import { scanLab } from '../helpers/cli.js';

const PREFIX = '127.0.10';
const OFFSET = 21000;
let lab: Lab;
let report: Report;
let stderr: string;

beforeAll(async () => {
  lab = await startLab({ prefix: PREFIX, portOffset: OFFSET });
  const r = await scanLab(PREFIX, OFFSET);
  stderr = r.stderr;
  expect(r.code, r.stderr).toBe(0);
  report = JSON.parse(r.stdout) as Report;
}, 120000);

afterAll(async () => lab?.stop());

describe('lab fleet scan', () => {
  it('validates against the v1 JSON schema', () => {
    const { valid, errors } = validateReport(report);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema rejects a report that breaks the contract', () => {
    const broken = structuredClone(report) as unknown as { devices: { oem: { confidence: number } }[] };
    const first = broken.devices[0];
    if (first) first.oem.confidence = 7;
    expect(validateReport(broken).valid).toBe(false);
    expect(validateReport({ ...report, schema: 'oemscan.report/v0' }).valid).toBe(false);
  });

  it('finds exactly the simulated devices', () => {
    expect(report.devices.map((d) => d.ip)).toEqual(lab.devices.map((d) => d.ip));
    expect(report.summary.addresses).toBe(254);
  });

  it('logs nothing but pino JSON lines on stderr', () => {
    for (const line of stderr.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('has profiles covering the fleet the README promises', () => {
    const vendors = lab.devices.map((d) => d.profile.expect.vendor);
    expect(vendors.filter((v) => v === 'Hikvision').length).toBeGreaterThanOrEqual(3);
    expect(vendors.filter((v) => v === 'Dahua').length).toBeGreaterThanOrEqual(2);
    expect(
      lab.devices.some((d) => d.profile.expect.vendor && d.profile.expect.brand !== d.profile.expect.vendor),
    ).toBe(true);
  });
});

describe.each(loadProfiles().map((p) => p.id))('device %s', (id) => {
  it('gets the exact vendor, brand, type and flags', () => {
    const entry = lab.devices.find((d) => d.profile.id === id);
    const device = report.devices.find((d) => d.ip === entry?.ip);
    const want = entry?.profile.expect;
    expect(device, `no device at ${entry?.ip}`).toBeDefined();
    const got = {
      vendor: device?.oem.vendor,
      brand: device?.brand,
      type: device?.type,
      flagged: (device?.flags.length ?? 0) > 0,
    };
    expect(
      got,
      JSON.stringify(
        device?.evidence.map((e) => `${e.field}=${e.value.slice(0, 80)} -> ${e.signature ?? ''}`),
        null,
        1,
      ),
    ).toEqual(want);
    if (want?.vendor && want.brand && want.brand !== want.vendor) expect(device?.oem.rebranded).toBe(true);
    if (want?.flagged) {
      expect(device?.flags[0]).toMatchObject({ policy: 'uk-bscc-2022', vendor: want.vendor });
      expect(device?.flags[0]?.reference).toMatch(/^https:\/\//);
    }
    if (want?.vendor) expect(device?.oem.confidence).toBeGreaterThanOrEqual(0.5);
  });
});

describe('JSON Lines output', () => {
  it('streams a scan record, one record per device, then the summary', async () => {
    const r = await scanLab(PREFIX, OFFSET, [], 'jsonl');
    expect(r.code, r.stderr).toBe(0);
    const records = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { record: string; ip?: string });
    expect(records[0]?.record).toBe('scan');
    expect(records.at(-1)?.record).toBe('summary');
    const devices = records.filter((x) => x.record === 'device');
    expect(devices.map((d) => d.ip).sort()).toEqual(lab.devices.map((d) => d.ip).sort());
  });
});
