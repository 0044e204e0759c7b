/**
 * @module validation/main
 * `npm run validate [-- --set build|validation|all] [--json FILE] [--write-floor]`: replays the
 * real-device records over the wire, scans them without and with credentials, prints Markdown
 * tables (with `validation`, the default, a smaller build table too) and the misses.
 * `--write-floor` records this run's validation scores as the ratchet test's floors.
 * `--records PATH` replays the records of another YAML file or folder instead (same format, see
 * test/fixtures/real-devices/README.md), every one held out: a blind set of devices from
 * outside this repository.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { defaultOffset } from '../cli/commands/lab.js';
import { loadSignatureLibrary } from '../engine/load.js';
import { packageRoot } from '../util/paths.js';
import { loadModelNames, modelMetrics, scoreModelNames } from './model-names.js';
import { canonicalTruths, loadRecords, loadRecordsFrom } from './records.js';
import {
  FLOOR_FILE,
  floorOf,
  label,
  metricsTable,
  missList,
  modelNamesSection,
  notReplayableSummary,
  render,
} from './report.js';
import { metrics, runValidation } from './run.js';
import type { SetName } from './split.js';

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
  let writeFloor = false;
  /** Replay only the records whose name holds this text, and print what the scan saw of each. */
  let only: string | undefined;
  /** Records from outside the repository, all held out. */
  let recordsPath: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--set') {
      const v = argv[++i];
      if (v !== 'build' && v !== 'validation' && v !== 'all')
        throw new Error('--set takes build, validation or all');
      set = v;
    } else if (a === '--json') json = argv[++i];
    else if (a === '--only') only = argv[++i];
    else if (a === '--records') recordsPath = argv[++i];
    else if (a === '--write-floor') writeFloor = true;
    else
      throw new Error(
        `unknown argument ${a} (usage: validate [--set build|validation|all] [--json FILE] [--only NAME-TEXT] [--records PATH])`,
      );
  }
  if (recordsPath !== undefined && (writeFloor || set !== 'validation'))
    throw new Error('--records scores every record as held out: it takes neither --set nor --write-floor');
  // One library for the truths, both scans and the model-name scores.
  const library = loadSignatureLibrary();
  const loaded = canonicalTruths(
    recordsPath === undefined ? loadRecords() : loadRecordsFrom(recordsPath),
    library.vocabulary,
  );
  if (loaded.notVendors.length > 0)
    process.stderr.write(
      `validate: truth values that name no vendor of fingerprints/vocabulary/vendors.yaml (no verdict can equal them): ${loaded.notVendors.join(', ')}\n`,
    );
  const records = loaded.records;
  // The build table rides along with the validation one, so both sides are replayed then.
  if (only !== undefined) {
    const text = only;
    const results = await runValidation({
      set: 'all',
      portOffset: defaultOffset(),
      records: records.filter((r) => r.name.includes(text)),
      heldOut: recordsPath !== undefined,
      keepDevices: true,
      library,
    });
    const seen = results.map((r) => ({
      credentials: r.credentials,
      outcomes: r.outcomes.map(({ device, ...o }) => ({
        ...o,
        oem: device?.oem,
        evidence: device?.evidence,
      })),
    }));
    process.stdout.write(`${JSON.stringify(seen, null, 1)}\n`);
    return;
  }
  const results = await runValidation({
    set: set === 'validation' ? 'all' : set,
    portOffset: defaultOffset(),
    records,
    heldOut: recordsPath !== undefined,
    library,
  });
  const commit = commitOf();
  // The catalogue model numbers belong to this repository, so only its own run scores them.
  const models = recordsPath === undefined ? scoreModelNames(loadModelNames(), library) : [];
  if (set === 'validation') {
    const date = new Date().toISOString().slice(0, 10);
    const part = (s: SetName) =>
      results.map((r) => ({ label: label(r), m: metrics(r.outcomes.filter((o) => o.set === s)) }));
    const only = results.map((r) => ({ ...r, outcomes: r.outcomes.filter((o) => o.set === 'validation') }));
    process.stdout.write(
      [
        `## Validation${recordsPath === undefined ? '' : ` on ${recordsPath}`} (${date}, commit ${commit})`,
        '',
        ...(recordsPath === undefined
          ? [
              metricsTable('Validation set (held-out sources)', part('validation')),
              metricsTable('Build set (sources signatures may cite)', part('build')),
            ]
          : [
              metricsTable(
                `${records.length} record${records.length === 1 ? '' : 's'}, all held out`,
                part('validation'),
              ),
            ]),
        ...only.flatMap((r) => [`#### Validation misses, ${label(r)}`, '', missList(r.outcomes)]),
        notReplayableSummary(only[0]?.outcomes ?? []),
        ...(models.length > 0 ? [modelNamesSection(models)] : []),
        `Scan time: ${results.map((r) => `${label(r)} ${(r.elapsedMs / 1000).toFixed(1)} s`).join(', ')} for ${results[0]?.outcomes.length ?? 0} hosts.`,
        '',
      ].join('\n'),
    );
  } else process.stdout.write(render(results, set, commit));
  if (writeFloor) {
    const floor = floorOf(results);
    const held = modelMetrics(models.filter((o) => o.set === 'validation'));
    const modelNames = { right: held.right / held.scored, family: held.family.right / held.family.scored };
    writeFileSync(
      FLOOR_FILE(),
      `${JSON.stringify({ ...floor, modelNames, commit, date: new Date().toISOString().slice(0, 10) }, null, 2)}\n`,
    );
    process.stderr.write(`validate: wrote ${FLOOR_FILE()}\n`);
  }
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

// So that 'exit' hooks (the namespace link's clean-up) run when interrupted.
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`validate: ${err.message}\n`);
  process.exit(2);
});
