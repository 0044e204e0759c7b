/**
 * @module report/html/chart
 * OEM share of the cameras and recorders as an inline SVG bar chart: one labelled bar per OEM,
 * cameras without an established OEM counted as "unknown". No script, no external resource.
 */
import type { Report } from '../types.js';
import { isCameraOrRecorder } from './classes.js';
import { type Html, html } from './escape.js';

export interface Bar {
  label: string;
  count: number;
  kind: 'flagged' | 'known' | 'unknown';
}

/**
 * OEM counts over cameras and recorders only (other hosts are not part of the fleet), largest
 * first, with "unknown" (no OEM) last.
 */
export function oemBars(report: Report): Bar[] {
  const fleet = report.devices.filter(isCameraOrRecorder);
  const named = new Set(report.devices.flatMap((d) => d.flags.map((f) => f.vendor)));
  const byOem: Record<string, number> = {};
  for (const d of fleet) if (d.oem.vendor) byOem[d.oem.vendor] = (byOem[d.oem.vendor] ?? 0) + 1;
  const bars: Bar[] = Object.entries(byOem)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([label, count]) => ({ label, count, kind: named.has(label) ? 'flagged' : 'known' }));
  const known = bars.reduce((n, b) => n + b.count, 0);
  const unknown = fleet.length - known;
  if (unknown > 0) bars.push({ label: 'unknown', count: unknown, kind: 'unknown' });
  return bars;
}

const ROW = 28;
const LABEL_W = 170;
const BAR_W = 380;
const WIDTH = LABEL_W + BAR_W + 90;

export function oemChart(report: Report): Html {
  const bars = oemBars(report);
  if (bars.length === 0)
    return html`<p class="empty">No cameras or recorders found, so no OEM share to chart.</p>`;
  const total = bars.reduce((n, b) => n + b.count, 0);
  const max = Math.max(...bars.map((b) => b.count));
  const height = bars.length * ROW + 8;
  const summary = bars.map((b) => `${b.label} ${b.count}`).join(', ');
  const rows = bars.map((b, i) => {
    const y = 4 + i * ROW;
    const w = Math.max(2, Math.round((b.count / max) * BAR_W));
    const pct = Math.round((b.count / total) * 100);
    const label = b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label;
    return html`<g class="bar ${b.kind}"><text class="label" x="${LABEL_W - 10}" y="${y + 18}" text-anchor="end">${label}</text><rect x="${LABEL_W}" y="${y + 4}" width="${w}" height="${ROW - 10}" rx="3"></rect><text class="count" x="${LABEL_W + w + 8}" y="${y + 18}">${b.count} (${pct}%)</text></g>`;
  });
  return html`<figure class="chart"><svg role="img" aria-labelledby="oem-chart-title" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}"><title id="oem-chart-title">Cameras and recorders by OEM: ${summary}</title>${rows}</svg><figcaption><span class="key flagged"></span> OEM named by a policy <span class="key known"></span> other OEM <span class="key unknown"></span> unknown (OEM not established)</figcaption></figure>`;
}
