/**
 * @module validation/split
 * Which side of the build/validation split a source falls on (issue 12). The split is by
 * source, never by device: every device from one thread, repository or site lands on the same side.
 * Rule, recorded in test/fixtures/real-devices/split.yaml: a key cited before the split is
 * build; any other key is validation when the first 32 bits of its SHA-256, mod 100, are below
 * `validationPercent`. scripts/source-set.mjs is the command-line face of this module.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { dataPath } from '../util/paths.js';

export interface Split {
  rule: string;
  validationPercent: number;
  frozenAt: string;
  build: string[];
  validation?: string[];
}

export type SetName = 'build' | 'validation';

export const splitFile = () => dataPath('test', 'fixtures', 'real-devices', 'split.yaml');

/**
 * The source a citation names: one GitHub issue, pull request or discussion thread
 * (`owner/repo#N`: each thread is its own owner's report), else a repository (`owner/repo`, for
 * its files), else the host of a URL.
 */
export function sourceKey(source: string): string {
  const s = String(source).trim();
  const thread =
    /github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/(?:issues|pull|discussions)\/(\d+)/i.exec(s);
  if (thread) return `${thread[1]}/${thread[2]}#${thread[3]}`.toLowerCase();
  // A key already (`owner/repo#N`), so a key maps to itself.
  const key = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)#(\d+)$/.exec(s);
  if (key) return s.toLowerCase();
  const gh = /github(?:usercontent)?\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)/i.exec(s);
  if (gh) return `${gh[1]}/${(gh[2] ?? '').replace(/\.git$/, '')}`.toLowerCase();
  const url = /https?:\/\/([^/\s'")]+)/i.exec(s);
  if (url) return (url[1] ?? '').toLowerCase().replace(/^www\./, '');
  const repo = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)(?=[\s@:#]|$)/.exec(s);
  if (repo) return `${repo[1]}/${repo[2]}`.toLowerCase();
  return (s.split(/\s/)[0] ?? '').toLowerCase();
}

export function loadSplit(file = splitFile()): Split {
  return parse(readFileSync(file, 'utf8')) as Split;
}

export function sourceSet(
  source: string,
  split: Split = loadSplit(),
): { key: string; set: SetName; why: string } {
  const key = sourceKey(source);
  if (split.build.includes(key)) return { key, set: 'build', why: 'cited before the split' };
  if ((split.validation ?? []).includes(key))
    return { key, set: 'validation', why: 'recorded in split.yaml' };
  const n = createHash('sha256').update(key).digest().readUInt32BE(0) % 100;
  return n < split.validationPercent
    ? { key, set: 'validation', why: `hash ${n} < ${split.validationPercent}` }
    : { key, set: 'build', why: `hash ${n} >= ${split.validationPercent}` };
}

function* files(dir: string): Generator<string> {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ya?ml|ts)$/.test(f)) yield p;
  }
}

// A URL, or `owner/repo` followed by a path, a file name or `@commit` (how sources are cited).
const CITE =
  /(https?:\/\/[^\s'")]+|\b[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?= [^\s]*\/| [\w.-]+\.(?:md|nasl|sc|py|go|ts|js|rb|xml|json|ya?ml|txt|swift|java|rs|lua|sh|html|c|h)\b|@[0-9a-f]{7}))/g;

// Only repositories and public hosts are sources; lab addresses and template text are not. A
// GitHub owner may start with a digit (`0x524a/onvif-go`) but has no dot, unlike a version pair.
const isSourceKey = (k: string) =>
  /^[a-z0-9_.-]+\/[a-z0-9_.-]+(#\d+)?$/.test(k)
    ? !/^\d/.test(k) || /^[a-z0-9-]+\//.test(k)
    : /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(k);

/** A citation that opens with its repository (`nmap/nmap nmap-service-probes line 9112`). */
const REPO_FIRST = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+ /;

/** The source keys one line of text cites (none for a recorded `value:`, which is what a device sent). */
export function lineKeys(line: string): string[] {
  if (/^\s*(?:- )?value:/.test(line)) return [];
  return [...line.matchAll(CITE)].map((m) => sourceKey(m[1] ?? '')).filter(isSourceKey);
}

const textFiles = (paths: readonly string[]) =>
  paths.flatMap((d) => (statSync(dataPath(d)).isDirectory() ? [...files(dataPath(d))] : [dataPath(d)]));

/** Every source key cited in the given folders or files (relative to the package root). */
export function citedKeys(paths: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const f of textFiles(paths))
    for (const line of readFileSync(f, 'utf8').split('\n')) for (const k of lineKeys(line)) keys.add(k);
  return [...keys].sort();
}

/** The `source:` lines of the given folders or files that cite no repository, thread or host the split can place. */
export function untraceableSources(paths: readonly string[]): string[] {
  return textFiles(paths).flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((line) => /^\s*(?:- )?source:/.test(line))
      .map((line) => line.replace(/^\s*(?:- )?source:\s*['"]?/, ''))
      .filter((src) => lineKeys(src).length === 0 && !isSourceKey(sourceKey(src)) && !REPO_FIRST.test(src)),
  );
}
