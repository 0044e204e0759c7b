/**
 * @module report/html/policy-line
 * The one compact line per device that says which selected policies cover it, grouped by
 * jurisdiction: "UK: BSCC advice, Cabinet Office WMS 386 · US: NDAA FY2019 §889". This is the
 * only place the HTML formats it, so a shared formatter can replace `policyLineText` whole.
 * The full reasoning per policy is in the appendix.
 */
import type { Flag } from '../types.js';
import type { PolicyInfo } from './context.js';
import { type Html, html } from './escape.js';

/** "us-ndaa-889" -> "US"; a pack id without a jurisdiction prefix goes under "Other". */
function jurisdiction(id: string): string {
  const m = /^([a-z]{2})-/.exec(id);
  return m ? (m[1] as string).toUpperCase() : 'Other';
}

/** "US NDAA FY2019 §889" -> "NDAA FY2019 §889"; parenthesised subtitles dropped. */
function shortTitle(p: PolicyInfo, region: string): string {
  const t = p.title.replace(/\s*\([^)]*\)\s*$/, '').trim();
  return t.toUpperCase().startsWith(`${region} `) ? t.slice(region.length + 1) : t;
}

/** The line as text, from the device's evaluated policy results (its flags). Empty when none. */
export function policyLineText(flags: readonly Flag[], policy: (id: string) => PolicyInfo): string {
  const groups = new Map<string, string[]>();
  for (const id of new Set(flags.map((f) => f.policy))) {
    const region = jurisdiction(id);
    const list = groups.get(region) ?? [];
    list.push(shortTitle(policy(id), region));
    groups.set(region, list);
  }
  return [...groups].map(([region, titles]) => `${region}: ${titles.join(', ')}`).join(' · ');
}

export function policyLine(flags: readonly Flag[], policy: (id: string) => PolicyInfo): Html {
  const text = policyLineText(flags, policy);
  return text ? html`<span class="policy-line">${text}</span>` : html`<span class="none">—</span>`;
}
