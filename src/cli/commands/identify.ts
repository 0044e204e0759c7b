/**
 * @module cli/commands/identify
 * `oemscan identify FILE`: re-fingerprint an earlier JSON report or an nmap XML file.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { loadSignatureLibrary } from '../../engine/load.js';
import { UsageError } from '../../errors/index.js';
import { hostsFromText, identify } from '../../identify/index.js';
import { defaultPolicySpecs } from '../../policy/defaults.js';
import { resolvePolicies } from '../../policy/load.js';
import { parseFormats, render } from '../../report/render.js';
import { useColour } from '../../report/table.js';
import { terminalWidth } from '../../util/term.js';
import { collect } from '../options.js';
import { checkWritable, writeOutput } from '../output.js';
import { EXIT } from './scan.js';

/** nmap XML of a large site can be big, but not unbounded. */
const MAX_INPUT = 512 * 1024 * 1024;

export function addIdentifyCommand(program: Command, setCode: (code: number) => void) {
  program
    .command('identify')
    .description(
      're-fingerprint an earlier oemscan JSON report or an nmap XML file (-oX, with -sV and http/ssl scripts)',
    )
    .argument('<file>', 'report.json or nmap.xml')
    .option(
      '-f, --format <format>',
      'table | json | jsonl | csv | html (default: table on a terminal, json otherwise)',
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option(
      '--policy <preset|id|file>',
      'policies to apply: uk, us, all, a pack id or file (repeatable)',
      collect,
    )
    .option('--config <file>', 'config file whose `policies` key sets the default (default $OEMSCAN_CONFIG)')
    .option('--signatures <dir>', 'add your own signature files (repeatable)', collect)
    .option('--fail-on-flagged', 'exit 3 when a device is flagged')
    .action(
      (
        file: string,
        flags: {
          format?: string;
          output?: string;
          policy?: string[];
          config?: string;
          signatures?: string[];
          failOnFlagged?: boolean;
        },
      ) => {
        const [format = 'json'] = flags.format
          ? parseFormats(flags.format)
          : [process.stdout.isTTY && !flags.output ? 'table' : 'json'];
        if (flags.output) checkWritable(flags.output);
        let text: string;
        try {
          if (statSync(file).size > MAX_INPUT)
            throw new UsageError(`${file} is larger than ${MAX_INPUT} bytes`);
          text = readFileSync(file, 'utf8');
        } catch (err) {
          if (err instanceof UsageError) throw err;
          throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
        }
        let hosts: ReturnType<typeof hostsFromText>['hosts'];
        try {
          const read = hostsFromText(text);
          hosts = read.hosts;
          for (const w of read.warnings) process.stderr.write(`oemscan: warning: ${file}: ${w}\n`);
        } catch (err) {
          throw new UsageError(`${file}: ${(err as Error).message}`);
        }
        const lib = loadSignatureLibrary(undefined, flags.signatures ?? []);
        const report = identify(
          file,
          hosts,
          lib,
          resolvePolicies(flags.policy ?? defaultPolicySpecs(flags.config), lib.vocabulary),
        );
        writeOutput(
          flags.output,
          render(
            report,
            format,
            !flags.output && format === 'table' && useColour(process.stdout),
            flags.output ? undefined : terminalWidth(),
          ),
        );
        if (flags.failOnFlagged && report.summary.flagged > 0) setCode(EXIT.flagged);
      },
    );
}
