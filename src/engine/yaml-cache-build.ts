/**
 * @module engine/yaml-cache-build
 * Build step (`npm run build`, after tsc): parses the shipped YAML data files (fingerprints/,
 * src/policy/packs/) into dist/yaml-cache.json, keyed by the SHA-256 of each file's text, so a
 * scan does not parse them again (src/engine/yaml-source.ts). A file that does not parse, or
 * whose parsed form does not survive JSON unchanged, is left out and parsed at run time as
 * before. Usage: node dist/engine/yaml-cache-build.js
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { dataPath } from '../util/paths.js';
import { type ParsedYaml, parseYaml, textHash, YAML_CACHE_PATH } from './yaml-source.js';

function* yamlFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* yamlFiles(path);
    else if (entry.name.endsWith('.yaml')) yield path;
  }
}

/** The cache for the files under `dirs`: hash -> parsed form; and the files left out. */
export function buildYamlCache(dirs: readonly string[]): {
  entries: Record<string, ParsedYaml>;
  skipped: string[];
} {
  const entries: Record<string, ParsedYaml> = {};
  const skipped: string[] = [];
  for (const dir of dirs) {
    for (const file of yamlFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      try {
        const parsed = parseYaml(text, file);
        if (isDeepStrictEqual(JSON.parse(JSON.stringify(parsed)), parsed)) entries[textHash(text)] = parsed;
        else skipped.push(file);
      } catch {
        skipped.push(file);
      }
    }
  }
  return { entries, skipped };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const { entries, skipped } = buildYamlCache([dataPath('fingerprints'), dataPath('src', 'policy', 'packs')]);
  writeFileSync(YAML_CACHE_PATH(), JSON.stringify(entries));
  const root = dataPath();
  process.stdout.write(
    `yaml cache: ${Object.keys(entries).length} files in ${relative(root, YAML_CACHE_PATH())}` +
      (skipped.length ? `; parsed at run time: ${skipped.map((f) => relative(root, f)).join(', ')}` : '') +
      '\n',
  );
}
