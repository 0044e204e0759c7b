/**
 * @module cli/stdin
 * Targets from standard input: `@-` as a target (or exclusion) list and nmap's `-iL FILE` /
 * `-iL -`. Standard input is read once, bounded, and shared by every `@-`.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors/index.js';

/** A target list is text; past this it is a mistake (a binary piped in), not a site. */
export const MAX_STDIN = 16 * 1024 * 1024;

/** nmap spells its input-list option `-iL`, which commander cannot define: argv is rewritten first. */
export function normaliseArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    out.push(arg === '-iL' ? '--input-list' : arg.startsWith('-iL=') ? `--input-list=${arg.slice(4)}` : arg);
  }
  return out;
}

export async function readStream(
  stream: NodeJS.ReadableStream & { isTTY?: boolean },
  max = MAX_STDIN,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > max) throw new UsageError(`standard input is larger than ${max} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The `readFile` of target resolution: `-` is standard input (read once, whoever asks first;
 * later `@-` get the same text), anything else a UTF-8 file.
 */
export function targetListReader(
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  hint: (line: string) => void = (line) => process.stderr.write(line),
) {
  let cached: Promise<string> | undefined;
  return (path: string): Promise<string> => {
    if (path !== '-') return readFile(path, 'utf8');
    if (!cached) {
      if (stdin.isTTY) hint('oemscan: reading targets from standard input, one per line; end with Ctrl-D\n');
      cached = readStream(stdin);
    }
    return cached;
  };
}
