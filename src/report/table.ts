/**
 * @module report/table
 * Terminal table: flagged devices first, then unverified, then clear. Colour only on a TTY
 * and never when NO_COLOR is set. The last column is the one-line policy summary
 * (policy/summary), grouped by jurisdiction.
 */
import { devicePolicyLine } from '../policy/summary.js';
import { colourEnabled, layoutRows } from '../util/term.js';
import { makerLabel } from './maker.js';
import type { Device, Report } from './types.js';

const ORDER: Record<Device['status'], number> = { flagged: 0, unverified: 1, clear: 2 };

export function useColour(stream: { isTTY?: boolean }, env = process.env): boolean {
  return colourEnabled(stream, env);
}

/** `width`: the terminal's columns; rows are cut to fit, never wrapped (undefined: no limit). */
export function renderTable(report: Report, colour = false, width?: number): string {
  const paint = (code: string, s: string) => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
  const rows = [...report.devices].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const header = ['IP', 'TYPE', 'BRAND', 'OEM', 'CONF', 'REBRAND', 'MODEL', 'FIRMWARE', 'STATUS', 'POLICIES'];
  const body = rows.map((d) => [
    d.ip,
    d.type,
    d.brand ?? '-',
    makerLabel(d.oem) ?? 'unknown',
    d.oem.vendor ? d.oem.confidence.toFixed(2) : '-',
    d.oem.rebranded ? 'yes' : '',
    d.model ?? '-',
    d.firmware ?? '-',
    d.status === 'flagged' ? 'FLAGGED' : d.status,
    devicePolicyLine(report, d) || '-',
  ]);
  // On a narrow terminal the other columns give way first: the address, the status and the
  // policy line (the column a reader acts on) are never shrunk; a row still too wide is cut
  // at its end rather than wrapped.
  const lines = layoutRows([header, ...body], width, 2, [Infinity, 4, 4, 6, 4, 3, 4, 4, 10, Infinity]);
  const out = [paint('1', lines[0] ?? '')];
  rows.forEach((d, i) => {
    const text = lines[i + 1] ?? '';
    out.push(
      d.status === 'flagged' ? paint('31', text) : d.status === 'unverified' ? paint('33', text) : text,
    );
  });
  const s = report.summary;
  const oems = Object.entries(s.byOem)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  out.push('');
  out.push(
    `${s.addresses} addresses, ${s.responsive} responsive: ${paint('31', `${s.flagged} flagged`)}, ` +
      `${s.unverified} unverified, ${s.clear} clear${oems ? ` (by OEM: ${oems})` : ''}`,
  );
  const arpOnly = rows.filter((d) => d.discovery?.layer2Only);
  if (arpOnly.length > 0)
    out.push(
      `  seen only at layer 2 (answered ARP, nothing else): ${arpOnly.map((d) => `${d.ip} ${d.mac ?? ''}`.trim()).join(', ')}`,
    );
  for (const d of rows.filter((r) => r.errors.length > 0)) {
    out.push(
      `  ${d.ip}: ${d.errors.map((e) => `${e.probe}:${e.port} ${e.status} (${e.message})`).join('; ')}`,
    );
  }
  return `${out.join('\n')}\n`;
}
