/**
 * @module cli/output
 * Where results go: stdout or `--output FILE`. The file is checked before the scan starts,
 * so an unwritable path fails in a second, not after a long scan.
 */
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors/index.js';

export function checkWritable(file: string) {
  const path = resolve(file);
  const dir = dirname(path);
  if (!existsSync(dir))
    throw new UsageError(`cannot write --output ${file}: directory ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(`cannot write --output ${file}: it is a directory`);
  try {
    accessSync(existsSync(path) ? path : dir, constants.W_OK);
  } catch {
    throw new UsageError(`cannot write --output ${file}: permission denied`);
  }
}

export function checkWritableDir(dir: string) {
  const path = resolve(dir);
  if (!existsSync(path) || !statSync(path).isDirectory())
    throw new UsageError(`--output-dir ${dir} is not a directory`);
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw new UsageError(`cannot write into --output-dir ${dir}: permission denied`);
  }
}

/** Write via a temporary file and rename, so a reader never sees half a report. */
export function writeOutput(file: string | undefined, text: string | Uint8Array) {
  if (!file) {
    process.stdout.write(text);
    return;
  }
  const tmp = `${resolve(file)}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o640 });
  renameSync(tmp, resolve(file));
}

/** Incremental output (JSON Lines): straight to stdout, or to a temporary file renamed when complete. */
export function openStream(file: string | undefined): { write: (text: string) => void; close: () => void } {
  if (!file) return { write: (text) => process.stdout.write(text), close: () => {} };
  const tmp = `${resolve(file)}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o640);
  return {
    write: (text) => {
      writeSync(fd, text);
    },
    close: () => {
      closeSync(fd);
      renameSync(tmp, resolve(file));
    },
  };
}
