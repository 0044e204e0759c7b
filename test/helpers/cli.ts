/**
 * Runs the built CLI (dist/, produced by `npm test`'s pretest build) as a user would.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to close. */
  ms: number;
}

/**
 * Runs `cmd args` to its end (killed after `timeoutMs`), collecting stdout and stderr;
 * `onStderr` sees stderr as it arrives. With `input`, that is written to stdin, which is then
 * closed; without, stdin stays open.
 */
export function runProcess(
  cmd: string,
  args: readonly string[],
  opts: {
    env?: Record<string, string | undefined>;
    input?: string;
    onStderr?: (soFar: string) => void;
    timeoutMs?: number;
  } = {},
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
      opts.onStderr?.(stderr);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
  });
}

/**
 * With `isolated`, the CLI runs in a fresh network namespace with no interfaces up (root only,
 * as in CI), so a test that feeds it a public or private target can never reach the network,
 * even if the refusal it checks were broken.
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60000,
  isolated = false,
): Promise<ProcessRun> {
  const sandbox = isolated && process.getuid?.() === 0;
  const [cmd, argv] = sandbox
    ? ['unshare', ['-n', process.execPath, CLI, ...args]]
    : [process.execPath, [CLI, ...args]];
  return runProcess(cmd, argv, { env: { ...process.env, NO_COLOR: '1', ...env }, timeoutMs });
}

/** `oemscan scan <prefix>.0/24 --port-offset N --format FORMAT --no-progress [...extra]`: the lab scans every test repeats. */
export function scanLab(prefix: string, offset: number, extra: string[] = [], format = 'json') {
  return runCli([
    'scan',
    `${prefix}.0/24`,
    '--port-offset',
    String(offset),
    '--format',
    format,
    '--no-progress',
    ...extra,
  ]);
}
