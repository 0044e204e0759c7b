/**
 * @module report/csv
 * One row per device with stable columns. Cells are quoted per RFC 4180, and any cell that a
 * spreadsheet would run as a formula (device-supplied `=`, `+`, `-`, `@`, tab, CR) is prefixed
 * with `'` so it stays text.
 */
import { makerCertainty } from './maker.js';
import type { Device, Report } from './types.js';

export const CSV_COLUMNS = [
  'ip',
  'hostname',
  'mac',
  'status',
  'type',
  'brand',
  'brand_claimed',
  'oem',
  'oem_confidence',
  'oem_certainty',
  'rebranded',
  'model',
  'firmware',
  'serial',
  'policies',
  'flag_reasons',
  'services',
  'errors',
] as const;

export function csvCell(value: string | number | boolean | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}

function deviceRow(d: Device): string {
  return csvRow([
    d.ip,
    d.hostname,
    d.mac,
    d.status,
    d.type,
    d.brand,
    d.brandClaimed,
    d.oem.vendor,
    d.oem.vendor ? d.oem.confidence : '',
    makerCertainty(d.oem),
    d.oem.rebranded,
    d.model,
    d.firmware,
    d.serial,
    d.flags.map((f) => f.policy).join(';'),
    d.flags.map((f) => f.reason).join(' | '),
    d.services.map((s) => `${s.port}/${s.transport}:${s.service}`).join(' '),
    d.errors.map((e) => `${e.probe}:${e.port} ${e.status}`).join('; '),
  ]);
}

export function renderCsv(report: Report): string {
  return `${[CSV_COLUMNS.join(','), ...report.devices.map(deviceRow)].join('\r\n')}\r\n`;
}
