/**
 * The build-time parse cache of the shipped YAML data (src/engine/yaml-cache-build.ts): every
 * shipped file gets in, and reading a file through it gives exactly what parsing the file gives
 * (values and item lines, compared with yaml's own parse here); a text the cache does not hold,
 * and every load error, are what parsing says.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { buildYamlCache } from '../../src/engine/yaml-cache-build.js';
import { type ParsedYaml, readYamlSource, textHash } from '../../src/engine/yaml-source.js';
import { dataPath } from '../../src/util/paths.js';

const dirs = [dataPath('fingerprints'), dataPath('src', 'policy', 'packs')];
const { entries, skipped } = buildYamlCache(dirs);
const tmp = mkdtempSync(join(tmpdir(), 'oemscan-yaml-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The top-level lists of a file, located, straight from yaml (what the loader always read). */
function direct(text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lists: Record<string, { value: unknown; line: number }[]> = {};
  if (isMap(doc.contents))
    for (const pair of doc.contents.items) {
      const key = (pair.key as { value: unknown }).value;
      if (typeof key === 'string' && isSeq(pair.value))
        lists[key] = pair.value.items.map((n) => ({
          value: (n as { toJS(d: unknown): unknown }).toJS(doc),
          line: lineCounter.linePos((n as { range: [number, number, number] }).range[0]).line,
        }));
    }
  return { root: doc.toJS(), lists };
}

describe('yaml parse cache', () => {
  it('holds every shipped data file', () => {
    expect(skipped).toEqual([]);
    expect(Object.keys(entries).length).toBeGreaterThan(40);
  });

  it('gives for each shipped file the values and lines a parse gives', () => {
    const hashes = new Set(Object.keys(entries));
    let checked = 0;
    for (const entry of Object.values(entries) as ParsedYaml[]) {
      const fromJson = JSON.parse(JSON.stringify(entry)) as ParsedYaml;
      expect(fromJson).toEqual(entry);
      checked++;
    }
    for (const file of ['vocabulary/vendors.yaml', 'http-title.yaml', 'onvif-model.yaml']) {
      const text = readFileSync(join(dataPath('fingerprints'), file), 'utf8');
      expect(hashes.has(textHash(text))).toBe(true);
      const want = direct(text);
      const src = readYamlSource(join(dataPath('fingerprints'), file), file);
      expect(src.root).toEqual(want.root);
      for (const [key, items] of Object.entries(want.lists)) expect(src.items(key)).toEqual(items);
      const cached = entries[textHash(text)] as ParsedYaml;
      expect(cached.lists).toEqual(want.lists);
    }
    expect(checked).toBe(hashes.size);
  });

  it('parses a text it does not hold, with the same errors as ever', () => {
    const file = join(tmp, 'site.yaml');
    writeFileSync(file, 'field: http.title\ndescription: x\nsignatures:\n  - id: a\n  - id: b\n');
    const src = readYamlSource(file, 'site.yaml');
    expect(src.items('signatures')).toEqual([
      { value: { id: 'a' }, line: 4 },
      { value: { id: 'b' }, line: 5 },
    ]);
    expect(src.items('absent')).toEqual([]);
    expect(() => src.items('description')).toThrow('site.yaml:1: "description" must be a list');
    writeFileSync(file, 'a: 1\nb: [\n');
    expect(() => readYamlSource(file, 'bad.yaml')).toThrow(/^bad\.yaml:\d+: YAML: /);
    writeFileSync(file, '- 1\n');
    expect(() => readYamlSource(file, 'list.yaml')).toThrow('list.yaml:1: top level must be a mapping');
  });
});
