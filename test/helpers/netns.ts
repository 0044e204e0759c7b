/**
 * Network-namespace plumbing for the tests that need real routing: every namespace is one
 * the test creates, and `removeNetns` deletes it again whatever state the test left.
 */
import { execFileSync } from 'node:child_process';
import type { Report } from '../../src/report/types.js';
import { CLI } from './cli.js';

export const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

/** Root, as CI is; outside CI a non-root run skips these tests, inside CI it fails loudly. */
export const canNetns = process.getuid?.() === 0;

export function removeNetns(...names: string[]) {
  for (const ns of names) {
    try {
      ip('netns', 'del', ns);
    } catch {
      // never created
    }
  }
}

/** Runs `oemscan scan ... --format json --no-progress` inside namespace `ns` and parses the report. */
export function scanInNetns(ns: string, args: string[], timeoutMs = 60000): Report {
  const out = execFileSync(
    'ip',
    ['netns', 'exec', ns, process.execPath, CLI, 'scan', ...args, '--format', 'json', '--no-progress'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    },
  );
  return JSON.parse(out.toString()) as Report;
}
