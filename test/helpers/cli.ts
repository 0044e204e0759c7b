/**
 * Runs the built CLI (dist/, produced by `npm test`'s pretest build) as a user would.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

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
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>(
    (resolve, reject) => {
      const started = Date.now();
      const sandbox = isolated && process.getuid?.() === 0;
      const [cmd, argv] = sandbox
        ? ['unshare', ['-n', process.execPath, CLI, ...args]]
        : [process.execPath, [CLI, ...args]];
      const child = spawn(cmd, argv, {
        env: { ...process.env, NO_COLOR: '1', ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => {
        stdout += c;
      });
      child.stderr.on('data', (c) => {
        stderr += c;
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      });
    },
  );
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
