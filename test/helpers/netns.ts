/**
 * Network-namespace plumbing for the tests that need real routing: every namespace is one
 * the test creates, and `removeNetns` deletes it again whatever state the test left.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
/** The command line of `oemscan scan ... --format json --no-progress`. */
export const scanCommand = (args: string[]) => [
  process.execPath,
  CLI,
  'scan',
  ...args,
  '--format',
  'json',
  '--no-progress',
];

export function scanInNetns(ns: string, args: string[], timeoutMs = 60000): Report {
  const out = execFileSync('ip', ['netns', 'exec', ns, ...scanCommand(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
  });
  return JSON.parse(out.toString()) as Report;
}

const NETNS_LAB = fileURLToPath(new URL('../../scripts/netns-lab', import.meta.url));

export interface LabDeviceEntry {
  profile: string;
  namespace: string;
  pid: number;
  ips: string[];
  macs: string[];
}

export interface LanLabRun {
  /** Parsed report per scan, in the order given. */
  reports: Report[];
  devices: LabDeviceEntry[];
  /** PIDs of every process the lab script started. */
  pids: number[];
}

/**
 * Runs scripts/netns-lab with tag `tag` (the default device set, or `devices` as PROFILE@SEG
 * specs) and, in its scanner namespace, `oemscan scan` once per entry of `scans` (each an
 * argument list); returns the reports.
 */
export function runLanLab(
  tag: string,
  scans: string[][],
  timeoutMs = 120000,
  devices: readonly string[] = [],
): LanLabRun {
  const dir = mkdtempSync(join(tmpdir(), 'oemscan-lanlab-'));
  try {
    const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
    const script = scans
      .map((args, i) => `${scanCommand(args).map(quote).join(' ')} > ${quote(join(dir, `r${i}.json`))}`)
      .join(' && ');
    execFileSync(
      NETNS_LAB,
      [
        '--tag',
        tag,
        ...devices.flatMap((d) => ['--device', d]),
        '--manifest',
        join(dir, 'm.json'),
        '--pids',
        join(dir, 'pids'),
        '--',
        'sh',
        '-c',
        script,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs },
    );
    return {
      reports: scans.map((_, i) => JSON.parse(readFileSync(join(dir, `r${i}.json`), 'utf8')) as Report),
      devices: JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as LabDeviceEntry[],
      pids: existsSync(join(dir, 'pids'))
        ? readFileSync(join(dir, 'pids'), 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
        : [],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a lab left behind: its namespaces, links naming its tag, and its PIDs still alive. */
export function leftovers(tag: string, pids: readonly number[]) {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    namespaces: ip('netns', 'list')
      .toString()
      .split('\n')
      .filter((l) => l.startsWith(`osl${tag}`)),
    links: ip('-o', 'link')
      .toString()
      .split('\n')
      .filter((l) => l.includes(`osl${tag}`) || /\bd\d+p\d+\b|\blan\d\b/.test(l)),
    processes: pids.filter(alive),
  };
}
