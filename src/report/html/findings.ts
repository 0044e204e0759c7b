/**
 * @module report/html/findings
 * The executive summary (counts, one paragraph per selected policy, the OEM chart) and the
 * findings grouped by policy: per policy its citation once and a compact table of the devices
 * under it, then one finding card per flagged device, the unverified cameras and recorders,
 * and the other hosts.
 */
import type { Device } from '../types.js';
import { oemChart } from './chart.js';
import { isCameraOrRecorder } from './classes.js';
import { anchors, type Ctx, type PolicyInfo } from './context.js';
import { flaggedSection } from './device.js';
import { type Html, html, link } from './escape.js';
import { clear, otherHosts, unverified } from './sections.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function stat(label: string, n: number, cls: string, note = ''): Html {
  return html`<div class="stat ${cls}"><div class="n">${n}</div><div class="l">${label}</div>${note ? html`<div class="note">${note}</div>` : ''}</div>`;
}

function under(ctx: Ctx, p: PolicyInfo): { all: Device[]; direct: Device[]; badge: Device[] } {
  const all = ctx.groups.flagged.filter((d) => d.flags.some((f) => f.policy === p.id));
  const direct = all.filter((d) => d.flags.some((f) => f.policy === p.id && f.match === 'direct'));
  return { all, direct, badge: all.filter((d) => !direct.includes(d)) };
}

/** "Hikvision 2, Dahua 1" */
function tally(items: string[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => (n > 1 ? `${k} ×${n}` : k))
    .join(', ');
}

const badgeOf = (d: Device) => d.brand ?? d.brandClaimed ?? 'unbadged';

function kindText(p: PolicyInfo): string {
  const parts = [p.kind, p.date].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function policyParagraph(ctx: Ctx, p: PolicyInfo, i: number): Html {
  const u = under(ctx, p);
  const head = html`<a href="#${anchors.policy(i)}"><strong>${p.title}</strong></a><span class="muted">${kindText(p)}</span>`;
  const oemNote =
    p.coversOemProducts === false
      ? ' It does not extend to products its named makers build for other brands, so rebadged devices are not counted under it.'
      : '';
  if (u.all.length === 0)
    return html`<p class="policy-para">${head}: no device found falls under it.${oemNote}</p>`;
  const direct = u.direct.length
    ? `${u.direct.length} directly (${tally(u.direct.map((d) => d.oem.vendor ?? 'unknown'))})`
    : 'none directly';
  const badge = u.badge.length
    ? `${u.badge.length} behind another brand’s badge (${tally(u.badge.map((d) => `${badgeOf(d)} built by ${d.oem.vendor ?? 'unknown'}`))})`
    : 'none behind another brand’s badge';
  return html`<p class="policy-para">${head}: ${plural(u.all.length, 'device falls', 'devices fall')} under it, ${direct} and ${badge}.${oemNote}</p>`;
}

export function executiveSummary(ctx: Ctx): Html {
  const { flagged, unverified: unv, other, clear } = ctx.groups;
  const r = ctx.report;
  const fleet = r.devices.filter(isCameraOrRecorder).length;
  const badged = flagged.filter((d) => d.oem.rebranded).length;
  const site = r.scan.engagement?.site;
  const overview = html`<p>${site ? html`At ${site}, the` : 'The'} scan examined ${plural(r.summary.addresses, 'address', 'addresses')} and found ${plural(r.summary.responsive, 'responsive host')}: ${plural(fleet, 'camera or recorder', 'cameras and recorders')} and ${plural(other.length + flagged.filter((d) => !isCameraOrRecorder(d)).length, 'other host')}. ${flagged.length ? html`<strong>${plural(flagged.length, 'device is', 'devices are')} built by a maker that a selected policy names</strong>${badged ? `, ${badged} of them behind another brand’s badge` : ''}.` : 'No device is built by a maker that a selected policy names.'} ${unv.length ? `${plural(unv.length, 'camera or recorder', 'cameras and recorders')} could not be attributed to a maker and must be verified on site.` : ''}</p>`;
  const paragraphs = ctx.policies.map((p, i) => policyParagraph(ctx, p, i));
  return html`<section class="summary" id="summary"><h2>Executive summary</h2><div class="stats">${stat('cameras & recorders', fleet, 'plain')}${stat('flagged', flagged.length, 'flagged', 'maker named by a policy')}${stat('unverified', unv.length, 'unverified', 'cameras, OEM not established')}${stat('clear', clear.length, 'clear', 'OEM established, not named')}${stat('other hosts', other.length, 'plain', 'not cameras or recorders')}</div>${overview}<h3>By policy</h3>${paragraphs}<p class="callout"><strong>unverified = OEM could not be established; unknown is not compliant.</strong> Treat every unverified camera or recorder as needing a manual check before it is signed off.</p><h3>OEM share of cameras and recorders</h3>${oemChart(r)}</section>`;
}

function policyGroup(ctx: Ctx, p: PolicyInfo, i: number): Html {
  const u = under(ctx, p);
  // The pack's citation; without the pack, every reference the flags under it carry.
  const refs = [
    ...new Set([
      p.url,
      ...u.all.flatMap((d) => d.flags.filter((f) => f.policy === p.id).map((f) => f.reference)),
    ]),
  ].filter((r): r is string => Boolean(r));
  const ref = html`${refs.map((r) => html` · ${link(r)}`)}`;
  const meta = html`<p class="policy-meta"><span class="mono">${p.id}</span>${p.date ? ` · ${p.date}` : ''}${p.kind ? ` · ${p.kind}` : ''}${ref}</p>`;
  const chip = (d: Device) =>
    html`<li><a class="mono" href="#${anchors.finding(ctx.findingNo(d))}">${d.ip}</a> ${d.type}${u.direct.includes(d) ? html`, <strong>${d.oem.vendor}</strong>` : html`, ${badgeOf(d)} built by <strong>${d.oem.vendor}</strong>`}${d.oem.probable ? html` <span class="badge probable">probable</span>` : ''}</li>`;
  const body =
    u.all.length === 0
      ? html`<p class="empty">No device found falls under this policy.</p>`
      : html`${u.direct.length ? html`<ul class="chips"><li class="under">Directly (${u.direct.length}):</li>${u.direct.map(chip)}</ul>` : ''}${u.badge.length ? html`<ul class="chips"><li class="under">Behind another brand’s badge (${u.badge.length}):</li>${u.badge.map(chip)}</ul>` : ''}`;
  return html`<section class="policy-group" id="${anchors.policy(i)}"><h3>${p.title} <span class="count">${plural(u.all.length, 'device')}</span></h3>${meta}${body}</section>`;
}

export function findings(ctx: Ctx): Html {
  const { flagged } = ctx.groups;
  const cards =
    flagged.length === 0
      ? html`<p class="empty">No device was flagged by the selected policies.</p>`
      : html`${flagged.map((d) => flaggedSection(d, ctx))}`;
  return html`<section class="findings" id="findings"><h2>Findings by policy</h2><p class="lead">Each selected policy once, with its citation and the devices it covers, directly or behind another brand’s badge.</p>${ctx.policies.map((p, i) => policyGroup(ctx, p, i))}<section class="flagged-group" id="flagged"><h3>Flagged devices (${flagged.length})</h3><p class="lead">One card per device: who built it, which policies cover it, what to do (R1–R4), and where its evidence is.</p>${cards}</section>${unverified(ctx.groups.unverified, ctx)}${otherHosts(ctx.groups.other, ctx)}${clear(ctx.groups.clear, ctx)}</section>`;
}
