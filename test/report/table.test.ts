/**
 * Terminal table: flagged first, colour only on a TTY and never with NO_COLOR.
 */
import { describe, expect, it } from 'vitest';
import { renderTable, useColour } from '../../src/report/table.js';
import type { Device, Report } from '../../src/report/types.js';
import { makeDevice } from '../helpers/report.js';

const device = (ip: string, status: Device['status']) => makeDevice(ip, { status });

const report = {
  devices: [device('10.0.0.1', 'clear'), device('10.0.0.2', 'unverified'), device('10.0.0.3', 'flagged')],
  summary: {
    addresses: 3,
    responsive: 3,
    devices: 3,
    flagged: 1,
    unverified: 1,
    clear: 1,
    byOem: { Axis: 2 },
  },
} as unknown as Report;

describe('table', () => {
  it('lists flagged devices first, then unverified, then clear', () => {
    const rows = renderTable(report)
      .split('\n')
      .filter((l) => l.startsWith('10.0.0.'));
    expect(rows.map((r) => r.split(' ')[0])).toEqual(['10.0.0.3', '10.0.0.2', '10.0.0.1']);
    expect(rows[0]).toMatch(/FLAGGED\s+US: NDAA §889$/);
    expect(rows[1]).toMatch(/unverified\s+-$/);
  });

  it('uses colour only on a TTY without NO_COLOR', () => {
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(useColour({ isTTY: true }, { NO_COLOR: '' })).toBe(false);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(renderTable(report, false)).not.toContain('\u001b[');
    expect(renderTable(report, true)).toContain('\u001b[31m');
  });
});
