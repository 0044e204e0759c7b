/**
 * @module report/html/remediation
 * Remediation guidance, written once per finding class and referenced by each device
 * ("R1, R2"). Which classes apply to a device follows from its status and class only.
 */
import type { Device } from '../types.js';
import { isCameraOrRecorder } from './classes.js';
import type { Ctx } from './context.js';
import { anchors } from './context.js';
import { type Html, html } from './escape.js';

export type RemediationId = 'replace' | 'isolate' | 'hygiene' | 'verify';

interface Guidance {
  id: RemediationId;
  code: string;
  title: string;
  when: string;
  steps: string[];
}

export const REMEDIATION: readonly Guidance[] = [
  {
    id: 'replace',
    code: 'R1',
    title: 'Replace',
    when: 'Devices built by a maker that a selected policy names, directly or behind another brand’s badge.',
    steps: [
      'Plan replacement with equipment whose maker no selected policy names; confirm the maker of any proposed model with its supplier in writing, since badges hide the maker.',
      'Where a policy is a ban or a procurement rule, follow the dates and scope it sets (see the findings); where it is advice, record the decision taken and its reason.',
      'Until the device is removed, apply R2 and R3.',
    ],
  },
  {
    id: 'isolate',
    code: 'R2',
    title: 'Isolate on a separate VLAN with no Internet access',
    when: 'Flagged devices until they are replaced, and cameras or recorders whose maker is not yet established.',
    steps: [
      'Move the device to a dedicated video VLAN; allow only the recording and viewing hosts to reach it, on the ports they need.',
      'Deny all traffic from the VLAN to the Internet (including DNS and NTP to outside servers) and disable cloud, P2P and UPnP port-mapping features on the device.',
      'Log and review denied outbound connections from the VLAN.',
    ],
  },
  {
    id: 'hygiene',
    code: 'R3',
    title: 'Firmware and credential hygiene',
    when: 'Every camera and recorder that stays in service.',
    steps: [
      'Install the maker’s current firmware, obtained from the maker (for a rebadged device, from the maker named in this report when the badge vendor no longer publishes updates).',
      'Replace default and shared passwords with unique ones held in a password manager; remove unused accounts; disable unused services (Telnet, FTP, UPnP, HTTP where HTTPS is available).',
      'Record model, firmware and serial in the asset register so the next assessment can compare.',
    ],
  },
  {
    id: 'verify',
    code: 'R4',
    title: 'Verify on site',
    when: 'Hosts whose maker or class the scan could not establish, and makers named only as probable.',
    steps: [
      'Inspect the device: label, model number, serial; log in to its web interface or management software and read the device information page.',
      'Record the maker that the evidence shows and re-run oemscan with credentials (--credentials) where possible; until then treat the device as unverified, which is not compliant.',
      'For a host that is not a camera or recorder, confirm what it is and that it carries no video.',
    ],
  },
];

const BY_ID = new Map(REMEDIATION.map((r) => [r.id, r]));

/** The classes that apply to one device, in guidance order. */
export function remediationFor(d: Device): RemediationId[] {
  const camera = isCameraOrRecorder(d);
  const ids = new Set<RemediationId>();
  if (d.status === 'flagged') {
    ids.add('replace').add('isolate');
    if (camera) ids.add('hygiene');
    if (d.oem.probable) ids.add('verify');
  } else if (d.status === 'unverified') {
    if (camera) ids.add('isolate').add('hygiene');
    ids.add('verify');
  } else if (camera) {
    ids.add('hygiene');
    if (d.oem.probable) ids.add('verify');
  } else if (d.oem.probable) ids.add('verify');
  return REMEDIATION.map((r) => r.id).filter((id) => ids.has(id));
}

function ref(id: RemediationId): Html {
  const r = BY_ID.get(id);
  return r ? html`<a class="rref" href="#remediation-${id}" title="${r.title}">${r.code}</a>` : html``;
}

/** "R1 R2 R3" links to the guidance. */
export function remediationRefs(d: Device): Html {
  const ids = remediationFor(d);
  return ids.length === 0
    ? html`<span class="none">—</span>`
    : html`${ids.map((id, i) => html`${i ? ' ' : ''}${ref(id)}`)}`;
}

export function remediationSection(ctx: Ctx): Html {
  const devices = ctx.report.devices;
  const items = REMEDIATION.map((r) => {
    const applies = devices.filter((d) => remediationFor(d).includes(r.id));
    const list =
      applies.length === 0
        ? html`<span class="none">no device in this scan</span>`
        : html`${applies.map((d, i) => html`${i ? ', ' : ''}<a class="mono" href="#${anchors.evidence(ctx.appendixNo(d))}">${d.ip}</a>`)}`;
    return html`<section class="remedy" id="remediation-${r.id}"><h3><span class="code">${r.code}</span> ${r.title}</h3><p class="when">${r.when}</p><ul>${r.steps.map((s) => html`<li>${s}</li>`)}</ul><p class="applies"><strong>Applies to (${applies.length}):</strong> ${list}</p></section>`;
  });
  return html`<section class="group remediation" id="remediation"><h2>Remediation guidance</h2><p class="lead">Written once per class of finding; each device refers to the classes that apply to it (R1–R4).</p>${items}</section>`;
}
