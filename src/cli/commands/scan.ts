/**
 * @module cli/commands/scan
 * `oemscan scan <target...>`: resolve targets, run the pipeline, render, choose the exit code.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { diffReports } from '../../diff/compare.js';
import { renderDiff } from '../../diff/render.js';
import { UsageError } from '../../errors/index.js';
import { engagementFrom } from '../../report/engagement.js';
import { jsonlDevice, jsonlScan, jsonlSummary } from '../../report/jsonl.js';
import { findChromium } from '../../report/pdf.js';
import {
  EXTENSIONS,
  parseFormats,
  REPORT_FORMATS,
  type ReportFormat,
  renderReport,
  renderReportFor,
} from '../../report/render.js';
import { type Device, REPORT_SCHEMA, type Report } from '../../report/types.js';
import { scanEndFields } from '../../scan/log-fields.js';
import { prepareScan, type ScanRequest } from '../../scan/prepare.js';
import { runScan } from '../../scan/run.js';
import { packageVersion } from '../../util/paths.js';
import { terminalWidth } from '../../util/term.js';
import { diffWarnings } from '../diff-warnings.js';
import { collect, DEFAULTS, intOption, parsePorts } from '../options.js';
import { checkWritable, checkWritableDir, openStream, writeOutput } from '../output.js';
import { progressReporter } from '../progress.js';
import { readReport } from '../report-file.js';
import { targetListReader } from '../stdin.js';

/** notWritten: the scan finished, but an output was saved to a temporary file instead of where asked. */
export const EXIT = { ok: 0, internal: 1, usage: 2, flagged: 3, notWritten: 4 } as const;

export interface ScanFlags {
  exclude?: string[];
  allowLarge?: boolean;
  allowPublic?: boolean;
  ports: number[];
  portOffset: number;
  timeout: number;
  hostTimeout: number;
  concurrency: number;
  rate: number;
  maxHostRate: number;
  format?: string;
  output?: string;
  outputDir?: string;
  baseline?: string;
  failOnNewFlagged?: boolean;
  policy?: string[];
  config?: string;
  signatures?: string[];
  failOnFlagged?: boolean;
  username?: string;
  credentials?: string;
  progress?: boolean;
  interface?: string[];
  discoverOnly?: boolean;
  discovery?: boolean;
  discoveryWindow?: number;
  site?: string;
  client?: string;
  assessor?: string;
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
    .option(
      '--rate <n>',
      'new connections per second, scan-wide (0 = unlimited)',
      intOption('--rate', 0, 1000000),
      DEFAULTS.rate,
    )
    .option(
      '--max-host-rate <n>',
      'new connections per second to one host (0 = unlimited)',
      intOption('--max-host-rate', 0, 100000),
      DEFAULTS.maxHostRate,
    )
    .option(
      '-f, --format <list>',
      'table | json | jsonl | csv | html | pdf, or several: json,html,pdf (default: table on a terminal, json otherwise)',
    )
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option(
      '--output-dir <dir>',
      'write one file per format (report.json, report.html, ...) into this folder',
    )
    .option('--baseline <report.json>', 'compare with an earlier scan and report what changed')
    .option('--fail-on-new-flagged', 'exit 3 when a device is newly flagged compared with --baseline')
    .option(
      '--policy <preset|id|file>',
      'policies to apply: a preset (uk, us, all), a built-in pack id or your own pack file (repeatable; default: the config file, else all)',
      collect,
    )
    .option('--config <file>', 'config file whose `policies` key sets the default (default $OEMSCAN_CONFIG)')
    .option(
      '--signatures <dir>',
      'add your own signature files (repeatable; validated like the built-in ones)',
      collect,
    )
    .option('--fail-on-flagged', 'exit 3 when any device is flagged')
    .option('--site <name>', 'site assessed, for the report cover and sign-off (HTML/PDF)')
    .option('--client <name>', 'client the report is for (cover and sign-off)')
    .option('--assessor <name>', 'who carried out the assessment (cover and sign-off)')
    .option(
      '--credentials <file>',
      'per-site credentials (JSON or YAML: targets, username, password|passwordEnv|passwordFile) for read-only authenticated device info',
    )
    .option(
      '--username <name>',
      'one user for every target (as --credentials with "*"); password from OEMSCAN_PASSWORD',
    )
    .option('--no-progress', 'no progress line on stderr')
    .option(
      '--interface <name>',
      'run link discovery on this interface (repeatable); with no targets, scan its subnet',
      collect,
    )
    .option('--discover-only', 'multicast/broadcast discovery only: no unicast probes')
    .option('--no-discovery', 'no multicast/broadcast discovery, even on a directly attached subnet')
    .option(
      '--discovery-window <ms>',
      'how long discovery listens for answers',
      intOption('--discovery-window', 100, 60000),
      DEFAULTS.discoveryWindowMs,
    );
}

