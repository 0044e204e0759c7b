#!/usr/bin/env node
// Which side of the build/validation split a source falls on (issue 12); the logic is
// src/validation/split.ts (run `npm run build` first).
//   node scripts/source-set.mjs "<source>" ...   prints key, set and why
//   node scripts/source-set.mjs --freeze [fixture files that existed before the split]
//                                                (once) records the keys already cited as build
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'validation', 'split.js');
if (!existsSync(built)) {
  console.error('scripts/source-set.mjs: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { citedKeys, loadSplit, sourceSet, splitFile } = await import(built);

const args = process.argv.slice(2);
if (args[0] === '--freeze') {
  // The fixtures that existed before the split (later files are new data, split by the rule).
  const before = args.slice(1);
  const build = citedKeys(['fingerprints', 'src/lab', ...before]);
  const doc = {
    rule: 'Split by source key (a GitHub issue/PR/discussion thread owner/repo#N, else GitHub owner/repo, else the URL host). Keys cited before the split (build) stay build; any other key is validation when sha256(key) first 32 bits mod 100 < validationPercent. Signatures may cite only build keys (test/validation/split.test.ts).',
    validationPercent: 60,
    frozenAt: new Date().toISOString().slice(0, 10),
    build,
    validation: [],
  };
  writeFileSync(splitFile(), stringify(doc));
  console.log(`froze ${build.length} build keys in ${splitFile()}`);
} else if (args.length === 0) {
  console.error('usage: node scripts/source-set.mjs "<source>" ... | --freeze');
  process.exit(2);
} else {
  const split = loadSplit();
  for (const a of args) {
    const r = sourceSet(a, split);
    console.log(`${r.set}\t${r.key}\t(${r.why})`);
  }
}
