/**
 * Output files: --output-dir created, destinations checked before the scan, every file written
 * through a temporary file in the same folder, and a write that fails after the scan saved to a
 * temporary file instead (its path announced), never lost. Root ignores permissions, so the
 * failures here are real ones root cannot bypass: a file where a folder should be, a folder
 * removed or replaced after the check, and an injected writer.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  checkWritable,
  openStream,
  outputFailures,
  prepareOutputDir,
  resetOutputFailures,
  writeFileAtomic,
  writeOutput,
} from '../../src/cli/output.js';
import { UsageError } from '../../src/errors/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'oemscan-output-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeEach(() => resetOutputFailures());

let n = 0;
const fresh = () => {
  const d = join(tmp, `case-${n++}`);
  mkdirSync(d);
  return d;
};

describe('before the scan', () => {
  it('creates a missing --output-dir with its parents and leaves nothing in it', () => {
    const dir = join(fresh(), 'handover', 'site-a');
    prepareOutputDir(dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an --output-dir that is a file, or under a file, with a usage error', () => {
    const base = fresh();
    writeFileSync(join(base, 'f'), 'x');
    expect(() => prepareOutputDir(join(base, 'f'))).toThrow(UsageError);
    expect(() => prepareOutputDir(join(base, 'f'))).toThrow(/not a directory/);
    expect(() => prepareOutputDir(join(base, 'f', 'sub'))).toThrow(/part of its path is a file/);
  });

  it('refuses an --output whose folder is missing or is a file, or which is a folder', () => {
    const base = fresh();
    writeFileSync(join(base, 'f'), 'x');
    expect(() => checkWritable(join(base, 'missing', 'r.json'))).toThrow(/does not exist/);
    expect(() => checkWritable(join(base, 'f', 'r.json'))).toThrow(/not a directory/);
    expect(() => checkWritable(base)).toThrow(/is a directory/);
    expect(() => checkWritable(join(base, 'ok.json'))).not.toThrow();
    expect(readdirSync(base)).toEqual(['f']);
  });
});

describe('atomic writes', () => {
  it('replaces the destination and leaves no temporary file', () => {
    const dir = fresh();
    const dest = join(dir, 'report.json');
    writeFileSync(dest, 'old');
    writeFileAtomic(dest, 'new');
    expect(readFileSync(dest, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('leaves the old file whole and no temporary file when the rename fails', () => {
    const dir = fresh();
    // The destination is a non-empty folder: rename(2) over it fails.
    mkdirSync(join(dir, 'report.json'));
    writeFileSync(join(dir, 'report.json', 'keep'), 'x');
    expect(() => writeFileAtomic(join(dir, 'report.json'), 'new')).toThrow();
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});

describe('after the scan', () => {
  it('saves the report to a temporary file and says where, when the writer fails', () => {
    const warnings: string[] = [];
    const ok = writeOutput(join(fresh(), 'report.json'), '{"done":true}\n', {
      write: () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
      warn: (l) => warnings.push(l),
    });
    expect(ok).toBe(false);
    const [f] = outputFailures();
    expect(f?.reason).toBe('ENOSPC');
    expect(f?.savedAt?.startsWith(tmpdir())).toBe(true);
    expect(readFileSync(f?.savedAt ?? '', 'utf8')).toBe('{"done":true}\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(f?.savedAt);
    expect(warnings[0]).toMatch(/^oemscan: cannot write .*report\.json \(ENOSPC\)/);
    rmSync(f?.savedAt ?? '', { force: true });
  });

  it('rescues the report when the folder was removed after the check (the real writer)', () => {
    const dir = join(fresh(), 'out');
    prepareOutputDir(dir);
    rmSync(dir, { recursive: true });
    const warnings: string[] = [];
    expect(writeOutput(join(dir, 'report.html'), '<html>', { warn: (l) => warnings.push(l) })).toBe(false);
    const [f] = outputFailures();
    expect(f?.reason).toBe('ENOENT');
    expect(readFileSync(f?.savedAt ?? '', 'utf8')).toBe('<html>');
    expect(f?.savedAt?.endsWith('report.html')).toBe(true);
  });

  it('writes normally when nothing goes wrong, and records no failure', () => {
    const dir = fresh();
    expect(writeOutput(join(dir, 'r.csv'), 'a,b\r\n')).toBe(true);
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toBe('a,b\r\n');
    expect(outputFailures()).toHaveLength(0);
  });
});

describe('JSON Lines streaming', () => {
  it('renames the finished stream into place', () => {
    const dir = fresh();
    const s = openStream(join(dir, 'r.jsonl'));
    s.write('{"a":1}\n');
    s.write('{"b":2}\n');
    expect(readdirSync(dir)).toHaveLength(1);
    expect(readdirSync(dir)[0]).not.toBe('r.jsonl');
    expect(s.close()).toBe(true);
    expect(readdirSync(dir)).toEqual(['r.jsonl']);
    expect(readFileSync(join(dir, 'r.jsonl'), 'utf8')).toBe('{"a":1}\n{"b":2}\n');
  });

  it('keeps every line when the folder is replaced by a file mid-scan', () => {
    const dir = join(fresh(), 'out');
    prepareOutputDir(dir);
    const warnings: string[] = [];
    const s = openStream(join(dir, 'r.jsonl'), { warn: (l) => warnings.push(l) });
    s.write('{"a":1}\n');
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'in the way');
    s.write('{"b":2}\n');
    expect(s.close()).toBe(false);
    const [f] = outputFailures();
    expect(readFileSync(f?.savedAt ?? '', 'utf8')).toBe('{"a":1}\n{"b":2}\n');
    expect(warnings[0]).toContain(f?.savedAt);
  });

  it('keeps every line when the folder is gone before the stream opens', () => {
    const dir = join(fresh(), 'gone');
    const s = openStream(join(dir, 'r.jsonl'), { warn: () => {} });
    s.write('{"a":1}\n');
    expect(s.close()).toBe(false);
    expect(readFileSync(outputFailures()[0]?.savedAt ?? '', 'utf8')).toBe('{"a":1}\n');
  });
});
