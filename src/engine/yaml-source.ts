/**
 * @module engine/yaml-source
 * Reads a YAML data file and keeps the line of every list item, so load errors and
 * self-test failures can say `file:line`.
 */
import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { SignatureError } from '../errors/index.js';

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

export function readYamlSource(file: string, displayName = file): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const line = err?.linePos?.[0]?.line ?? 1;
    throw new SignatureError(displayName, line, `YAML: ${err?.message ?? 'parse error'}`);
  }
  const root = doc.toJS() as unknown;
  if (!root || typeof root !== 'object' || Array.isArray(root)) {
    throw new SignatureError(displayName, 1, 'top level must be a mapping');
  }
  return {
    file: displayName,
    root: root as Record<string, unknown>,
    items(key) {
      const seq = isMap(doc.contents) ? doc.contents.get(key, true) : undefined;
      if (seq === undefined) return [];
      if (!isSeq(seq)) throw new SignatureError(displayName, 1, `"${key}" must be a list`);
      return seq.items.map((node) => {
        const offset = (node as { range?: [number, number, number] }).range?.[0] ?? 0;
        return {
          value: (node as { toJS?: (d: unknown) => unknown }).toJS?.(doc) ?? node,
          line: lineCounter.linePos(offset).line,
        };
      });
    },
  };
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
