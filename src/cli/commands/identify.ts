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
import { engagementFrom } from '../../report/engagement.js';
import { parseFormats, REPORT_FORMATS, renderReportFor } from '../../report/render.js';
import { collect } from '../options.js';
import { checkWritable, writeOutput } from '../output.js';
import { checkPdf, EXIT } from './scan.js';

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
      'table | json | jsonl | csv | html | pdf (default: table on a terminal, json otherwise)',
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
    .option('--site <name>', 'site assessed, for the report cover and sign-off (HTML/PDF)')
    .option('--client <name>', 'client the report is for (cover and sign-off)')
    .option('--assessor <name>', 'who carried out the assessment (cover and sign-off)')
    .action(
      async (
        file: string,
        flags: {
          format?: string;
          output?: string;
          policy?: string[];
          config?: string;
          signatures?: string[];
          failOnFlagged?: boolean;
          site?: string;
          client?: string;
          assessor?: string;
        },
      ) => {
        const [format = 'json'] = flags.format
          ? parseFormats(flags.format, REPORT_FORMATS)
          : [process.stdout.isTTY && !flags.output ? 'table' : 'json'];
        const engagement = engagementFrom(flags);
        if (flags.output) checkWritable(flags.output);
        if (format === 'pdf') checkPdf(flags.output);
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
        const policies = resolvePolicies(flags.policy ?? defaultPolicySpecs(flags.config), lib.vocabulary);
        const report = identify(file, hosts, lib, policies);
        if (engagement) report.scan.engagement = engagement;
        writeOutput(flags.output, await renderReportFor(flags.output, report, format, { policies }));
        if (flags.failOnFlagged && report.summary.flagged > 0) setCode(EXIT.flagged);
      },
    );
}
