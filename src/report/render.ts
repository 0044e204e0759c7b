/**
 * @module report/render
 * Picks a renderer by format name; every format renders the same Report object. PDF is the
 * HTML document printed by Chromium (src/report/pdf.ts), so it is asynchronous and binary.
 */
import { UsageError } from '../errors/index.js';
import { terminalWidth } from '../util/term.js';
import { renderCsv } from './csv.js';
import { type HtmlOptions, renderHtml } from './html.js';
import { renderJsonl } from './jsonl.js';
import { htmlToPdf } from './pdf.js';
import { renderTable, useColour } from './table.js';
import type { Report } from './types.js';

/** Text formats: every command that prints a report or a diff takes these. */
export const FORMATS = ['table', 'json', 'jsonl', 'csv', 'html'] as const;
export type Format = (typeof FORMATS)[number];
/** `scan` and `identify` also print the HTML document to PDF. */
export const REPORT_FORMATS = [...FORMATS, 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const EXTENSIONS: Record<ReportFormat, string> = {
  table: 'txt',
  json: 'json',
  jsonl: 'jsonl',
  csv: 'csv',
  html: 'html',
  pdf: 'pdf',
};

/** `json,html,csv` -> formats, each checked against `allowed`, duplicates removed. */
export function parseFormats(s: string): Format[];
export function parseFormats<F extends string>(s: string, allowed: readonly F[]): F[];
export function parseFormats(s: string, allowed: readonly string[] = FORMATS): string[] {
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
    if (!allowed.includes(f)) {
      throw new UsageError(`unknown format "${f}" (choose from ${allowed.join(', ')})`);
    }
  }
  return out;
}

/**
 * A text format. `width` limits the table to the terminal's columns (other formats ignore it);
 * `opts` gives the HTML document the policy packs' titles and citations.
 */
export function render(
  report: Report,
  format: Format,
  colour = false,
  width?: number,
  opts: HtmlOptions = {},
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'jsonl':
      return renderJsonl(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report, opts);
    default:
      return renderTable(report, colour, width);
  }
}

/** Any report format; PDF (bytes) is the HTML document printed by the machine's Chromium. */
export async function renderReport(
  report: Report,
  format: ReportFormat,
  colour = false,
  width?: number,
  opts: HtmlOptions = {},
): Promise<string | Buffer> {
  if (format === 'pdf') return htmlToPdf(renderHtml(report, opts));
  return render(report, format, colour, width, opts);
}

/**
 * The report for `--output FILE` (`output`: plain, any width) or, without one, for stdout: a
 * table there is coloured and fitted to the terminal when stdout is one.
 */
export function renderReportFor(
  output: string | undefined,
  report: Report,
  format: ReportFormat,
  opts: HtmlOptions = {},
): Promise<string | Buffer> {
  return renderReport(
    report,
    format,
    !output && format === 'table' && useColour(process.stdout),
    output ? undefined : terminalWidth(),
    opts,
  );
}
