/**
 * @module report/html/appendix
 * Appendix A: each device's evidence chain (what it sent, which signature matched, how the
 * maker was decided, the full policy reasoning). Appendix B: probe errors. The scan's settings
 * are on the cover.
 */
import type { Device } from '../types.js';
import { anchors, type Ctx } from './context.js';
import { conf, evidenceChainTable, flagReasons, headline } from './device.js';
import { type Html, html } from './escape.js';
import { errors } from './sections.js';

const STATUS: Record<Device['status'], string> = {
  flagged: 'FLAGGED',
  unverified: 'UNVERIFIED',
  clear: 'CLEAR',
};

/** Services, and how many items matched no signature when the table shows only the matched ones. */
function servicesLine(d: Device): Html {
  const matched = d.evidence.filter((e) => e.signature).length;
  const rest = matched ? d.evidence.length - matched : 0;
  const svc = d.services.map(
    (s, i) =>
      html`${i ? ', ' : ''}<span class="mono">${s.port}/${s.transport}</span> ${s.service} <span class="muted">${s.status}</span>`,
  );
  const note = rest
    ? html`${svc.length ? ' · ' : ''}<span class="muted">${rest} further item${rest === 1 ? '' : 's'} matched no signature (in the JSON report)</span>`
    : '';
  if (svc.length === 0 && !note) return html``;
  return html`<p class="small">${svc.length ? html`<span class="muted">Services:</span> ${svc}` : ''}${note}</p>`;
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
  return html`<section class="appendix" id="appendix"><h2>Appendix A — Evidence chain per device</h2><p class="lead">For each device: how the maker was decided, each policy’s reasoning (citations under Findings by policy), the services that answered, and the evidence chain. Each evidence row gives <strong>the field, the probe and port that read it</strong> | <strong>the value exactly as the device sent it</strong> (long values shortened) | <strong>the signature that matched it, its strength and the maker or brand it names</strong>. When some items matched a signature only those are shown; when none did, everything the device sent is shown.</p>${body}${errors(ctx.report.devices)}</section>`;
}
