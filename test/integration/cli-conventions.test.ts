/**
 * The CLI conventions of issue 13 as a user meets them, through the built dist/cli/main.js:
 * --version, one-line errors for unknown options, targets on standard input (@- and -iL -),
 * `policies --format json`, diff warnings, --output-dir created, a report rescued when its
 * folder disappears during the scan (exit 4), colour switches, JSON logs in a pipe and
 * readable ones on a terminal, and a table that fits a terminal's width (through `script`,
 * a real pty). Loopback only, in 127.0.55.0/24.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Report } from '../../src/report/types.js';
import { CLI, runProcess } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'oemscan-conv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the CLI with `input` on stdin; `onStderr` sees stderr as it arrives. */
function run(
  args: string[],
  opts: { input?: string; env?: Record<string, string>; onStderr?: (soFar: string) => void } = {},
) {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR']) if (!opts.env || !(k in opts.env)) delete env[k];
  return runProcess(process.execPath, [CLI, ...args], {
    env,
    input: opts.input ?? '',
    ...(opts.onStderr ? { onStderr: opts.onStderr } : {}),
  });
}

/** A scan of 127.0.55.1 port 1 (nothing listens) in `format`, then `extra`. */
const quickScan = (format: string, ...extra: string[]) => [
  'scan',
  '127.0.55.1',
  '-p',
  '1',
  '--no-progress',
  '--format',
  format,
  ...extra,
];

const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal codes
const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]|\r/g, '');

describe('conventions', { timeout: 60000 }, () => {
  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it.each([
    [['scan', '--bogus', '127.0.55.1'], /^oemscan: unknown option '--bogus'\n$/],
    [
      ['scan', '127.0.55.1', '--ouptut', 'x.json'],
      /^oemscan: unknown option '--ouptut' \(did you mean --output\?\)\n$/,
    ],
    [['scna'], /^oemscan: unknown command 'scna' \(did you mean scan\?\)\n$/],
    [['diff', 'a.json'], /^oemscan: missing required argument 'new'\n$/],
    [['policies', '--format', 'yaml'], /^oemscan: unknown format "yaml" for policies/],
  ])('%j is one line in oemscan style, exit 2', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it.each([['@-'], ['-iL', '-'], ['--input-list', '-']])(
    'reads targets from standard input with %j',
    async (...how) => {
      const r = await run(['scan', ...how, '-p', '1', '--no-progress', '--format', 'json'], {
        input: '127.0.55.1\n# comment\n127.0.55.2-3\n',
      });
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.summary.addresses).toBe(3);
    },
  );

  it('policies --format json lists the same packs as the text listing', async () => {
    const [j, t] = await Promise.all([run(['policies', '--format', 'json']), run(['policies'])]);
    expect(j.code).toBe(0);
    const { policies, presets } = JSON.parse(j.stdout) as {
      policies: { id: string; url: string; vendors: string[] }[];
      presets: { name: string; packs: string[] }[];
    };
    expect(presets.map((p) => p.name)).toEqual(expect.arrayContaining(['uk', 'us', 'all']));
    for (const p of presets) expect(t.stdout).toContain(`  ${p.name}`);
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) {
      expect(t.stdout).toContain(`${p.id} (v`);
      expect(p.url).toMatch(/^https:\/\//);
    }
  });

  it('colour: FORCE_COLOR in a pipe turns it on, --no-color and NO_COLOR turn it off', async () => {
    const args = quickScan('table');
    const [forced, off, after, none, plainPipe] = await Promise.all([
      run(args, { env: { FORCE_COLOR: '1' } }),
      run(['--no-color', ...args], { env: { FORCE_COLOR: '1' } }),
      run([...args, '--no-color'], { env: { FORCE_COLOR: '1' } }),
      run(args, { env: { NO_COLOR: '1' } }),
      run(args),
    ]);
    expect(forced.stdout).toContain('\u001b[');
    for (const r of [off, after, none, plainPipe]) {
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('\u001b[');
    }
  });

  it('logs are JSON lines on stderr in a pipe, readable with --log-format pretty; results stay on stdout', async () => {
    const args = quickScan('json', '--log-level', 'info');
    const json = await run(args);
    const lines = json.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('msg');
    expect(JSON.parse(json.stdout).schema).toBe('oemscan.report/v1');
    const pretty = await run(['--log-format', 'pretty', ...args]);
    expect(pretty.stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO +scan starting/m);
  });
});

