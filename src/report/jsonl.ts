/**
 * @module report/jsonl
 * JSON Lines: a `scan` record, one `device` record per line, then a `summary` record, so a
 * consumer can process devices as they arrive.
 */
import type { Device, Report } from './types.js';

export const jsonlDevice = (device: Device) => `${JSON.stringify({ record: 'device', ...device })}\n`;
export const jsonlScan = (report: Pick<Report, 'schema' | 'tool' | 'scan'>) =>
  `${JSON.stringify({ record: 'scan', schema: report.schema, tool: report.tool, scan: report.scan })}\n`;
export const jsonlSummary = (summary: Report['summary'], finishedAt?: string) =>
  `${JSON.stringify({ record: 'summary', ...(finishedAt ? { finishedAt } : {}), ...summary })}\n`;

export function renderJsonl(report: Report): string {
  return (
    jsonlScan(report) +
    report.devices.map(jsonlDevice).join('') +
    jsonlSummary(report.summary, report.scan.finishedAt)
  );
}
