/**
 * @module util/paths
 * Locates data shipped with the package (fingerprints/, schemas/, src/policy/packs/,
 * src/lab/profiles/) the same way from src/ under vitest and from dist/ after a build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'oemscan') {
      cached = dir;
      return dir;
    }
    dir = dirname(dir);
  }
  throw new Error('cannot locate the oemscan package root');
}

export const dataPath = (...parts: string[]) => join(packageRoot(), ...parts);

export function packageVersion(): string {
  return (JSON.parse(readFileSync(dataPath('package.json'), 'utf8')) as { version: string }).version;
}
