/**
 * Vitest global setup: every temporary file a test (or a CLI it starts) makes goes under one
 * fresh directory, removed when the run ends, so a run leaves nothing in the machine's /tmp.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  const root = mkdtempSync(join(tmpdir(), 'oemscan-test-'));
  // As /tmp itself: the throwaway PostgreSQL cluster runs as the postgres user (test/helpers/postgres.ts).
  chmodSync(root, 0o1777);
  // Workers and child processes are started after this and inherit the variable; os.tmpdir() reads it.
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
