/**
 * @module engine/yaml-source
 * Reads a YAML data file and keeps the line of every list item, so load errors and
 * self-test failures can say `file:line`. The shipped data files (fingerprints/, the policy
 * packs) are parsed once at build time into dist/yaml-cache.json, keyed by the SHA-256 of each
 * file's text: a file whose text is in the cache is not parsed again (parsing them cost every
 * scan about half a second of start-up), any other text (an edited file, a site's own
 * signatures) is parsed as before.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { SignatureError } from '../errors/index.js';
import { dataPath } from '../util/paths.js';

export interface LocatedItem {
  value: unknown;
  line: number;
}

export interface YamlSource {
  file: string;
  root: Record<string, unknown>;
  /** Items of a top-level list, each with its line number. */
  items(key: string): LocatedItem[];
}

/** A file as parsed: its value, and the located items of each top-level key that holds a list. */
export interface ParsedYaml {
  root: Record<string, unknown>;
  lists: Record<string, LocatedItem[]>;
  /** Top-level keys whose value is not a list (asking for their items is an error). */
  notLists: string[];
}

export const YAML_CACHE_PATH = () => dataPath('dist', 'yaml-cache.json');

let cache: Map<string, ParsedYaml> | undefined;

/** Hash of a file's text -> its ParsedYaml, read once per process. */
function yamlCache(): Map<string, ParsedYaml> {
  if (cache) return cache;
  cache = new Map();
  try {
    const path = YAML_CACHE_PATH();
    if (existsSync(path))
      cache = new Map(Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, ParsedYaml>));
  } catch {
    // An unreadable cache only costs the parse.
  }
  return cache;
}

export const textHash = (text: string) => createHash('sha256').update(text).digest('hex');

export function readYamlSource(file: string, displayName = file): YamlSource {
  const text = readFileSync(file, 'utf8');
  const hit = yamlCache().get(textHash(text));
  // A copy: callers own what they are given, and the cache serves the next load unchanged.
  return sourceOf(hit ? structuredClone(hit) : parseYaml(text, displayName), displayName);
}

function sourceOf(parsed: ParsedYaml, displayName: string): YamlSource {
  return {
    file: displayName,
    root: parsed.root,
    items(key) {
      if (parsed.notLists.includes(key)) throw new SignatureError(displayName, 1, `"${key}" must be a list`);
      return parsed.lists[key] ?? [];
    },
  };
}

/** Parses a data file's text: the root must be a mapping; errors name `displayName:line`. */
export function parseYaml(text: string, displayName: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const line = err?.linePos?.[0]?.line ?? 1;
    throw new SignatureError(displayName, line, `YAML: ${err?.message ?? 'parse error'}`);
  }
  const root = doc.toJS() as unknown;
  if (!root || typeof root !== 'object' || Array.isArray(root)) {
    throw new SignatureError(displayName, 1, 'top level must be a mapping');
  }
  const lists: Record<string, LocatedItem[]> = {};
  const notLists: string[] = [];
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      // Only what `items(key)` can name: a string key with a value (an empty value is no list).
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      const seq = pair.value;
      if (typeof key !== 'string' || seq === null || seq === undefined) continue;
      if (!isSeq(seq)) {
        notLists.push(key);
        continue;
      }
      lists[key] = seq.items.map((node) => {
        const offset = (node as { range?: [number, number, number] }).range?.[0] ?? 0;
        return {
          value: (node as { toJS?: (d: unknown) => unknown }).toJS?.(doc) ?? node,
          line: lineCounter.linePos(offset).line,
        };
      });
    }
  }
  return { root: root as Record<string, unknown>, lists, notLists };
}

/** Rejects keys outside `allowed` (a typo must fail at load, not silently do nothing). */
export function checkKeys(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  file: string,
  line: number,
) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new SignatureError(file, line, `unknown key "${key}"`);
  }
}
