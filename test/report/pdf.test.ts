/**
 * `--format pdf` finds the machine's Chromium (OEMSCAN_CHROMIUM, then PATH, then the common
 * install paths) and, when there is none, stops before the scan with one line that says what
 * to do. Printing itself is covered by test/integration/handover-browser.test.ts.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors/index.js';
import { findChromium } from '../../src/report/pdf.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'oemscan-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, mode: number) {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\nexit 1\n');
  chmodSync(path, mode);
  return path;
}

const catchMessage = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('findChromium', () => {
  it('uses OEMSCAN_CHROMIUM when set, and only it', () => {
    const exe = file('my-chrome', 0o755);
    expect(findChromium({ OEMSCAN_CHROMIUM: exe, PATH: '' }, [])).toBe(exe);
    const notExe = file('not-executable', 0o644);
    expect(
      catchMessage(() => findChromium({ OEMSCAN_CHROMIUM: notExe, PATH: '' }, ['/usr/bin/chromium'])),
    ).toBe(`OEMSCAN_CHROMIUM=${notExe} is not an executable file; --format pdf needs Chromium`);
    expect(catchMessage(() => findChromium({ OEMSCAN_CHROMIUM: join(dir, 'missing') }, []))).toMatch(
      /is not an executable file/,
    );
  });

  it('looks on PATH before the common install paths', () => {
    const bin = mkdtempSync(join(dir, 'bin-'));
    writeFileSync(join(bin, 'chromium'), '#!/bin/sh\n');
    chmodSync(join(bin, 'chromium'), 0o755);
    const common = file('common-chromium', 0o755);
    expect(findChromium({ PATH: `/nonexistent:${bin}` }, [common])).toBe(join(bin, 'chromium'));
    expect(findChromium({ PATH: '/nonexistent' }, [join(dir, 'missing'), common])).toBe(common);
  });

  it('says in one line what to do when there is no Chromium', () => {
    const msg = catchMessage(() => findChromium({ PATH: join(dir, 'empty') }, []));
    expect(msg).toMatch(/^--format pdf needs Chromium and none was found/);
    expect(msg).toContain('apt-get install chromium');
    expect(msg).toContain('OEMSCAN_CHROMIUM');
    expect(msg).not.toContain('\n');
  });

  it('makes scan and identify exit 2 before any work when the Chromium named does not exist', async () => {
    const env = { OEMSCAN_CHROMIUM: join(dir, 'no-such-chromium') };
    const out = join(dir, 'report.pdf');
    // 127.0.53.250 has nothing listening; the check comes first, so nothing is scanned at all.
    const scan = await runCli(['scan', '127.0.53.250', '--format', 'pdf', '-o', out, '--no-progress'], env);
    expect(scan.code).toBe(2);
    expect(scan.stderr.trim()).toBe(
      `oemscan: OEMSCAN_CHROMIUM=${env.OEMSCAN_CHROMIUM} is not an executable file; --format pdf needs Chromium`,
    );
    expect(scan.ms).toBeLessThan(5000);
    const report = join(dir, 'in.json');
    writeFileSync(report, '{}');
    const identify = await runCli(['identify', report, '--format', 'pdf', '-o', out], env);
    expect(identify.code).toBe(2);
    expect(identify.stderr).toContain('--format pdf needs Chromium');
  });
});
