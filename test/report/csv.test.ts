/**
 * CSV is stable and spreadsheet-safe: device strings cannot become formulas or break rows.
 */
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, renderCsv } from '../../src/report/csv.js';
import type { Report } from '../../src/report/types.js';

describe('csv', () => {
  it('neutralises formula triggers and quotes separators', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(0.93)).toBe('0.93');
  });

  it('renders one row per device under a fixed header', () => {
    const device = {
      ip: '127.0.10.18',
      hostname: null,
      mac: null,
      type: 'camera',
      brand: 'Lorex',
      brandClaimed: '=cmd|/c calc!A1',
      model: 'LNB8973B',
      firmware: '2.460.0001.5.R, Build Date 2017-08-11',
      serial: 'ND021808019141',
      oem: { vendor: 'Dahua', confidence: 0.89, rebranded: true, basis: '', alternatives: [] },
      status: 'flagged',
      services: [{ port: 80, transport: 'tcp', service: 'http', status: 'ok' }],
      evidence: [],
      flags: [
        {
          policy: 'uk-bscc-2022',
          vendor: 'Dahua',
          match: 'oem',
          confidence: 0.89,
          reason: 'Built by Dahua',
          reference: 'https://example.org',
        },
      ],
      errors: [],
    } as const;
    const csv = renderCsv({ devices: [device] } as unknown as Report);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`'=cmd|/c calc!A1`);
    expect(lines[1]).toContain('"2.460.0001.5.R, Build Date 2017-08-11"');
    expect(lines[1]?.startsWith('127.0.10.18,,,flagged,camera,Lorex,')).toBe(true);
  });
});