export async function executeScan(
  tokens: string[],
  flags: ScanFlags,
  log: Logger,
): Promise<{ report: Report; code: number }> {
  const formats = chooseFormats(flags);
  const engagement = engagementFrom(flags);
  if (flags.output) checkWritable(flags.output);
  if (flags.outputDir) checkWritableDir(flags.outputDir);
  if (flags.failOnNewFlagged && !flags.baseline)
    throw new UsageError('--fail-on-new-flagged needs --baseline');
  const baseline = flags.baseline ? readReport(flags.baseline) : undefined;
  const prepared = await prepareScan(scanRequest(tokens, flags), log);
  const { targets, library, policies } = prepared;
  log.info(
    { targets: targets.specs, addresses: targets.count, signatures: library.signatures.length },
    'scan starting',
  );
  const progress = flags.progress === false ? { update: () => {}, done: () => {} } : progressReporter();
  // JSON Lines streams each device as soon as it is decided, so memory does not grow with the scan.
  const streaming = !flags.outputDir && formats.length === 1 && formats[0] === 'jsonl';
  const id = randomUUID();
  const stream = streaming ? openStream(flags.output) : undefined;
  stream?.write(
    jsonlScan({
      schema: REPORT_SCHEMA,
      tool: { name: 'oemscan', version: packageVersion() },
      scan: {
        id,
        startedAt: new Date().toISOString(),
        finishedAt: '',
        targets: targets.specs,
        policies: policies.map((p) => p.id),
        ...(engagement ? { engagement } : {}),
      },
    }),
  );
  const report = await runScan({
    ...prepared,
    id,
    ...(stream ? { onDevice: (d: Device) => stream.write(jsonlDevice(d)) } : {}),
    log,
    ...(engagement ? { engagement } : {}),
    onProgress: progress.update,
  });
  progress.done();
  log.info(scanEndFields(report, Date.parse(report.scan.startedAt)), 'scan finished');
  const diff = baseline ? diffReports(baseline, report) : undefined;
  if (baseline)
    for (const w of diffWarnings(baseline, report, { before: 'baseline', after: 'current' }))
      process.stderr.write(`oemscan: warning: ${w}\n`);
  if (stream) {
    stream.write(jsonlSummary(report.summary, report.scan.finishedAt));
    stream.close();
    if (diff) process.stderr.write(renderDiff(diff, 'table', terminalWidth(process.stderr)));
  } else if (flags.outputDir) {
    for (const f of formats) {
      writeOutput(
        join(flags.outputDir, `report.${EXTENSIONS[f]}`),
        await renderReport(report, f, false, undefined, { policies }),
      );
      if (diff && f !== 'pdf')
        writeOutput(join(flags.outputDir, `diff.${EXTENSIONS[f]}`), renderDiff(diff, f));
    }
  } else {
    const [format = 'json'] = formats;
    writeOutput(flags.output, await renderReportFor(flags.output, report, format, { policies }));
    // The report owns stdout; the change list goes to stderr so both stay parseable.
    if (diff) process.stderr.write(renderDiff(diff, 'table', terminalWidth(process.stderr)));
  }
  const newlyFlagged = flags.failOnNewFlagged && (diff?.summary.newlyFlagged ?? 0) > 0;
  const flagged = flags.failOnFlagged && report.summary.flagged > 0;
  return { report, code: newlyFlagged || flagged ? EXIT.flagged : EXIT.ok };
}

function chooseFormats(flags: ScanFlags): ReportFormat[] {
  if (!flags.format) return [process.stdout.isTTY && !flags.output && !flags.outputDir ? 'table' : 'json'];
  const formats = parseFormats(flags.format, REPORT_FORMATS);
  if (formats.length > 1 && !flags.outputDir) throw new UsageError('several formats need --output-dir DIR');
  if (flags.output && flags.outputDir) throw new UsageError('use either --output or --output-dir, not both');
  if (formats.includes('pdf')) checkPdf(flags.output ?? flags.outputDir);
  return formats;
}

/** Before the scan: a PDF needs Chromium, and a file or a pipe (never a terminal) to go to. */
export function checkPdf(destination: string | undefined) {
  if (!destination && process.stdout.isTTY)
    throw new UsageError('--format pdf writes a binary file: add --output FILE (or redirect stdout)');
  findChromium();
}

/** The flags as the shared preparation step's request (src/scan/prepare.ts). */
export function scanRequest(tokens: readonly string[], flags: ScanFlags): ScanRequest {
  return {
    targets: tokens,
    exclude: flags.exclude ?? [],
    allowLarge: Boolean(flags.allowLarge),
    allowPublic: Boolean(flags.allowPublic),
    readTargetFile: targetListReader(),
    interfaces: flags.interface ?? [],
    discovery: flags.discovery !== false,
    discoverOnly: Boolean(flags.discoverOnly),
    discoveryWindowMs: flags.discoveryWindow ?? DEFAULTS.discoveryWindowMs,
    ...(flags.credentials ? { credentialsFile: flags.credentials } : {}),
    ...(flags.username ? { username: flags.username, password: process.env.OEMSCAN_PASSWORD } : {}),
    signatures: flags.signatures ?? [],
    ...(flags.policy ? { policies: flags.policy } : {}),
    ...(flags.config ? { configFile: flags.config } : {}),
    ports: flags.ports,
    portOffset: flags.portOffset,
    timeoutMs: flags.timeout,
    hostBudgetMs: flags.hostTimeout,
    concurrency: flags.concurrency,
    rate: flags.rate,
    maxHostRate: flags.maxHostRate,
  };
}
