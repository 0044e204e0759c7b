#!/usr/bin/env node
/**
 * @module cli/main
 * Entry point. Exit codes: 0 done; 1 internal error; 2 usage error (bad option, argument,
 * target or output path: one line `oemscan: ...`, no stack trace); 3 a device is flagged with
 * --fail-on-flagged / --fail-on-new-flagged; 4 the scan finished but an output could not be
 * written where asked (it was saved to a temporary file whose path is printed on stderr).
 * Anything unexpected exits 1 with a short message (the stack only at --log-level debug).
 */
import { Command, CommanderError } from 'commander';
import { OemscanError, UsageError } from '../errors/index.js';
import { createLogger, LOG_FORMATS, type LogFormat } from '../util/log.js';
import { packageVersion } from '../util/paths.js';
import { setColourFlag } from '../util/term.js';
import { addDiffCommand } from './commands/diff.js';
import { addIdentifyCommand } from './commands/identify.js';
import { defaultOffset, runDemo, serveLab } from './commands/lab.js';
import { addPoliciesCommand } from './commands/policies.js';
import { addScanOptions, EXIT, executeScan, type ScanFlags } from './commands/scan.js';
import { addHealthcheckCommand, addServeCommand } from './commands/serve.js';
import { addSignaturesCommand } from './commands/signatures.js';
import { intOption } from './options.js';
import { outputFailures } from './output.js';
import { normaliseArgv } from './stdin.js';
import { commanderLine } from './usage.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  let logLevel = 'warn';
  let logFormat: LogFormat = 'auto';
  const logger = () => createLogger(logLevel, { format: logFormat });
  const program = new Command('oemscan')
    .description(
      'Find IP cameras, NVRs and DVRs, identify who really built each one, and flag vendors of concern.',
    )
    .version(packageVersion())
    .option('--log-level <level>', `log level on stderr (${LOG_LEVELS.join(', ')})`, 'warn')
    .option(
      '--log-format <format>',
      'auto (readable lines on a terminal, JSON otherwise), pretty or json',
      'auto',
    )
    .option('--no-color', 'no colours (also NO_COLOR=1; FORCE_COLOR=1 forces them in a pipe)')
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 internal error, 2 usage error, 3 flagged (--fail-on-flagged, --fail-on-new-flagged),\n' +
        '4 finished but an output could not be written where asked (saved to the temporary file named on stderr).',
    )
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(commanderLine(s)),
    })
    .hook('preAction', (cmd) => {
      const opts = cmd.opts();
      logLevel = String(opts.logLevel);
      if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`unknown log level "${logLevel}"`);
      logFormat = String(opts.logFormat) as LogFormat;
      if (!LOG_FORMATS.includes(logFormat))
        throw new UsageError(`unknown log format "${logFormat}" (${LOG_FORMATS.join(', ')})`);
      if (opts.color === false) setColourFlag(false);
    });

  addScanOptions(
    program
      .command('scan')
      .description(
        'scan targets: addresses, CIDRs, ranges (10.0.0.5-40), hostnames, @file lists (@- = standard input); none = the attached subnets',
      )
      .argument('[target...]', 'what to scan (default: every directly attached IPv4 subnet, capped at /22)')
      .option(
        '--input-list <file>',
        "nmap's -iL: read targets from a file (one or more a line); - = standard input, like the target @-",
      ),
  ).action(async (targets: string[], flags: ScanFlags & { inputList?: string }) => {
    code = (await executeScan(withInputList(targets, flags.inputList), flags, logger())).code;
  });

  program
    .command('lab')
    .description('serve the simulated camera fleet on loopback until Ctrl-C')
    .option('--prefix <a.b.c>', 'loopback /24 to use', '127.0.10')
    .option(
      '--port-offset <n>',
      'add N to every port (default 20000 unless root)',
      intOption('--port-offset', 0, 60000),
      defaultOffset(),
    )
    .option(
      '--fleet <name>',
      'demo (the sourced profiles), bench (30 cameras, 24 other hosts) or credentialed (login-protected devices, an NVR with channel cameras)',
      'demo',
    )
    .option(
      '--manifest <file>',
      'write the served devices (ip, profile, expected verdict) as JSON once ready',
    )
    .option('--profile <id>', 'serve one device with this profile (the namespace LAN lab)')
    .option('--first <n>', 'last octet of the first device', intOption('--first', 1, 254))
    .option(
      '--discovery',
      'also answer WS-Discovery multicast, SSDP, SADP, DHIP and the XiongMai search (network namespaces only)',
    )
    .option(
      '--print-mac <n>',
      'print the MAC the LAN lab gives device N with --profile, and exit',
      intOption('--print-mac', 0, 255),
    )
    .action(async (flags) => serveLab(flags, logger()));

  addScanOptions(
    program
      .command('demo')
      .description('start the simulated fleet, scan it and print the result')
      .option('--prefix <a.b.c>', 'loopback /24 to use', '127.0.10'),
  ).action(async (flags) => {
    const portOffset = flags.portOffset || defaultOffset();
    code = await runDemo({ ...flags, portOffset }, logger());
  });

  const setCode = (c: number) => {
    code = c;
  };
  addDiffCommand(program, setCode);
  addSignaturesCommand(program, setCode);
  addIdentifyCommand(program, setCode);
  addPoliciesCommand(program);
  addServeCommand(program, () => logger());
  addHealthcheckCommand(program, setCode);

  await program.parseAsync(normaliseArgv(argv));
  // The work is done but an output is not where it was asked for (it was saved elsewhere).
  if (outputFailures().length > 0 && code !== EXIT.internal) code = EXIT.notWritten;
  return code;
}

/** `-iL FILE` is the target list `@FILE`. */
function withInputList(targets: string[], file: string | undefined): string[] {
  if (file === undefined) return targets;
  if (file === '' || /[\s,]/.test(file))
    throw new UsageError(`--input-list "${file}": the file name must not be empty or hold spaces or commas`);
  return [...targets, `@${file}`];
}

// A reader that stops early (`| head`) closes the pipe: the rest of the output has nowhere to
// go, which is the reader's choice, not a failure of the command.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? EXIT.ok);
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`oemscan: ${err.message}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`oemscan: internal error: ${msg}\n`);
    if (process.argv.includes('debug') && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = err instanceof OemscanError ? EXIT.usage : EXIT.internal;
  },
);
