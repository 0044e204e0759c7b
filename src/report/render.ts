/**
 * @module report/render
 * Picks a renderer by format name; every format renders the same Report object.
 */
import { UsageError } from '../errors/index.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJsonl } from './jsonl.js';
import { renderTable } from './table.js';
import type { Report } from './types.js';

export const FORMATS = ['table', 'json', 'jsonl', 'csv', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export const EXTENSIONS: Record<Format, string> = {
  table: 'txt',
  json: 'json',
  jsonl: 'jsonl',
  csv: 'csv',
  html: 'html',
};

/** `json,html,csv` -> formats, each checked, duplicates removed. */
export function parseFormats(s: string): Format[] {
  const out = [
    ...new Set(
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
  if (out.length === 0) throw new UsageError('--format needs a value');
  for (const f of out) {
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`unknown format "${f}" (choose from ${FORMATS.join(', ')})`);
    }
  }
  return out as Format[];
}

/** `width` limits the table to the terminal's columns (other formats ignore it). */
export function render(report: Report, format: Format, colour = false, width?: number): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'jsonl':
      return renderJsonl(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report);
    default:
      return renderTable(report, colour, width);
  }
}
