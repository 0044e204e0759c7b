/**
 * @module report/html/device
 * A flagged device's finding card (identity, brand vs OEM, one policy line, remediation
 * references, a link to its evidence chain), and the pieces the appendix reuses.
 */
import type { Device, ReportEvidence } from '../types.js';
import { anchors, type Ctx } from './context.js';
import { clip, type Html, html, orDash } from './escape.js';
import { policyLine } from './policy-line.js';
import { remediationRefs } from './remediation.js';

export function conf(n: number): string {
  return Number.isFinite(n) ? n.toFixed(2) : '-';
}

function brandCell(d: Device): Html {
  if (!d.brand && !d.brandClaimed) return orDash(null);
  const claimed =
    d.brandClaimed && d.brandClaimed !== d.brand
      ? html` <span class="muted">(claims “${d.brandClaimed}”)</span>`
      : '';
  return html`${orDash(d.brand)}${claimed}`;
}

function oemCell(d: Device): Html {
  if (!d.oem.vendor) return html`<span class="none">unknown</span>`;
  const rebrand = d.oem.rebranded ? html` <span class="badge rebrand">rebranded</span>` : '';
  const probable = d.oem.probable ? html` <span class="badge probable">probable</span>` : '';
  return html`<strong>${d.oem.vendor}</strong> <span class="muted">confidence ${conf(d.oem.confidence)}</span>${probable}${rebrand}`;
}

