/**
 * `oemscan serve` is a shell around the shared scan code, not around the CLI: no module under
 * src/serve (nor src/scan or src/store, which a hub reuses) imports anything from src/cli.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|js|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier of static imports/exports and dynamic imports. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const re of [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]/g,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
  ])
    for (const m of text.matchAll(re)) out.push(m[1] as string);
  return out;
}

describe('module boundaries', () => {
  it('finds the imports it looks for', () => {
    expect(
      specifiers(
        "import { a } from '../cli/options.js';\nexport * from \"./x.js\";\nawait import('../cli/y.js');",
      ),
    ).toEqual(['../cli/options.js', './x.js', '../cli/y.js']);
    expect(specifiers("import type {\n  A,\n  B,\n} from '../../cli/commands/scan.js';")).toEqual([
      '../../cli/commands/scan.js',
    ]);
  });

  it.each(['src/serve', 'src/scan', 'src/store'])('nothing under %s imports from src/cli', (sub) => {
    const cli = join(ROOT, 'src', 'cli');
    const found = files(join(ROOT, sub));
    expect(found.length).toBeGreaterThan(0);
    const offenders = found.flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((s) => s.startsWith('.'))
        .filter((s) => !relative(cli, resolve(dirname(file), s)).startsWith('..'))
        .map((s) => `${relative(ROOT, file)}: ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});
