/**
 * @module report/html/sections
 * The device lists (unverified cameras, other hosts, clear cameras), probe errors and scan
 * metadata. Finding cards live in ./device.ts, the summary and policy groups in ./findings.ts.
 */
import { makerLabel } from '../maker.js';
import type { Device, Report } from '../types.js';
import type { Ctx } from './context.js';
import { anchors } from './context.js';
import { conf } from './device.js';
import { clip, type Html, html, orDash } from './escape.js';
import { remediationRefs } from './remediation.js';

/** `2024-05-01T10:22:03.123Z` → `2024-05-01 10:22:03 UTC`; anything else is shown as given. */
export function formatTime(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export function table(head: string[], rows: Html[], cls: string): Html {
  return html`<table class="${cls}"><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function hostCell(d: Device): Html {
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

function evidenceLink(d: Device, ctx: Ctx): Html {
  const n = ctx.appendixNo(d);
  return html`<a href="#${anchors.evidence(n)}">A.${n}</a>`;
}

export function unverified(devices: readonly Device[], ctx: Ctx): Html {
  const body =
    devices.length === 0
      ? html`<p class="empty">None: every camera and recorder found has an established OEM.</p>`
      : table(
          ['IP / host', 'Type', 'Brand', 'Model', 'Observed', 'Why unverified', 'Action', 'Evidence'],
          devices.map(
            (d) =>
              html`<tr><td>${hostCell(d)}</td><td>${d.type}</td><td>${orDash(d.brandClaimed ?? d.brand)}</td><td>${orDash(d.model)}</td><td class="value">${observed(d)}</td><td>${clip(d.oem.basis, 240)}${d.oem.alternatives.length ? html`<br><span class="muted">candidates: ${d.oem.alternatives.map((a) => `${a.vendor} ${conf(a.score)}`).join(', ')}</span>` : ''}</td><td class="nowrap">${remediationRefs(d)}</td><td>${evidenceLink(d, ctx)}</td></tr>`,
          ),
          'list unverified',
        );
  return html`<section class="group" id="unverified"><h3>Unverified cameras and recorders (${devices.length})</h3><p class="lead">The OEM could not be established. Unknown is not compliant: check these by hand.</p>${body}</section>`;
}

/** Hosts not shown to be cameras or recorders (a web server, a printer, a gateway), listed apart. */
export function otherHosts(devices: readonly Device[], ctx: Ctx): Html {
  const body =
    devices.length === 0
      ? html`<p class="empty">None.</p>`
      : table(
          ['IP / host', 'Class', 'Maker', 'Brand / model', 'Observed', 'Services', 'Action', 'Evidence'],
          devices.map(
            (d) =>
              html`<tr><td>${hostCell(d)}</td><td>${d.type === 'unknown' ? 'not identified' : d.type}</td><td>${orDash(makerLabel(d.oem))}</td><td>${orDash([d.brandClaimed ?? d.brand, d.model].filter(Boolean).join(' / '))}</td><td class="value">${observed(d)}</td><td>${orDash(servicesText(d))}</td><td class="nowrap">${remediationRefs(d)}</td><td>${evidenceLink(d, ctx)}</td></tr>`,
          ),
          'list other',
        );
  return html`<section class="group" id="other-hosts"><h3>Other hosts, not cameras or recorders (${devices.length})</h3><p class="lead">Responsive hosts that nothing identifies as a camera or recorder (a plain web server, a printer, network equipment). They are not counted as unverified cameras nor in the OEM chart.</p>${body}</section>`;
}

export function clear(devices: readonly Device[], ctx: Ctx): Html {
  const body =
    devices.length === 0
      ? html`<p class="empty">None.</p>`
      : table(
          ['IP / host', 'Type', 'Brand', 'OEM', 'Conf.', 'Model', 'Firmware', 'Action', 'Evidence'],
          devices.map(
            (d) =>
              html`<tr><td>${hostCell(d)}</td><td>${d.type}</td><td>${orDash(d.brand)}</td><td>${orDash(makerLabel(d.oem))}${d.oem.rebranded ? html` <span class="badge rebrand">rebranded</span>` : ''}</td><td class="num">${conf(d.oem.confidence)}</td><td>${orDash(d.model)}</td><td>${orDash(d.firmware)}</td><td class="nowrap">${remediationRefs(d)}</td><td>${evidenceLink(d, ctx)}</td></tr>`,
          ),
          'list compact',
        );
  return html`<section class="group" id="clear"><h3>Clear cameras and recorders (${devices.length})</h3><p class="lead">OEM established and not named by the selected policies.</p>${body}</section>`;
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
  return html`<section class="group" id="errors"><h3>Appendix B — Probe errors (${withErrors.length} device${withErrors.length === 1 ? '' : 's'})</h3><p class="lead">Probes that timed out, were refused or got a malformed reply. Errors reduce what is known about a device; they never mark it clear.</p>${body}</section>`;
}

/** The scan's settings in one line, for the cover. */
export function settingsLine(r: Report): Html {
  const o = r.scan.options;
  if (!o) return html`<span class="none">not recorded (report re-identified from a file)</span>`;
  return html`ports <span class="mono">${o.ports.join(', ')}</span>${o.portOffset ? ` (offset +${o.portOffset})` : ''}; ${o.timeoutMs} ms per connection; ${o.concurrency} hosts at once${o.rate ? `; ${o.rate} new connections/s` : ''}${o.discoverOnly ? '; discovery only' : ''}`;
}
