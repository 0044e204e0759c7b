/**
 * @module validation/report
 * The validation run as Markdown (score tables, misses, what could not be replayed) and the
 * ratchet floors written from it.
 */
import { join } from 'node:path';
import { type ModelOutcome, modelMetrics } from './model-names.js';
import { recordsDir } from './records.js';
import { type DeviceOutcome, type Metrics, metrics, type RunResult } from './run.js';
import type { SetName } from './split.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)} %`);

export function metricsTable(title: string, runs: readonly { label: string; m: Metrics }[]): string {
  const rows: [string, (m: Metrics) => string][] = [
    ['devices scored (with a known maker)', (m) => `${m.devices} (${m.withTruth})`],
    ['not scored: nothing to see without a login', (m) => String(m.notScored)],
    ['maker accuracy (known maker named)', (m) => pct(m.makerAccuracy)],
    ['Hikvision/Dahua family accuracy', (m) => `${pct(m.familyAccuracy)} of ${m.familyDevices}`],
    [
      '... of those showing more than open ports',
      (m) => `${pct(m.familyShownAccuracy)} of ${m.familyShownDevices}`,
    ],
    ['all devices named right', (m) => pct(m.allNamedRight)],
    ['badge named (devices whose source names one)', (m) => `${pct(m.badgeAccuracy)} of ${m.badgeDevices}`],
    ['flag recall', (m) => pct(m.flagRecall)],
    ['flag precision', (m) => `${pct(m.flagPrecision)} of ${m.flagged}`],
    ['wrong maker', (m) => String(m.wrongMaker)],
    ['flagged, maker unknown to the record', (m) => String(m.flaggedWithoutTruth)],
  ];
  return [
    `### ${title}`,
    '',
    `| | ${runs.map((r) => r.label).join(' | ')} |`,
    `|---|${runs.map(() => '---:').join('|')}|`,
    ...rows.map(([name, f]) => `| ${name} | ${runs.map((r) => f(r.m)).join(' | ')} |`),
    '',
  ].join('\n');
}

export function missList(outcomes: readonly DeviceOutcome[]): string {
  const misses = outcomes.filter((o) => o.miss);
  if (misses.length === 0) return '_no misses_\n';
  return [
    '| device | truth | reason | detail |',
    '|---|---|---|---|',
    ...misses.map(
      (o) => `| ${o.name.replace(/\|/g, '\\|')} | ${o.truth} | ${o.miss?.reason} | ${o.miss?.detail ?? ''} |`,
    ),
    '',
  ].join('\n');
}

export function notReplayableSummary(outcomes: readonly DeviceOutcome[]): string {
  const count = new Map<string, number>();
  let devices = 0;
  for (const o of outcomes) {
    if (o.notReplayable.length > 0) devices++;
    for (const n of o.notReplayable) count.set(n.reason, (count.get(n.reason) ?? 0) + 1);
  }
  const linked = outcomes.filter((o) => o.link).length;
  const link = `Replayed on a namespace link, their recorded MAC learned by ARP: ${linked} devices.\n`;
  if (count.size === 0) return `${link}\nEvery recorded item was served.\n`;
  return [
    link,
    `Not replayable (${devices} devices; items by reason):`,
    '',
    ...[...count].sort((x, y) => y[1] - x[1]).map(([r, n]) => `- ${r}: ${n}`),
    '',
  ].join('\n');
}

/** The model grammars on catalogue model numbers, held-out pages beside build pages, and the held-out misses. */
export function modelNamesSection(outcomes: readonly ModelOutcome[]): string {
  const side = (s: SetName) => modelMetrics(outcomes.filter((o) => o.set === s));
  const sides = [side('validation'), side('build')];
  const ratio = (right: number, of: number) => `${pct(of === 0 ? null : right / of)} of ${of}`;
  // Every wrong name is a miss too: `wrong` implies a known maker not named right.
  const misses = outcomes.filter((o) => o.set === 'validation' && !('nobody' in o.expect) && !o.right);
  const show = (o: ModelOutcome) =>
    `- \`${o.model}\` (${o.maker}, ${o.line}): ${o.named ? `${o.named} by ${o.signature}` : 'nobody'}`;
  return [
    '### Model grammars on catalogue model numbers (test/fixtures/model-names)',
    '',
    '| | held-out pages | build pages |',
    '|---|---:|---:|',
    `| models of a known maker or badge named right | ${sides.map((m) => ratio(m.right, m.scored)).join(' | ')} |`,
    `| ... of Hikvision's and Dahua's own lines | ${sides.map((m) => ratio(m.family.right, m.family.scored)).join(' | ')} |`,
    `| named another maker | ${sides.map((m) => `${m.wrong} of ${m.scored}`).join(' | ')} |`,
    '',
    ...(misses.length === 0 ? [] : ['Held-out models not named right:', '', ...misses.map(show), '']),
  ].join('\n');
}

export const FLOOR_FILE = () => join(recordsDir(), 'validation-floor.json');

/** The ratchet test's floors: the validation set's scores of this run. */
export function floorOf(results: readonly RunResult[]) {
  const pick = (r: RunResult | undefined) => {
    const m = metrics((r?.outcomes ?? []).filter((o) => o.set === 'validation'));
    return {
      devices: m.devices,
      makerAccuracy: m.makerAccuracy,
      familyAccuracy: m.familyAccuracy,
      allNamedRight: m.allNamedRight,
      badgeAccuracy: m.badgeAccuracy,
      flagRecall: m.flagRecall,
      flagPrecision: m.flagPrecision,
    };
  };
  return {
    noCredentials: pick(results.find((r) => !r.credentials)),
    credentials: pick(results.find((r) => r.credentials)),
  };
}

export const label = (r: RunResult) => (r.credentials ? 'with credentials' : 'no credentials');

export function render(results: readonly RunResult[], set: SetName | 'all', commit: string): string {
  const date = new Date().toISOString().slice(0, 10);
  const part = (s: SetName | 'all') =>
    results.map((r) => ({
      label: label(r),
      m: metrics(r.outcomes.filter((o) => s === 'all' || o.set === s)),
    }));
  const out = [`## Validation (${date}, commit ${commit})`, ''];
  out.push(
    metricsTable(
      set === 'all' ? 'All records' : `${set === 'validation' ? 'Validation' : 'Build'} set`,
      part(set),
    ),
  );
  if (set === 'all') {
    out.push(metricsTable('Validation set', part('validation')));
    out.push(metricsTable('Build set', part('build')));
  }
  for (const r of results) {
    out.push(`#### Misses, ${label(r)} (${(r.elapsedMs / 1000).toFixed(1)} s)`, '');
    out.push(missList(r.outcomes));
  }
  out.push(notReplayableSummary(results[0]?.outcomes ?? []));
  return out.join('\n');
}
