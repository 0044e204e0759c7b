/**
 * @module report/html/device
 * One section per flagged device: identity, brand vs OEM, each policy flag with its
 * citation, and the evidence the verdict rests on.
 */
import type { Device, Flag, ReportEvidence } from '../types.js';
import { clip, type Html, html, link, orDash } from './escape.js';

const MATCH: Record<Flag['match'], string> = {
  direct: 'direct — the policy names this OEM',
  oem: 'oem — badged as another brand, built by the named maker',
};

export function conf(n: number): string {
  return Number.isFinite(n) ? n.toFixed(2) : '-';
}

/** Stable in-page anchor for a device (never derived from device text). */
export function anchor(index: number): string {
  return `device-${index + 1}`;
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

function identity(d: Device): Html {
  const rows: [string, Html][] = [
    ['Type', html`${d.type}`],
    ['Model', orDash(d.model)],
    ['Brand', brandCell(d)],
    ['Firmware', orDash(d.firmware)],
    ['OEM', oemCell(d)],
    ['Serial', orDash(d.serial)],
    ['OEM basis', orDash(d.oem.basis)],
    ['MAC', orDash(d.mac)],
    ...credentialRows(d),
  ];
  return html`<dl class="kv two">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
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

function flagItem(f: Flag): Html {
  return html`<li class="flag"><div class="flag-head"><span class="badge flagged">${f.policy}</span> <strong>${f.vendor}</strong> <span class="muted">match: ${MATCH[f.match] ?? f.match} · confidence ${conf(f.confidence)}</span></div><p>${f.reason}</p><p class="cite">Reference: ${link(f.reference)}</p></li>`;
}

function vendorCell(e: ReportEvidence): Html {
  if (e.vendor) return html`${e.vendor}`;
  return e.brand ? html`<span class="muted">brand ${e.brand}</span>` : orDash(null);
}

export function evidenceTable(items: readonly ReportEvidence[]): Html {
  if (items.length === 0) return html`<p class="empty">No evidence recorded.</p>`;
  // Items that matched a signature first (stable sort keeps the report's order within each group).
  const ordered = [...items].sort((a, b) => Number(!a.signature) - Number(!b.signature));
  const rows = ordered.map(
    (e) =>
      html`<tr class="${e.signature ? 'matched' : ''}"><td class="mono">${e.field}</td><td class="value mono">${clip(e.value)}</td><td>${e.probe}${e.request ? html`<br><span class="muted small">${e.request}</span>` : ''}</td><td class="num">${e.port}/${e.transport}</td><td class="mono">${orDash(e.signature)}${e.strength ? html`<br><span class="muted small">${e.strength}</span>` : ''}</td><td>${vendorCell(e)}</td></tr>`,
  );
  return html`<table class="evidence"><thead><tr><th>Field</th><th>Value</th><th>Probe</th><th>Port</th><th>Signature</th><th>Vendor</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function services(d: Device): Html {
  if (d.services.length === 0) return html``;
  const items = d.services.map(
    (s) =>
      html`<li><span class="mono">${s.port}/${s.transport}</span> ${s.service} <span class="muted">${s.status}</span></li>`,
  );
  return html`<h4>Services</h4><ul class="services">${items}</ul>`;
}

export function flaggedSection(d: Device, index: number): Html {
  const host = d.hostname ? html` <span class="hostname">${d.hostname}</span>` : '';
  const policies = [...new Set(d.flags.map((f) => f.policy))];
  return html`<section class="device flagged" id="${anchor(index)}"><header class="device-head"><h3><span class="ip mono">${d.ip}</span>${host}</h3><span class="badge flagged">FLAGGED</span> ${policies.map((p) => html`<span class="badge outline">${p}</span> `)}<p class="headline">${headline(d)}</p></header>${identity(d)}<h4>Policy flags</h4><ul class="flags">${d.flags.map(flagItem)}</ul>${services(d)}<h4>Evidence (${d.evidence.length})</h4>${evidenceTable(d.evidence)}</section>`;
}
