/**
 * @module report/html/sections
 * The report's fixed sections: header, summary, the unverified and clear lists, errors and
 * scan metadata. Device sections live in ./device.ts.
 */
import { makerLabel } from '../maker.js';
import type { Device, Report } from '../types.js';
import { oemChart } from './chart.js';
import { conf } from './device.js';
import { clip, type Html, html, orDash } from './escape.js';

/** `2024-05-01T10:22:03.123Z` → `2024-05-01 10:22:03 UTC`; anything else is shown as given. */
export function formatTime(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

function duration(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 60000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

function list(items: readonly string[]): Html {
  return items.length === 0
    ? orDash(null)
    : html`${items.map((t, i) => html`${i ? ', ' : ''}<span class="mono">${t}</span>`)}`;
}

export function header(r: Report): Html {
  const took = duration(r.scan.startedAt, r.scan.finishedAt);
  return html`<header class="doc-head"><p class="kicker">Camera fleet OEM audit</p><h1>oemscan handover report</h1><dl class="meta"><dt>Scan ID</dt><dd class="mono">${r.scan.id}</dd><dt>Started</dt><dd>${formatTime(r.scan.startedAt)}</dd><dt>Finished</dt><dd>${formatTime(r.scan.finishedAt)}${took ? html` <span class="muted">(${took})</span>` : ''}</dd><dt>Targets</dt><dd>${list(r.scan.targets)}</dd><dt>Policies</dt><dd>${list(r.scan.policies)}</dd><dt>Tool</dt><dd>${r.tool.name} ${r.tool.version}</dd></dl></header>`;
}

function stat(label: string, n: number, cls: string, note = ''): Html {
  return html`<div class="stat ${cls}"><div class="n">${n}</div><div class="l">${label}</div>${note ? html`<div class="note">${note}</div>` : ''}</div>`;
}

export function summary(r: Report): Html {
  const s = r.summary;
  return html`<section class="summary" id="summary"><h2>Summary</h2><div class="stats">${stat('addresses scanned', s.addresses, 'plain')}${stat('responsive', s.responsive, 'plain')}${stat('flagged', s.flagged, 'flagged', 'made by a vendor a policy names')}${stat('unverified', s.unverified, 'unverified', 'OEM could not be established')}${stat('clear', s.clear, 'clear', 'OEM established, not of concern')}</div><p class="callout"><strong>unverified = OEM could not be established; unknown is not compliant.</strong> Treat every unverified device as needing a manual check before it is signed off.</p><h3>OEM share</h3>${oemChart(r)}</section>`;
}

function table(head: string[], rows: Html[], cls: string): Html {
  return html`<table class="${cls}"><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

function hostCell(d: Device): Html {
  return html`<span class="mono">${d.ip}</span>${d.hostname ? html`<br><span class="hostname">${d.hostname}</span>` : ''}`;
}

function servicesText(d: Device): string {
  return d.services.map((s) => `${s.service} ${s.port}`).join(', ');
}

/** Fields that best tell a person checking by hand what the box is, most telling first. */
const TELLING = [
  'onvif.manufacturer',
  'onvif.model',
  'http.title',
  'http.header.server',
  'http.auth.realm',
  'rtsp.header.server',
  'rtsp.auth.realm',
  'tls.subject',
  'wsd.scope',
];

function observed(d: Device): Html {
  const items = d.evidence
    .filter((e) => TELLING.includes(e.field))
    .sort((a, b) => TELLING.indexOf(a.field) - TELLING.indexOf(b.field))
    .slice(0, 4);
  if (items.length === 0) return orDash(null);
  return html`${items.map((e, i) => html`${i ? html`<br>` : ''}<span class="muted small">${e.field}</span> <span class="mono">${clip(e.value, 120)}</span>`)}`;
}

export function unverified(devices: readonly Device[]): Html {
  const body =
    devices.length === 0
      ? html`<p class="empty">None: every responsive device has an established OEM.</p>`
      : table(
          ['IP / host', 'Type', 'Brand', 'Model', 'Observed', 'Why unverified', 'Services'],
          devices.map(
            (d) =>
              html`<tr><td>${hostCell(d)}</td><td>${d.type}</td><td>${orDash(d.brandClaimed ?? d.brand)}</td><td>${orDash(d.model)}</td><td class="value">${observed(d)}</td><td>${clip(d.oem.basis, 240)}${d.oem.alternatives.length ? html`<br><span class="muted">candidates: ${d.oem.alternatives.map((a) => `${a.vendor} ${conf(a.score)}`).join(', ')}</span>` : ''}</td><td>${orDash(servicesText(d))}</td></tr>`,
          ),
          'list unverified',
        );
  return html`<section class="group" id="unverified"><h2>Unverified devices (${devices.length})</h2><p class="lead">The OEM could not be established. Unknown is not compliant: check these by hand.</p>${body}</section>`;
}

export function clear(devices: readonly Device[]): Html {
  const body =
    devices.length === 0
      ? html`<p class="empty">None.</p>`
      : table(
          ['IP / host', 'Type', 'Brand', 'OEM', 'Conf.', 'Model', 'Firmware'],
          devices.map(
            (d) =>
              html`<tr><td>${hostCell(d)}</td><td>${d.type}</td><td>${orDash(d.brand)}</td><td>${orDash(makerLabel(d.oem))}${d.oem.rebranded ? html` <span class="badge rebrand">rebranded</span>` : ''}</td><td class="num">${conf(d.oem.confidence)}</td><td>${orDash(d.model)}</td><td>${orDash(d.firmware)}</td></tr>`,
          ),
          'list compact',
        );
  return html`<section class="group" id="clear"><h2>Clear devices (${devices.length})</h2><p class="lead">OEM established and not named by the selected policies.</p>${body}</section>`;
}

export function errors(devices: readonly Device[]): Html {
  const withErrors = devices.filter((d) => d.errors.length > 0);
  const body =
    withErrors.length === 0
      ? html`<p class="empty">No probe errors.</p>`
      : table(
          ['IP / host', 'Probe', 'Port', 'Status', 'Message'],
          withErrors.flatMap((d) =>
            d.errors.map(
              (e, i) =>
                html`<tr${i === 0 ? html` class="first"` : ''}><td>${i === 0 ? hostCell(d) : ''}</td><td>${e.probe}</td><td class="num">${e.port}</td><td><span class="status">${e.status}</span></td><td class="value">${clip(e.message, 300)}</td></tr>`,
            ),
          ),
          'list errors',
        );
  return html`<section class="group" id="errors"><h2>Probe errors (${withErrors.length} device${withErrors.length === 1 ? '' : 's'})</h2><p class="lead">Probes that timed out, were refused or got a malformed reply. Errors reduce what is known about a device; they never mark it clear.</p>${body}</section>`;
}

function scanSettings(o: NonNullable<Report['scan']['options']>): [string, Html][] {
  return [
    ['Ports', html`<span class="mono">${o.ports.join(', ')}</span>`],
    ['Port offset', html`${o.portOffset}`],
    ['Timeout per connection', html`${o.timeoutMs} ms`],
    ['Concurrency', html`${o.concurrency} hosts`],
  ];
}

export function metadata(r: Report): Html {
  const o = r.scan.options;
  const rows: [string, Html][] = [
    ['Report schema', html`<span class="mono">${r.schema}</span>`],
    ['Scan ID', html`<span class="mono">${r.scan.id}</span>`],
    ...(o
      ? scanSettings(o)
      : [
          [
            'Scan settings',
            html`<span class="none">not recorded (report re-identified from a file)</span>`,
          ] as [string, Html],
        ]),
    ['Devices in report', html`${r.summary.devices}`],
  ];
  return html`<section class="group" id="metadata"><h2>Scan metadata</h2><dl class="kv">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></section>`;
}