describe('diff warnings', { timeout: 60000 }, () => {
  const a = join(tmp, 'a.json');
  const b = join(tmp, 'b.json');
  beforeAll(async () => {
    for (const [target, out] of [
      ['127.0.55.1', a],
      ['127.0.55.2', b],
    ] as const) {
      const r = await run(['scan', target, '-p', '1', '--no-progress', '--format', 'json', '-o', out]);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('warn on stderr when the targets differ and the old report is the newer one', async () => {
    const r = await run(['diff', b, a, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).schema).toBe('oemscan.diff/v1');
    expect(r.stderr).toMatch(/^oemscan: warning: the two scans covered different targets/m);
    expect(r.stderr).toMatch(/^oemscan: warning: the old scan .* is newer than the new one/m);
  });

  it('are silent for the same targets in order', async () => {
    const r = await run(['diff', a, a]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('output files', { timeout: 60000 }, () => {
  let hang: Server;
  const sockets = new Set<Socket>();
  const HANG = '127.0.55.250';
  beforeAll(async () => {
    // Accepts and never answers: the probes wait for their timeout, so the scan takes seconds.
    hang = createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
    });
    await new Promise<void>((resolve) => hang.listen(20080, HANG, resolve));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => hang?.close(resolve));
  });

  const slowScan = ['scan', HANG, '-p', '80', '--port-offset', '20000', '--timeout', '1500', '--no-progress'];

  it('--output-dir is created with its parents; only the reports end up in it', async () => {
    const dir = join(tmp, 'new', 'handover');
    const r = await run(quickScan('json,csv', '--output-dir', dir));
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['report.csv', 'report.json']);
  });

  it('an --output-dir that is a file fails before the scan, in one line, exit 2', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const r = await run([...slowScan, '--output-dir', file, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^oemscan: --output-dir .* is not a directory.*\n$/);
  });

  async function replacedDuringScan(extra: string[], dir: string) {
    let replaced = false;
    const r = await run([...slowScan, '--log-level', 'info', ...extra], {
      onStderr: (soFar) => {
        if (replaced || !soFar.includes('scan starting')) return;
        replaced = true;
        // A moment later (the scan waits 1.5 s for the silent port), once any temporary file is open.
        setTimeout(() => {
          rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
          writeFileSync(dir, 'a file where the folder was');
        }, 300);
      },
    });
    expect(replaced).toBe(true);
    return r;
  }

  it('a folder replaced during the scan: reports saved to a temporary folder, path on stderr, exit 4', async () => {
    const dir = join(tmp, 'vanishing');
    const r = await replacedDuringScan(['--output-dir', dir, '--format', 'json,html'], dir);
    expect(r.code, r.stderr).toBe(4);
    const saved = [...r.stderr.matchAll(/saved to (\S+) instead/g)].map((m) => m[1] ?? '');
    expect(saved).toHaveLength(2);
    const json = saved.find((p) => p.endsWith('report.json')) ?? '';
    const html = saved.find((p) => p.endsWith('report.html')) ?? '';
    expect(JSON.parse(readFileSync(json, 'utf8')).summary.addresses).toBe(1);
    expect(readFileSync(html, 'utf8')).toMatch(/<html/i);
    for (const p of saved) rmSync(p, { force: true });
  });

  it('a JSON Lines stream whose folder is replaced keeps every record, exit 4', async () => {
    const dir = join(tmp, 'vanishing-stream');
    const setup = await run(quickScan('json', '--output-dir', dir));
    expect(setup.code).toBe(0);
    const r = await replacedDuringScan(['--output', join(dir, 'scan.jsonl'), '--format', 'jsonl'], dir);
    expect(r.code, r.stderr).toBe(4);
    const saved = /saved to (\S+) instead/.exec(r.stderr)?.[1] ?? '';
    expect(existsSync(saved)).toBe(true);
    const records = readFileSync(saved, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).record);
    expect(records[0]).toBe('scan');
    expect(records.at(-1)).toBe('summary');
    rmSync(saved, { force: true });
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

/** `script` gives the command a pty (stdout and stderr both arrive on script's stdout). */
const inPty = (cmd: string) => runProcess('script', ['-qec', cmd, '/dev/null'], { input: '' });

describe.skipIf(!hasScript)('on a terminal (a pty through script)', { timeout: 60000 }, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ prefix: '127.0.55', portOffset: 21000, profiles: loadProfiles().slice(0, 6) });
  });
  afterAll(async () => lab?.stop());

  const scanArgs = ['scan', '127.0.55.0/24', '--port-offset', '21000', '--no-progress'];

  it('the table fits 70 columns without wrapping; in a pipe it is not cut', async () => {
    const cmd = `stty cols 70; NO_COLOR=1 ${process.execPath} ${CLI} ${scanArgs.join(' ')} --log-level warn`;
    const r = await inPty(cmd);
    expect(r.code, r.stderr).toBe(0);
    const lines = plain(r.stdout).split('\n');
    const table = lines.filter((l) => /^(IP|127\.0\.55\.)/.test(l));
    expect(table.length).toBeGreaterThan(lab.devices.length);
    for (const l of table) expect(l.length, l).toBeLessThanOrEqual(70);
    for (const d of lab.devices) expect(table.some((l) => l.startsWith(`${d.ip} `))).toBe(true);

    const piped = await run([...scanArgs, '--format', 'table']);
    expect(piped.code).toBe(0);
    expect(Math.max(...piped.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(70);
  });

  it('logs are readable lines on a terminal', async () => {
    const cmd = `${process.execPath} ${CLI} ${scanArgs.join(' ')} --format json --log-level info -o ${join(tmp, 'pty.json')}`;
    const r = await inPty(cmd);
    expect(r.code, r.stderr).toBe(0);
    expect(plain(r.stdout)).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO +scan starting/m);
    expect(plain(r.stdout)).not.toMatch(/"level":30/);
  });
});
