/**
 * A reader that closes the pipe early (`oemscan ... | head`) ends the command quietly: exit 0,
 * no EPIPE stack trace on stderr.
 */
import { expect, it } from 'vitest';
import { CLI, runProcess } from '../helpers/cli.js';

it('stops quietly when the reader of its output goes away', async () => {
  const r = await runProcess('bash', [
    '-c',
    // `true` exits at once, so the CLI writes into a pipe nobody reads any more.
    `set -o pipefail; "${process.execPath}" "${CLI}" signatures verify | true`,
  ]);
  expect(r.stderr).not.toMatch(/EPIPE|Error/);
  expect(r.code).toBe(0);
});
