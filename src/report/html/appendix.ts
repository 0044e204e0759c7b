/**
 * @module report/html/appendix
 * Appendix A: each device's evidence chain (what it sent, which signature matched, how the
 * maker was decided, the full policy reasoning). Appendix B: probe errors and scan settings.
 */
import type { Device } from '../types.js';
import { anchors, type Ctx } from './context.js';
import { conf, evidenceChainTable, flagReasons, headline } from './device.js';
import { type Html, html } from './escape.js';
import { errors, metadata } from './sections.js';

const STATUS: Record<Device['status'], string> = {
  flagged: 'FLAGGED',
  unverified: 'UNVERIFIED',
  clear: 'CLEAR',
};

function servicesLine(d: Device): Html {
  if (d.services.length === 0) return html``;
  return html`<p class="small"><span class="muted">Services:</span> ${d.services.map((s, i) => html`${i ? ', ' : ''}<span class="mono">${s.port}/${s.transport}</span> ${s.service} <span class="muted">${s.status}</span>`)}</p>`;
}

function chain(d: Device, ctx: Ctx): Html {
  const n = ctx.appendixNo(d);
  const host = d.hostname ? html` <span class="hostname">${d.hostname}</span>` : '';
  const alternatives = d.oem.alternatives.length
    ? html`<br><span class="muted">other candidates: ${d.oem.alternatives.map((a) => `${a.vendor} ${conf(a.score)}`).join(', ')}</span>`
    : '';
  const found = d.discovery
    ? html`<p class="small muted">Found by ${[...new Set(d.discovery.seenOn.map((s) => s.probe))].join(', ') || 'unicast probes'}${d.discovery.outsideTargets ? ' (outside the scan targets)' : ''}${d.discovery.layer2Only ? '; answered ARP only' : ''}.</p>`
    : '';
  return html`<section class="chain" id="${anchors.evidence(n)}"><h3><span class="code">A.${n}</span> <span class="mono">${d.ip}</span>${host} <span class="badge ${d.status}">${STATUS[d.status]}</span></h3><p class="headline">${headline(d)}. <span class="muted">Maker decided on: ${d.oem.basis} (confidence ${conf(d.oem.confidence)}).</span>${alternatives}</p>${found}${flagReasons(d, ctx)}${servicesLine(d)}${evidenceChainTable(d.evidence, 160)}</section>`;
}

export function appendix(ctx: Ctx): Html {
  const { flagged, unverified, other, clear } = ctx.groups;
  const all = [...flagged, ...unverified, ...other, ...clear];
  const body =
    all.length === 0
      ? html`<p class="empty">No responsive devices.</p>`
      : html`${all.map((d) => chain(d, ctx))}`;
  return html`<section class="appendix" id="appendix"><h2>Appendix A — Evidence chain per device</h2><p class="lead">For each device: what it sent (field, value, probe, port), which signature matched each item and for which maker, how the maker was decided, and each policy’s reasoning with its citation. Values are shown exactly as the devices sent them (long values shortened).</p>${body}<section class="group" id="appendix-b"><h3>Appendix B — Probe errors and scan settings</h3>${errors(ctx.report.devices)}${metadata(ctx.report)}</section></section>`;
}
