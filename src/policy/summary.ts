/**
 * @module policy/summary
 * One compact line per device saying which policies flag it, grouped by jurisdiction:
 * `UK: BSCC 2022, Cabinet Office 2022 · US: NDAA §889, FCC Covered List`. Labels and
 * jurisdictions are data in each pack file (`label`, `jurisdiction`); the order is the order the
 * scan applied its packs (a preset's own order). The table, the text outputs and the HTML report
 * all use this one formatter; the full reasoning stays in each flag.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readYamlSource } from '../engine/yaml-source.js';
import type { Device, Report } from '../report/types.js';
import { dataPath } from '../util/paths.js';
import { DEFAULT_PRESET, expandPreset, loadPresets, PRESETS_FILE } from './load.js';

/** What the summary needs of a pack (a loaded PolicyPack has these fields too). */
export interface PolicyLabel {
  id: string;
  label: string;
  jurisdiction: string | null;
}

export const JURISDICTION_SEPARATOR = ' · ';

/**
 * The compact line for the packs that flag a device. `packs` are the packs the scan applied,
 * in order; a flagged id that is not among them (a user's pack read back from a report) is shown
 * by its id. Packs without a jurisdiction follow the grouped ones, each on its own. Empty when
 * nothing flags the device.
 */
export function policyLine(flagged: readonly string[], packs: readonly PolicyLabel[]): string {
  const ids = new Set(flagged);
  if (ids.size === 0) return '';
  const known = packs.filter((p) => ids.has(p.id));
  const rest: PolicyLabel[] = [...ids]
    .filter((id) => !known.some((p) => p.id === id))
    .map((id) => ({ id, label: id, jurisdiction: null }));
  const groups = new Map<string, string[]>();
  const loose: string[] = [];
  for (const p of [...known, ...rest]) {
    if (p.jurisdiction === null) {
      loose.push(p.label);
      continue;
    }
    const labels = groups.get(p.jurisdiction) ?? [];
    if (!labels.includes(p.label)) labels.push(p.label);
    groups.set(p.jurisdiction, labels);
  }
  const parts = [...groups].map(([j, labels]) => `${j}: ${labels.join(', ')}`);
  return [...parts, ...loose].join(JURISDICTION_SEPARATOR);
}

let cachedLabels: PolicyLabel[] | undefined;

/**
 * Labels of the built-in packs, read from their files without the vocabulary (renderers have
 * only the report): first in the order of the default preset, then any other built-in pack.
 */
export function builtInPolicyLabels(dir = dataPath('src', 'policy', 'packs')): PolicyLabel[] {
  if (cachedLabels && dir === dataPath('src', 'policy', 'packs')) return cachedLabels;
  const labels: PolicyLabel[] = [];
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.yaml') && x !== PRESETS_FILE)
    .sort()) {
    const root = readYamlSource(join(dir, f), `src/policy/packs/${f}`).root;
    const id = typeof root.id === 'string' ? root.id : basename(f, '.yaml');
    labels.push({
      id,
      label: typeof root.label === 'string' ? root.label : id,
      jurisdiction: typeof root.jurisdiction === 'string' ? root.jurisdiction : null,
    });
  }
  const presets = loadPresets(dir);
  const order = presets.has(DEFAULT_PRESET) ? expandPreset(presets, DEFAULT_PRESET) : [];
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  const sorted = labels
    .map((l, i) => ({ l, i }))
    .sort((a, b) => rank(a.l.id) - rank(b.l.id) || a.i - b.i)
    .map((x) => x.l);
  if (dir === dataPath('src', 'policy', 'packs')) cachedLabels = sorted;
  return sorted;
}

/**
 * The compact line for a device of a report: the packs in the order the scan applied them
 * (`report.scan.policies`), labelled from the built-in pack files (a user's pack by its id).
 */
export function devicePolicyLine(
  report: Pick<Report, 'scan'>,
  device: Pick<Device, 'flags'>,
  labels: readonly PolicyLabel[] = builtInPolicyLabels(),
): string {
  const byId = new Map(labels.map((l) => [l.id, l]));
  const label = (id: string): PolicyLabel => byId.get(id) ?? { id, label: id, jurisdiction: null };
  // A report written before presets existed may lack the applied list: built-in order then.
  const applied = (report.scan?.policies ?? []).map(label);
  const flagged = device.flags.map((f) => f.policy);
  for (const l of labels) if (flagged.includes(l.id) && !applied.some((a) => a.id === l.id)) applied.push(l);
  return policyLine(flagged, applied);
}
