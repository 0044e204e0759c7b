/**
 * @module report/html/policy-line
 * The one compact line per device that says which selected policies cover it, grouped by
 * jurisdiction ("UK: BSCC 2022, Cabinet Office 2022 · US: NDAA §889, FCC Covered List"). The
 * HTML takes it from the shared formatter (src/policy/summary.ts) that the table and the text
 * outputs use, so every output says it the same way; the full reasoning is in the appendix.
 */
import { builtInPolicyLabels, devicePolicyLine, type PolicyLabel } from '../../policy/summary.js';
import type { Device, Report } from '../types.js';
import type { PolicyInfo } from './context.js';
import { type Html, html } from './escape.js';

/** Labels of the built-in packs, and of any pack the caller passed that has its own. */
function labels(policies: readonly PolicyInfo[]): PolicyLabel[] {
  const own = policies.filter(
    (p): p is PolicyInfo & PolicyLabel => typeof p.label === 'string' && p.jurisdiction !== undefined,
  );
  const ids = new Set(own.map((p) => p.id));
  return [
    ...builtInPolicyLabels().filter((l) => !ids.has(l.id)),
    ...own.map(({ id, label, jurisdiction }) => ({ id, label, jurisdiction })),
  ];
}

/** The line as text, from the device's evaluated policy results (its flags). Empty when none. */
export function policyLineText(
  report: Pick<Report, 'scan'>,
  d: Pick<Device, 'flags'>,
  policies: readonly PolicyInfo[] = [],
): string {
  return devicePolicyLine(report, d, labels(policies));
}

export function policyLine(
  report: Pick<Report, 'scan'>,
  d: Pick<Device, 'flags'>,
  policies: readonly PolicyInfo[],
): Html {
  const text = policyLineText(report, d, policies);
  return text ? html`<span class="policy-line">${text}</span>` : html`<span class="none">—</span>`;
}
