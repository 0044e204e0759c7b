/**
 * @module cli/output
 * Where results go: stdout, `--output FILE` or `--output-dir DIR`. Destinations are checked
 * before the scan starts (a missing --output-dir is created), so an unwritable path fails in a
 * second, not after a long scan. Every file is written to a temporary file next to it and
 * renamed, so a reader never sees half a report. If the write still fails after the scan (the
 * folder was removed, the disk filled), the report is saved in the system temporary folder,
 * its path printed on stderr, and `outputFailures()` tells main to exit with EXIT.notWritten:
 * a finished scan is never lost.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors/index.js';

const reason = (err: unknown) =>
  (err as NodeJS.ErrnoException | undefined)?.code ?? (err instanceof Error ? err.message : String(err));

/** Creates and removes a file in `dir`: the only check that also holds for root and read-only mounts. */
function probeDir(dir: string): string | undefined {
  const probe = join(dir, `.oemscan-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
    unlinkSync(probe);
    return undefined;
  } catch (err) {
    return reason(err);
  }
}

/** `--output FILE`: its folder must exist and take a new file; FILE must not be a folder. */
export function checkWritable(file: string) {
  const path = resolve(file);
  const dir = dirname(path);
  if (!existsSync(dir))
    throw new UsageError(`cannot write --output ${file}: directory ${dir} does not exist`);
  if (!statSync(dir).isDirectory())
    throw new UsageError(`cannot write --output ${file}: ${dir} is not a directory`);
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(`cannot write --output ${file}: it is a directory`);
  const failed = probeDir(dir);
  if (failed === 'EACCES' || failed === 'EPERM' || failed === 'EROFS')
    throw new UsageError(`cannot write --output ${file}: permission denied (${failed})`);
  if (failed) throw new UsageError(`cannot write --output ${file}: ${failed}`);
}

/** `--output-dir DIR`: created (with its parents) when missing, then checked by writing a file into it. */
export function prepareOutputDir(dir: string) {
  const path = resolve(dir);
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    const code = reason(err);
    if (code === 'EEXIST')
      throw new UsageError(`--output-dir ${dir} is not a directory (a file is in the way)`);
    if (code === 'ENOTDIR')
      throw new UsageError(`cannot create --output-dir ${dir}: part of its path is a file, not a directory`);
    throw new UsageError(`cannot create --output-dir ${dir}: ${code}`);
  }
  if (!statSync(path).isDirectory()) throw new UsageError(`--output-dir ${dir} is not a directory`);
  const failed = probeDir(path);
  if (failed === 'EACCES' || failed === 'EPERM' || failed === 'EROFS')
    throw new UsageError(`cannot write into --output-dir ${dir}: permission denied (${failed})`);
  if (failed) throw new UsageError(`cannot write into --output-dir ${dir}: ${failed}`);
}

/** The earlier name of prepareOutputDir, kept for its callers. */
export const checkWritableDir = prepareOutputDir;

/** Text reports, or bytes (a PDF). */
export type OutputData = string | Uint8Array;

const tempName = (path: string) =>
  join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** Temporary file in the destination's folder, flushed, then renamed over the destination. */
export function writeFileAtomic(dest: string, text: OutputData) {
  const path = resolve(dest);
  const tmp = tempName(path);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o640);
    writeFileSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeQuietly(fd);
    unlinkQuietly(tmp);
    throw err;
  }
}

function closeQuietly(fd: number) {
  try {
    closeSync(fd);
  } catch {}
}
function unlinkQuietly(path: string) {
  try {
    unlinkSync(path);
  } catch {}
}

export interface OutputFailure {
  /** Where the user asked for it. */
  dest: string;
  /** Where it is now; undefined if it went to stdout as a last resort. */
  savedAt: string | undefined;
  reason: string;
}

const failures: OutputFailure[] = [];
let rescueDir: string | undefined;

/** Outputs that could not be written where asked (main turns any into EXIT.notWritten). */
export function outputFailures(): readonly OutputFailure[] {
  return failures;
}

/** For tests. */
export function resetOutputFailures() {
  failures.length = 0;
}

function rescuePath(dest: string): string {
  rescueDir ??= mkdtempSync(join(tmpdir(), 'oemscan-unsaved-'));
  return join(rescueDir, basename(dest) || 'report');
}

function announce(f: OutputFailure, warn: (line: string) => void) {
  warn(
    f.savedAt
      ? `oemscan: cannot write ${f.dest} (${f.reason}); the output was saved to ${f.savedAt} instead\n`
      : `oemscan: cannot write ${f.dest} (${f.reason}), nor a temporary file; the output follows on stdout\n`,
  );
}

/** Saves `text` in the temporary folder (or, failing that, on stdout) and records the failure. */
function rescue(dest: string, content: OutputData, err: unknown, warn: (line: string) => void) {
  const f: OutputFailure = { dest, savedAt: undefined, reason: reason(err) };
  try {
    const at = rescuePath(dest);
    writeFileSync(at, content, { mode: 0o600 });
    f.savedAt = at;
  } catch {
    process.stdout.write(content);
  }
  failures.push(f);
  announce(f, warn);
}

export interface WriteDeps {
  write?: (dest: string, text: OutputData) => void;
  warn?: (line: string) => void;
}

const stderrWarn = (line: string) => {
  process.stderr.write(line);
};

/**
 * Writes `text` to `file` atomically, or to stdout when no file is given. Returns false when
 * the file could not be written and the text was saved elsewhere (see outputFailures()).
 */
export function writeOutput(file: string | undefined, text: OutputData, deps: WriteDeps = {}): boolean {
  if (!file) {
    process.stdout.write(text);
    return true;
  }
  try {
    (deps.write ?? writeFileAtomic)(file, text);
    return true;
  } catch (err) {
    rescue(file, text, err, deps.warn ?? stderrWarn);
    return false;
  }
}

export interface OutputStream {
  write: (text: string) => void;
  /** Renames the finished file into place (or rescues it); false when it is not where asked. */
  close: () => boolean;
}

/**
 * Incremental output (JSON Lines): straight to stdout, or to a temporary file next to `file`
 * renamed when complete. If the temporary file cannot be created or written, or the rename
 * fails, what was written so far is copied to the rescue file and the rest goes there.
 */
export function openStream(file: string | undefined, deps: Pick<WriteDeps, 'warn'> = {}): OutputStream {
  if (!file) return { write: (text) => process.stdout.write(text), close: () => true };
  const warn = deps.warn ?? stderrWarn;
  const path = resolve(file);
  const tmp = tempName(path);
  let fd: number | undefined;
  let written = 0;
  let rescueFd: number | undefined;
  let rescued: OutputFailure | undefined;

  /** Bytes already in the temporary file (it may be unlinked but is still open). */
  const soFar = (): Buffer => {
    const buf = Buffer.alloc(written);
    if (fd === undefined) return buf.subarray(0, 0);
    let pos = 0;
    while (pos < written) {
      const n = readSync(fd, buf, pos, written - pos, pos);
      if (n <= 0) break;
      pos += n;
    }
    return buf.subarray(0, pos);
  };

  const switchToRescue = (err: unknown) => {
    rescued = { dest: file, savedAt: undefined, reason: reason(err) };
    const prefix = soFar();
    if (fd !== undefined) closeQuietly(fd);
    fd = undefined;
    unlinkQuietly(tmp);
    try {
      const at = rescuePath(file);
      rescueFd = openSync(at, 'w', 0o600);
      writeFileSync(rescueFd, prefix);
      rescued.savedAt = at;
    } catch {
      rescueFd = undefined;
      process.stdout.write(prefix);
    }
  };

  try {
    fd = openSync(tmp, 'wx+', 0o640);
  } catch (err) {
    switchToRescue(err);
  }

  return {
    write(text) {
      if (rescued) {
        if (rescueFd !== undefined) writeFileSync(rescueFd, text);
        else process.stdout.write(text);
        return;
      }
      try {
        writeFileSync(fd as number, text);
        written += Buffer.byteLength(text);
      } catch (err) {
        switchToRescue(err);
        this.write(text);
      }
    },
    close() {
      if (!rescued) {
        try {
          fsyncSync(fd as number);
          renameSync(tmp, path);
          closeQuietly(fd as number);
          return true;
        } catch (err) {
          switchToRescue(err);
        }
      }
      if (rescueFd !== undefined) closeQuietly(rescueFd);
      const f = rescued as OutputFailure;
      failures.push(f);
      announce(f, warn);
      return false;
    },
  };
}
