import { describe, expect, it } from 'vitest';
import type { Device } from '../../src/report/types.js';
import type { RealDeviceRecord } from '../../src/validation/records.js';
import { metrics, score } from '../../src/validation/run.js';

// The badge row of `npm run validate`: the share of devices whose source names the badge on them
// that the scan names as the brand the device claims.
const record = (brand?: string): RealDeviceRecord => ({
  name: `unit ${brand ?? 'without badge'}`,
  source: 'test',
  truth: null,
  ...(brand ? { brand } : {}),
  evidence: [],
  file: 'test',
});
const device = (brand: string | null) =>
  ({
    brand,
    status: 'unverified',
    evidence: [],
    oem: { vendor: null, alternatives: [] },
  }) as unknown as Device;
const never = () => false;

describe('badge metric', () => {
  it('counts only devices whose source names a badge, and those the scan named it for', () => {
    const outcomes = [
      score(record('Lorex'), 'validation', device('Lorex'), never, []),
      score(record('Lorex'), 'validation', device(null), never, []),
      score(record('Amcrest'), 'validation', device('Lorex'), never, []),
      score(record('Amcrest'), 'validation', undefined, never, []),
      score(record(), 'validation', device('Lorex'), never, []),
    ];
    expect(outcomes.map((o) => o.badgeNamed)).toEqual([true, false, false, false, undefined]);
    const m = metrics(outcomes);
    expect(m.badgeDevices).toBe(4);
    expect(m.badgeAccuracy).toBe(0.25);
  });

  it('has no figure when no source names a badge', () => {
    expect(metrics([score(record(), 'validation', device(null), never, [])]).badgeAccuracy).toBeNull();
  });
});
