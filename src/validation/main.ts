/**
 * @module validation/main
 * `npm run validate [-- --set build|validation|all] [--json FILE]`: replays the real-device
 * records over the wire, scans them without and with credentials, prints Markdown tables
 * (the chosen set; with `validation`, a smaller build table too) and the misses.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { defaultOffset } from '../cli/commands/lab.js';
import { packageRoot } from '../util/paths.js';
import { type DeviceOutcome, type Metrics, metrics, type RunResult, runValidation } from './run.js';
import type { SetName } from './split.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)} %`);

export function metricsTable(title: string, runs: readonly { label: string; m: Metrics }[]): string {
  const rows: [string, (m: Metrics) => string][] = [
    ['devices (with a known maker)', (m) => `${m.devices} (${m.withTruth})`],
    ['maker accuracy (known maker named)', (m) => pct(m.makerAccuracy)],
    ['Hikvision/Dahua family accuracy', (m) => `${pct(m.familyAccuracy)} of ${m.familyDevices}`],
    ['all devices named right', (m) => pct(m.allNamedRight)],
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
  if (count.size === 0) return 'Every recorded item was served.\n';
  return [
    `Not replayable on loopback (${devices} devices; items by reason):`,
    '',
    ...[...count].sort((x, y) => y[1] - x[1]).map(([r, n]) => `- ${r}: ${n}`),
    '',
  ].join('\n');
}

const label = (r: RunResult) => (r.credentials ? 'with credentials' : 'no credentials');

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

function commitOf(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: packageRoot(),
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

async function main(argv: string[]) {
  let set: SetName | 'all' = 'validation';
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--set') {
      const v = argv[++i];
      if (v !== 'build' && v !== 'validation' && v !== 'all')
        throw new Error('--set takes build, validation or all');
      set = v;
    } else if (a === '--json') json = argv[++i];
    else
      throw new Error(`unknown argument ${a} (usage: validate [--set build|validation|all] [--json FILE])`);
  }
  // The build table rides along with the validation one, so both sides are replayed then.
  const results = await runValidation({
    set: set === 'validation' ? 'all' : set,
    portOffset: defaultOffset(),
  });
  const commit = commitOf();
  if (set === 'validation') {
    const date = new Date().toISOString().slice(0, 10);
    const part = (s: SetName) =>
      results.map((r) => ({ label: label(r), m: metrics(r.outcomes.filter((o) => o.set === s)) }));
    const only = results.map((r) => ({ ...r, outcomes: r.outcomes.filter((o) => o.set === 'validation') }));
    process.stdout.write(
      [
        `## Validation (${date}, commit ${commit})`,
        '',
        metricsTable('Validation set (held-out sources)', part('validation')),
        metricsTable('Build set (sources signatures may cite)', part('build')),
        ...only.flatMap((r) => [`#### Validation misses, ${label(r)}`, '', missList(r.outcomes)]),
        notReplayableSummary(only[0]?.outcomes ?? []),
        `Scan time: ${results.map((r) => `${label(r)} ${(r.elapsedMs / 1000).toFixed(1)} s`).join(', ')} for ${results[0]?.outcomes.length ?? 0} hosts.`,
        '',
      ].join('\n'),
    );
  } else process.stdout.write(render(results, set, commit));
  if (json) {
    const doc = {
      date: new Date().toISOString(),
      commit,
      set,
      runs: results.map((r) => ({
        credentials: r.credentials,
        elapsedMs: r.elapsedMs,
        validation: metrics(r.outcomes.filter((o) => o.set === 'validation')),
        build: metrics(r.outcomes.filter((o) => o.set === 'build')),
        outcomes: r.outcomes.filter((o) => set === 'all' || set === 'validation' || o.set === set),
      })),
    };
    writeFileSync(json, `${JSON.stringify(doc, null, 1)}\n`);
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`validate: ${err.message}\n`);
  process.exit(2);
});
