/**
 * @module cli/commands/signatures
 * `oemscan signatures verify`: load and self-check the library; print failures as
 * `file:line: id: reason` and the coverage table. Exits 1 when anything fails.
 */
import type { Command } from 'commander';
import { loadSignatureLibrary } from '../../engine/load.js';
import { coverageTable, formatFailure, verifyLibrary } from '../../engine/verify.js';
import { collect } from '../options.js';

export function addSignaturesCommand(program: Command, setCode: (code: number) => void) {
  const sigs = program.command('signatures').description('work with the fingerprint library');
  sigs
    .command('verify')
    .description('check every signature against its examples and the negatives; print coverage')
    .option('--signatures <dir>', 'also check a site signature folder (repeatable)', collect)
    .action((flags: { signatures?: string[] }) => {
      const lib = loadSignatureLibrary(undefined, flags.signatures ?? []);
      const failures = verifyLibrary(lib);
      for (const f of failures) process.stderr.write(`${formatFailure(f)}\n`);
      process.stdout.write(coverageTable(lib));
      process.stdout.write(
        failures.length ? `FAIL: ${failures.length} problems\n` : 'OK: every example verified\n',
      );
      if (failures.length) setCode(1);
    });
}
