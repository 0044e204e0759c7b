#!/usr/bin/env node
// Which side of the build/validation split a source falls on (issue 12). The split is by
// source, never by device: every device from one repository or site lands on the same side.
//   node scripts/source-set.mjs "<source>" ...   prints key, set and why
//   node scripts/source-set.mjs --freeze         (once) records the keys already cited as build
// Rule, recorded in test/fixtures/real-devices/split.yaml: a key that fingerprints/, the lab
// profiles or the first real-device fixtures cited before the split is build; any other key is
// validation when the first 32 bits of its SHA-256, mod 100, are below `validationPercent`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const splitFile = join(root, 'test', 'fixtures', 'real-devices', 'split.yaml');

/**
 * The source a citation names: one GitHub issue, pull request or discussion thread
 * (`owner/repo#N`: each thread is its own owner's report), else a repository (`owner/repo`, for
 * its files), else the host of a URL.
 */
export function sourceKey(source) {
  const s = String(source).trim();
  const thread =
    /github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/(?:issues|pull|discussions)\/(\d+)/i.exec(s);
  if (thread) return `${thread[1]}/${thread[2]}#${thread[3]}`.toLowerCase();
  const gh = /github(?:usercontent)?\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)/i.exec(s);
  if (gh) return `${gh[1]}/${gh[2].replace(/\.git$/, '')}`.toLowerCase();
  const url = /https?:\/\/([^/\s'")]+)/i.exec(s);
  if (url) return url[1].toLowerCase().replace(/^www\./, '');
  const repo = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)(?=[\s@:#]|$)/.exec(s);
  if (repo) return `${repo[1]}/${repo[2]}`.toLowerCase();
  return s.split(/\s/)[0].toLowerCase();
}

export function loadSplit() {
  return parse(readFileSync(splitFile, 'utf8'));
}

export function sourceSet(source, split = loadSplit()) {
  const key = sourceKey(source);
  if (split.build.includes(key)) return { key, set: 'build', why: 'cited before the split' };
  if ((split.validation ?? []).includes(key))
    return { key, set: 'validation', why: 'recorded in split.yaml' };
  const n = createHash('sha256').update(key).digest().readUInt32BE(0) % 100;
  return n < split.validationPercent
    ? { key, set: 'validation', why: `hash ${n} < ${split.validationPercent}` }
    : { key, set: 'build', why: `hash ${n} >= ${split.validationPercent}` };
}

function* files(dir) {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ya?ml|ts)$/.test(f)) yield p;
  }
}

/** Every source key cited in the given folders' `source:`/`sources:` text. */
function citedKeys(paths) {
  const keys = new Set();
  const cite = /(https?:\/\/[^\s'")]+|\b[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?= [^\s]*\/|@[0-9a-f]{7}))/g;
  for (const d of paths)
    for (const f of statSync(join(root, d)).isDirectory() ? files(join(root, d)) : [join(root, d)])
      for (const m of readFileSync(f, 'utf8').matchAll(cite)) keys.add(sourceKey(m[1]));
  // Only repositories and public hosts are sources; lab addresses and template text are not.
  const real = (k) =>
    /^[a-z0-9_.-]+\/[a-z0-9_.-]+(#\d+)?$/.test(k)
      ? !/^\d/.test(k)
      : /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(k);
  return [...keys].filter(real).sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
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
    writeFileSync(splitFile, stringify(doc));
    console.log(`froze ${build.length} build keys in ${splitFile}`);
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
}