/** Identity facts (the headline gives the type); what the device did not report is left out. */
function identity(d: Device): Html {
  const optional = (label: string, v: string | null): [string, Html][] => (v ? [[label, html`${v}`]] : []);
  const rows: [string, Html][] = [
    ['OEM', oemCell(d)],
    ...(d.brand || d.brandClaimed ? ([['Brand', brandCell(d)]] as [string, Html][]) : []),
    ...optional('Model', d.model),
    ...optional('Firmware', d.firmware),
    ...optional('Serial', d.serial),
    ...optional('MAC', d.mac),
    ...credentialRows(d),
  ];
  return html`<dl class="facts">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

/** Credentialed scans: what the unauthenticated evidence said, and the recorder a camera sits behind. */
function credentialRows(d: Device): [string, Html][] {
  const rows: [string, Html][] = [];
  const u = d.oem.unauthenticated;
  if (u)
    rows.push([
      'Unauthenticated inference',
      html`${u.vendor ?? 'no maker'} (${conf(u.confidence)}): ${u.basis}`,
    ]);
  if (d.via)
    rows.push([
      'Behind recorder',
      html`<span class="mono">${d.via.ip}</span> channel ${String(d.via.channel)}${d.via.protocol ? ` (${d.via.protocol})` : ''}; not contacted`,
    ]);
  return rows;
}

/** One line a reader can repeat: "camera badged Lorex, built by Dahua". */
export function headline(d: Device): Html {
  const badge = d.brand ?? d.brandClaimed;
  const maker = d.oem.vendor ?? 'an unknown OEM';
  const built = d.oem.probable ? 'probably built' : 'built';
  if (badge && d.oem.rebranded)
    return html`${d.type} badged <strong>${badge}</strong>, ${built} by <strong>${maker}</strong>`;
  return html`${d.type} ${built} by <strong>${maker}</strong>`;
}

function vendorCell(e: ReportEvidence): Html {
  if (e.vendor) return html`${e.vendor}`;
  return e.brand ? html`<span class="muted">brand ${e.brand}</span>` : orDash(null);
}

export function evidenceTable(items: readonly ReportEvidence[], max = 400): Html {
  if (items.length === 0) return html`<p class="empty">No evidence recorded.</p>`;
  // Items that matched a signature first (stable sort keeps the report's order within each group).
  const ordered = [...items].sort((a, b) => Number(!a.signature) - Number(!b.signature));
  const rows = ordered.map(
    (e) =>
      html`<tr class="${e.signature ? 'matched' : ''}"><td class="mono">${e.field}</td><td class="value mono">${clip(e.value, max)}</td><td>${e.probe}${e.request ? html`<br><span class="muted small">${e.request}</span>` : ''}</td><td class="num">${e.port}/${e.transport}</td><td class="mono">${orDash(e.signature)}${e.strength ? html`<br><span class="muted small">${e.strength}</span>` : ''}</td><td>${vendorCell(e)}</td></tr>`,
  );
  return html`<table class="evidence"><thead><tr><th>Field</th><th>Value</th><th>Probe</th><th>Port</th><th>Signature</th><th>Vendor</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The finding card of a flagged device: who built it, which policies, what to do, where the evidence is. */
export function flaggedSection(d: Device, ctx: Ctx): Html {
  const host = d.hostname ? html` <span class="hostname">${d.hostname}</span>` : '';
  const n = ctx.appendixNo(d);
  return html`<section class="device flagged" id="${anchors.finding(ctx.findingNo(d))}"><header class="device-head"><h3><span class="ip mono">${d.ip}</span>${host}</h3><span class="badge flagged">FLAGGED</span><p class="headline">${headline(d)}</p></header>${identity(d)}<p class="card-foot"><span class="muted">Policies:</span> ${policyLine(ctx.report, d, ctx.policies)}<br><span class="muted">Remediation:</span> ${remediationRefs(d)} <span class="sep">·</span> <span class="muted">Evidence and full policy reasoning:</span> <a href="#${anchors.evidence(n)}">Appendix A.${n}</a> <span class="muted">(${d.evidence.length} item${d.evidence.length === 1 ? '' : 's'})</span></p></section>`;
}

/**
 * The policy reasoning of one device: each flag once. A device's flags share their first
 * clause ("Built by Dahua (sold as Lorex)"), which is then said once above the list.
 */
export function flagReasons(d: Device, ctx: Ctx): Html {
  if (d.flags.length === 0) return html``;
  const first = (r: string) => r.split('; ')[0] ?? r;
  const lead = first(d.flags[0]?.reason ?? '');
  const shared =
    d.flags.length > 1 && lead && d.flags.every((f) => f.reason.includes('; ') && first(f.reason) === lead);
  const items = d.flags.map((f) => {
    const reason = shared ? f.reason.slice(lead.length + 2) : f.reason;
    const i = ctx.policies.findIndex((p) => p.id === f.policy);
    return html`<span class="reason">${reason} <span class="muted">(<a href="#${anchors.policy(i)}">${f.policy}</a>, ${f.match === 'oem' ? 'behind a badge' : 'direct'}, ${conf(f.confidence)})</span>.</span> `;
  });
  return html`<p class="reasons"><span class="muted">Policy reasoning:</span> ${shared ? html`${lead}; ` : ''}${items}</p>`;
}

/**
 * The appendix's denser form: what and where (field, probe, port, request) in one cell, what
 * matched (signature, strength, maker) in another.
 */
export function evidenceChainTable(all: readonly ReportEvidence[], max = 200): Html {
  if (all.length === 0) return html`<p class="empty">No evidence recorded.</p>`;
  // The chain is what matched a signature; when nothing did, everything seen is what a person checks by hand.
  const matched = all.filter((e) => e.signature);
  const items = matched.length ? matched : all;
  const rows = items.map(
    (e) =>
      html`<tr class="${e.signature ? 'matched' : ''}"><td><span class="mono">${e.field}</span>${e.authenticated ? html` <span class="muted">(login)</span>` : ''} <span class="muted">${e.probe} ${e.port}/${e.transport}${e.request && /^https?$/.test(e.probe) ? html` ${clip(e.request, 48)}` : ''}</span></td><td class="value mono">${clip(e.value, max)}</td><td>${e.signature ? html`<span class="mono">${e.signature}</span>${e.strength ? html` <span class="muted">${e.strength}</span>` : ''}${e.vendor || e.brand ? html` → ${vendorCell(e)}` : ''}` : orDash(null)}</td></tr>`,
  );
  // The column heads are said once, in the appendix's introduction.
  return html`<table class="evidence chain-evidence"><colgroup><col class="c-field"><col class="c-value"><col class="c-sig"></colgroup><tbody>${rows}</tbody></table>`;
}

export function services(d: Device): Html {
  if (d.services.length === 0) return html``;
  const items = d.services.map(
    (s) =>
      html`<li><span class="mono">${s.port}/${s.transport}</span> ${s.service} <span class="muted">${s.status}</span></li>`,
  );
  return html`<h4>Services</h4><ul class="services">${items}</ul>`;
}
