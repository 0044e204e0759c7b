/**
 * @module report/html/cover
 * The cover page (title, site, client, assessor, date, scope, tool) and the sign-off page
 * (assessor, date, signature lines). Each prints on a page of its own.
 */
import type { Report } from '../types.js';
import type { Ctx } from './context.js';
import { type Html, html } from './escape.js';
import { formatTime, settingsLine } from './sections.js';

/** The date of the document: the day the scan finished (so a re-render gives the same page). */
export function reportDate(r: Report): string {
  const m = /^(\d{4}-\d\d-\d\d)T/.exec(r.scan.finishedAt || r.scan.startedAt);
  return m ? (m[1] as string) : r.scan.finishedAt;
}

function given(v: string | undefined): Html {
  return v ? html`${v}` : html`<span class="none">not stated</span>`;
}

function targets(r: Report): Html {
  const t = r.scan.targets;
  if (t.length === 0) return html`<span class="none">none recorded</span>`;
  const shown = t.slice(0, 12);
  return html`${shown.map((x, i) => html`${i ? ', ' : ''}<span class="mono">${x}</span>`)}${t.length > shown.length ? html` <span class="muted">and ${t.length - shown.length} more</span>` : ''}`;
}

/** The document's parts, in order (their anchors also let a PDF reader jump to them). */
const CONTENTS: readonly [string, string][] = [
  ['summary', 'Executive summary'],
  ['findings', 'Findings by policy'],
  ['remediation', 'Remediation guidance'],
  ['signoff', 'Sign-off'],
  ['appendix', 'Appendix: evidence chain per device'],
];

export function cover(ctx: Ctx): Html {
  const r = ctx.report;
  const e = r.scan.engagement ?? {};
  const s = r.summary;
  const rows: [string, Html][] = [
    ['Client', given(e.client)],
    ['Site', given(e.site)],
    ['Assessor', given(e.assessor)],
    ['Date', html`${reportDate(r)}`],
    ['Scope', targets(r)],
    [
      'Coverage',
      html`${s.addresses} address${s.addresses === 1 ? '' : 'es'} examined, ${s.responsive} responsive`,
    ],
    ['Policies', html`${ctx.policies.map((p, i) => html`${i ? html`<br>` : ''}${p.title}`)}`],
    [
      'Scan',
      html`<span class="mono">${r.scan.id}</span><br>${formatTime(r.scan.startedAt)} – ${formatTime(r.scan.finishedAt)}`,
    ],
    ['Settings', settingsLine(r)],
    ['Tool', html`${r.tool.name} ${r.tool.version}, report <span class="mono">${r.schema}</span>`],
  ];
  const contents = html`<nav class="contents" aria-label="Contents"><strong>Contents</strong><ol>${CONTENTS.map(([id, title]) => html`<li><a href="#${id}">${title}</a></li>`)}</ol></nav>`;
  return html`<section class="cover" id="cover"><p class="kicker">Camera fleet OEM audit</p><h1>oemscan handover report</h1><p class="subtitle">Who built the site’s IP cameras and recorders, and which selected policies name their makers</p>${e.site ? html`<p class="cover-site">${e.site}</p>` : ''}<dl class="cover-meta">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>${contents}<p class="cover-note">This document describes the client’s network and the devices on it. Handle it as confidential.</p></section>`;
}

export function signOff(ctx: Ctx): Html {
  const r = ctx.report;
  const e = r.scan.engagement ?? {};
  const line = (label: string, value?: string) =>
    html`<div class="sign-row"><span class="sign-label">${label}</span><span class="sign-line">${value ?? ''}</span></div>`;
  return html`<section class="signoff" id="signoff"><h2>Sign-off</h2><p>The assessor confirms that the scan recorded in this document (<span class="mono">${r.scan.id}</span>, ${reportDate(r)}) covered the scope stated on the <a href="#cover">cover</a>${e.site ? html` at ${e.site}` : ''}, and that the findings, remediation guidance and evidence in this document are those of that scan.</p><div class="sign-block"><h3>Assessor</h3>${line('Name', e.assessor)}${line('Date', reportDate(r))}${line('Signature')}</div><div class="sign-block"><h3>Accepted for the client${e.client ? html` (${e.client})` : ''}</h3>${line('Name')}${line('Date')}${line('Signature')}</div></section>`;
}
