/**
 * Commander's messages in oemscan's one-line style, and nmap's `-iL` spelling.
 */
import { describe, expect, it } from 'vitest';
import { diffWarnings } from '../../src/cli/diff-warnings.js';
import { normaliseArgv } from '../../src/cli/stdin.js';
import { commanderLine } from '../../src/cli/usage.js';

describe('commander errors', () => {
  it('become one line prefixed oemscan:', () => {
    expect(commanderLine("error: unknown option '--ouptut'\n(Did you mean --output?)\n")).toBe(
      "oemscan: unknown option '--ouptut' (did you mean --output?)\n",
    );
    expect(commanderLine("error: missing required argument 'new'\n")).toBe(
      "oemscan: missing required argument 'new'\n",
    );
  });
});

describe('-iL', () => {
  it('is rewritten to --input-list, but not after --', () => {
    expect(normaliseArgv(['node', 'main', 'scan', '-iL', '-', '-p', '80'])).toEqual([
      'node',
      'main',
      'scan',
      '--input-list',
      '-',
      '-p',
      '80',
    ]);
    expect(normaliseArgv(['scan', '-iL=hosts.txt'])).toEqual(['scan', '--input-list=hosts.txt']);
    expect(normaliseArgv(['scan', '--', '-iL'])).toEqual(['scan', '--', '-iL']);
  });
});

const scan = (targets: string[], startedAt: string) => ({
  scan: { id: 'x', startedAt, finishedAt: startedAt, targets, policies: [] },
});

describe('diff warnings', () => {
  it('say nothing for the same targets in time order, however they were written', () => {
    expect(
      diffWarnings(
        scan(['10.0.0.0/24'], '2026-01-01T00:00:00Z'),
        scan(['10.0.0.0/24'], '2026-02-01T00:00:00Z'),
      ),
    ).toEqual([]);
    expect(
      diffWarnings(
        scan(['10.0.0.1-254'], '2026-01-01T00:00:00Z'),
        scan(['10.0.0.0/24'], '2026-02-01T00:00:00Z'),
      ),
    ).toEqual([]);
    expect(
      diffWarnings(
        scan(['cam.example', '10.0.0.1'], '2026-01-01T00:00:00Z'),
        scan(['10.0.0.1', 'cam.example'], '2026-02-01T00:00:00Z'),
      ),
    ).toEqual([]);
  });

  it('warn when the targets differ, naming what is only on each side', () => {
    const w = diffWarnings(
      scan(['10.0.0.0/24'], '2026-01-01T00:00:00Z'),
      scan(['10.0.1.0/24'], '2026-02-01T00:00:00Z'),
    );
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(
      /different targets.*only in the old one: 10\.0\.0\.0\/24.*only in the new one: 10\.0\.1\.0\/24/,
    );
  });

  it('warn when the old scan is newer than the new one', () => {
    const w = diffWarnings(
      scan(['10.0.0.0/24'], '2026-03-01T00:00:00Z'),
      scan(['10.0.0.0/24'], '2026-02-01T00:00:00Z'),
    );
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/old scan \(2026-03-01T00:00:00Z\) is newer than the new one/);
  });
});
