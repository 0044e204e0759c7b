/**
 * @module diff/render
 * Renders a DiffReport in every report format. Rows are flattened once (`diffRows`) and each
 * format prints those rows its own way.
 */
import { builtInPolicyLabels, policyLine } from '../policy/summary.js';
import { csvRow } from '../report/csv.js';
import { escapeHtml } from '../report/html/escape.js';
import type { Format } from '../report/render.js';
import { clip } from '../util/term.js';
import type { DeviceRef, DiffReport } from './types.js';

export interface DiffRow {
  kind: 'newly-flagged' | 'added' | 'removed' | 'swapped' | 'changed';
  ip: string;
  before: string;
  after: string;
  detail: string;
}

/** The one-line policy summary (policy/summary), e.g. `UK: BSCC 2022 · US: NDAA §889`. */
const policies = (d: DeviceRef) => policyLine(d.policies, builtInPolicyLabels());

const label = (d: DeviceRef) =>
  `${d.brand ?? '-'} ${d.model ?? ''} (OEM ${d.oem ?? 'unknown'}, ${d.status}${d.policies.length ? `: ${policies(d)}` : ''})`
    .replace(/\s+/g, ' ')
    .trim();

export function diffRows(diff: DiffReport): DiffRow[] {
  return [
    ...diff.newlyFlagged.map((d) => ({
      kind: 'newly-flagged' as const,
      ip: d.ip,
      before: '',
      after: label(d),
      detail: policies(d),
    })),
    ...diff.added.map((d) => ({ kind: 'added' as const, ip: d.ip, before: '', after: label(d), detail: '' })),
    ...diff.removed.map((d) => ({
      kind: 'removed' as const,
      ip: d.ip,
      before: label(d),
      after: '',
      detail: '',
    })),
    ...diff.swapped.map((s) => ({
      kind: 'swapped' as const,
      ip: s.ip,
      before: label(s.before),
      after: label(s.after),
      detail: s.reason,
    })),
    ...diff.changed.map((c) => ({
      kind: 'changed' as const,
      ip: c.after.ip,
      before: label(c.before),
      after: label(c.after),
      detail: c.changes.map((f) => `${f.field}: ${f.from ?? '-'} -> ${f.to ?? '-'}`).join('; '),
    })),
  ];
}

const esc = escapeHtml;

function diffHtml(diff: DiffReport, rows: DiffRow[]): string {
  const body = rows
    .map(
      (r) =>
        `<tr class="${r.kind}"><td>${r.kind}</td><td>${esc(r.ip)}</td><td>${esc(r.before)}</td><td>${esc(r.after)}</td><td>${esc(r.detail)}</td></tr>`,
    )
    .join('\n');
  const s = diff.summary;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>oemscan diff</title><style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}tr.newly-flagged td{background:#fde2e1}</style></head>
<body><h1>oemscan: changes between scans</h1>
<p>From scan ${esc(diff.from.id)} (${esc(diff.from.startedAt)}) to ${esc(diff.to.id)} (${esc(diff.to.startedAt)}).</p>
<p>${s.newlyFlagged} newly flagged, ${s.added} added, ${s.removed} removed, ${s.swapped} swapped, ${s.changed} changed.</p>
<table><thead><tr><th>change</th><th>IP</th><th>before</th><th>after</th><th>detail</th></tr></thead><tbody>
${body}
</tbody></table></body></html>
`;
}

/** `width` cuts table rows to the terminal's columns (other formats ignore it). */
export function renderDiff(diff: DiffReport, format: Format, width?: number): string {
  const rows = diffRows(diff);
  switch (format) {
    case 'json':
      return `${JSON.stringify(diff, null, 2)}\n`;
    case 'jsonl':
      return (
        rows.map((r) => `${JSON.stringify({ record: 'change', ...r })}\n`).join('') +
        `${JSON.stringify({ record: 'summary', ...diff.summary })}\n`
      );
    case 'csv':
      return `${['kind,ip,before,after,detail', ...rows.map((r) => csvRow([r.kind, r.ip, r.before, r.after, r.detail]))].join('\r\n')}\r\n`;
    case 'html':
      return diffHtml(diff, rows);
    default: {
      const s = diff.summary;
      const lines = rows.map((r) =>
        clip(
          `${r.kind.padEnd(14)} ${r.ip.padEnd(15)} ${r.before || '-'}${r.after ? ` => ${r.after}` : ''}${r.detail ? `  [${r.detail}]` : ''}`,
          width,
        ),
      );
      return `${[...lines, '', `${s.newlyFlagged} newly flagged, ${s.added} added, ${s.removed} removed, ${s.swapped} swapped, ${s.changed} changed`].join('\n')}\n`;
    }
  }
}
