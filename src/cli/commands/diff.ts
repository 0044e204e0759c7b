/**
 * @module cli/commands/diff
 * `oemscan diff OLD.json NEW.json`: what changed between two saved scans.
 */
import type { Command } from 'commander';
import { diffReports } from '../../diff/compare.js';
import { renderDiff } from '../../diff/render.js';
import { parseFormats } from '../../report/render.js';
import { terminalWidth } from '../../util/term.js';
import { diffWarnings } from '../diff-warnings.js';
import { checkWritable, writeOutput } from '../output.js';
import { readReport } from '../report-file.js';
import { EXIT } from './scan.js';

export function addDiffCommand(program: Command, setCode: (code: number) => void) {
  program
    .command('diff')
    .description('compare two saved JSON reports: added, removed, changed, swapped, newly flagged')
    .argument('<old>', 'earlier report (JSON)')
    .argument('<new>', 'later report (JSON)')
    .option('-f, --format <format>', 'table | json | jsonl | csv | html', 'table')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--fail-on-new-flagged', 'exit 3 when a device is newly flagged')
    .action(
      (
        oldPath: string,
        newPath: string,
        flags: { format: string; output?: string; failOnNewFlagged?: boolean },
      ) => {
        const [format = 'table'] = parseFormats(flags.format);
        if (flags.output) checkWritable(flags.output);
        const before = readReport(oldPath);
        const after = readReport(newPath);
        for (const w of diffWarnings(before, after)) process.stderr.write(`oemscan: warning: ${w}\n`);
        const diff = diffReports(before, after);
        writeOutput(flags.output, renderDiff(diff, format, flags.output ? undefined : terminalWidth()));
        if (flags.failOnNewFlagged && diff.summary.newlyFlagged > 0) setCode(EXIT.flagged);
      },
    );
}
