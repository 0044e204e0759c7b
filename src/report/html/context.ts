/**
 * @module report/html/context
 * What the document knows beyond the report itself: the selected policies' titles and
 * citations (when the caller has the packs), and the numbering that ties a device's finding
 * to its evidence chain in the appendix.
 */
import type { PolicyPack } from '../../policy/load.js';
import type { Device, Report } from '../types.js';
import { type Groups, groupDevices } from './classes.js';

/** The parts of a policy pack the document shows; a report read back without packs has only ids. */
export type PolicyInfo = Pick<PolicyPack, 'id' | 'title'> &
  Partial<
    Pick<
      PolicyPack,
      'issuer' | 'date' | 'url' | 'kind' | 'scope' | 'coversOemProducts' | 'label' | 'jurisdiction'
    >
  >;

export interface HtmlOptions {
  /** The packs the scan applied (titles, issuers, citations); ids alone when absent. */
  policies?: readonly PolicyInfo[];
}

export interface Ctx {
  report: Report;
  groups: Groups;
  /** Every selected policy, in the report's order (and any a flag names that the scan list lacks). */
  policies: PolicyInfo[];
  policy(id: string): PolicyInfo;
  /** 1-based number of the device's evidence chain in the appendix (A.n). */
  appendixNo(d: Device): number;
  /** 1-based number of a flagged device's finding card, or 0. */
  findingNo(d: Device): number;
}

export function makeContext(report: Report, opts: HtmlOptions = {}): Ctx {
  const groups = groupDevices(report.devices);
  const known = new Map((opts.policies ?? []).map((p) => [p.id, p]));
  const ids = [...report.scan.policies];
  for (const d of groups.flagged) for (const f of d.flags) if (!ids.includes(f.policy)) ids.push(f.policy);
  // Without the packs, a policy's citation is the reference its flags carry.
  const reference = (id: string) =>
    groups.flagged.flatMap((d) => d.flags).find((f) => f.policy === id)?.reference;
  const policies = ids.map((id): PolicyInfo => {
    const url = reference(id);
    return known.get(id) ?? { id, title: id, ...(url ? { url } : {}) };
  });
  const byId = new Map(policies.map((p) => [p.id, p]));
  const order = [...groups.flagged, ...groups.unverified, ...groups.other, ...groups.clear];
  const appendix = new Map(order.map((d, i) => [d, i + 1]));
  const finding = new Map(groups.flagged.map((d, i) => [d, i + 1]));
  return {
    report,
    groups,
    policies,
    policy: (id) => byId.get(id) ?? { id, title: id },
    appendixNo: (d) => appendix.get(d) ?? 0,
    findingNo: (d) => finding.get(d) ?? 0,
  };
}

/** In-page anchors (never derived from device text). */
export const anchors = {
  finding: (n: number) => `device-${n}`,
  evidence: (n: number) => `evidence-${n}`,
  policy: (i: number) => `policy-${i + 1}`,
};
