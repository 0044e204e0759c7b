/**
 * @module cli/commands/scan
 * `oemscan scan <target...>`: resolve targets, run the pipeline, render, choose the exit code.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { loadSignatureLibrary } from '../../engine/load.js';
import { UsageError } from '../../errors/index.js';
import { loadPolicyPacks, selectPolicies } from '../../policy/load.js';
import type { Credentials } from '../../probes/types.js';
import { type Format, parseFormat, render } from '../../report/render.js';
import { useColour } from '../../report/table.js';
import type { Report } from '../../report/types.js';
import { runScan } from '../../scan/run.js';
import { resolveTargets } from '../../targets/index.js';
import { checkOffset, collect, DEFAULTS, intOption, parsePorts } from '../options.js';
import { checkWritable, writeOutput } from '../output.js';
import { progressReporter } from '../progress.js';

export const EXIT = { ok: 0, internal: 1, usage: 2, flagged: 3 } as const;

export interface ScanFlags {
  exclude?: string[];
  allowLarge?: boolean;
  allowPublic?: boolean;
  ports: number[];
  portOffset: number;
  timeout: number;
  hostTimeout: number;
  concurrency: number;
  format?: string;
  output?: string;
  policy?: string[];
  failOnFlagged?: boolean;
  username?: string;
  progress?: boolean;
}

export function addScanOptions(cmd: Command): Command {
  return cmd
    .option('--exclude <target>', 'leave out these addresses (same syntax as targets; repeatable)', collect)
    .option('--allow-large', 'allow scanning more than a /16')
    .option('--allow-public', 'allow public (non-private, non-loopback) addresses')
    .option('-p, --ports <list>', 'TCP ports to check, e.g. 80,443,554,8000-8010', parsePorts, DEFAULTS.ports)
    .option(
      '--port-offset <n>',
      'look for every standard port at port+N (the unprivileged lab)',
      intOption('--port-offset', 0, 60000),
      0,
    )
    .option('--timeout <ms>', 'per-request timeout', intOption('--timeout', 50, 120000), DEFAULTS.timeoutMs)
    .option(
      '--host-timeout <ms>',
      'overall budget per host',
      intOption('--host-timeout', 100, 600000),
      DEFAULTS.hostBudgetMs,
    )
    .option(
      '-c, --concurrency <n>',
      'hosts scanned at once',
      intOption('--concurrency', 1, 1024),
      DEFAULTS.concurrency,
    )
    .option('-f, --format <format>', 'table | json (default: table on a terminal, json otherwise)')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--policy <id>', 'policy pack to apply (repeatable; default: all built-in)', collect)
    .option('--fail-on-flagged', 'exit 3 when any device is flagged')
    .option('--username <name>', 'ONVIF user for authenticated calls; password from OEMSCAN_PASSWORD')
    .option('--no-progress', 'no progress line on stderr');
}

export async function executeScan(
  tokens: string[],
  flags: ScanFlags,
  log: Logger,
): Promise<{ report: Report; code: number }> {
  const format: Format = flags.format
    ? parseFormat(flags.format)
    : process.stdout.isTTY && !flags.output
      ? 'table'
      : 'json';
  checkOffset(flags.portOffset, flags.ports);
  if (flags.output) checkWritable(flags.output);
  const credentials = readCredentials(flags.username);
  const targets = await resolveTargets(tokens, {
    exclude: flags.exclude ?? [],
    allowLarge: Boolean(flags.allowLarge),
    allowPublic: Boolean(flags.allowPublic),
  });
  const library = loadSignatureLibrary();
  const policies = selectPolicies(loadPolicyPacks(library.vocabulary), flags.policy);
  log.info(
    { targets: targets.specs, addresses: targets.count, signatures: library.signatures.length },
    'scan starting',
  );
  const progress = flags.progress === false ? { update: () => {}, done: () => {} } : progressReporter();
  const report = await runScan({
    targets,
    library,
    policies,
    ports: flags.ports,
    portOffset: flags.portOffset,
    limits: { timeoutMs: flags.timeout, maxBytes: DEFAULTS.maxBytes },
    hostBudgetMs: flags.hostTimeout,
    concurrency: flags.concurrency,
    log,
    ...(credentials ? { credentials } : {}),
    onProgress: progress.update,
  });
  progress.done();
  log.info({ devices: report.summary.devices, flagged: report.summary.flagged }, 'scan finished');
  writeOutput(
    flags.output,
    render(report, format, !flags.output && format === 'table' && useColour(process.stdout)),
  );
  return { report, code: flags.failOnFlagged && report.summary.flagged > 0 ? EXIT.flagged : EXIT.ok };
}

/** The password comes only from the environment: a command line is visible to every local user. */
function readCredentials(username: string | undefined): Credentials | undefined {
  if (!username) return undefined;
  const password = process.env.OEMSCAN_PASSWORD;
  if (password === undefined)
    throw new UsageError('--username needs the password in the OEMSCAN_PASSWORD environment variable');
  return { username, password };
}
