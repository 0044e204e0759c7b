/**
 * @module report/render
 * Picks a renderer by format name; every format renders the same Report object.
 */
import { UsageError } from '../errors/index.js';
import { renderTable } from './table.js';
import type { Report } from './types.js';

export const FORMATS = ['table', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormat(s: string): Format {
  if (!(FORMATS as readonly string[]).includes(s)) {
    throw new UsageError(`unknown format "${s}" (choose from ${FORMATS.join(', ')})`);
  }
  return s as Format;
}

export function render(report: Report, format: Format, colour = false): string {
  return format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderTable(report, colour);
}
