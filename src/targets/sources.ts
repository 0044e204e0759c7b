/**
 * @module targets/sources
 * Turns what the user typed into parsed tokens, each remembering where it came from:
 * splits comma/whitespace lists, reads @file lists (comments, blank lines) one level deep.
 */
import { UsageError } from '../errors/index.js';
import { type AddressSpec, type HostSpec, parseToken } from './parse.js';

/** "target" or "--exclude": used in every message about the token. */
export type Role = 'target' | '--exclude';

export interface SourceToken {
  text: string;
  role: Role;
  /** Set for tokens read from an @file. */
  file?: string;
  line?: number;
  spec: AddressSpec | HostSpec;
}

/** The token, with its file and line when it came from a list: `10.0.0.0/8 (hosts.txt line 3)`. */
export function located(text: string, from: Pick<SourceToken, 'file' | 'line'>): string {
  if (from.file === undefined) return text;
  return `${text} (${from.file === '-' ? 'standard input' : from.file} line ${from.line})`;
}

const SEPARATORS = /[\s,]+/;

export async function collectTokens(
  raw: readonly string[],
  role: Role,
  readFile: (path: string) => Promise<string>,
): Promise<SourceToken[]> {
  const out: SourceToken[] = [];
  for (const arg of raw) {
    for (const text of arg.split(SEPARATORS)) {
      if (text === '') continue;
      const spec = parsed(text, role, {});
      if (spec.kind === 'file') out.push(...(await readList(spec.path, role, readFile)));
      else out.push({ text, role, spec });
    }
  }
  return out;
}

async function readList(
  path: string,
  role: Role,
  readFile: (path: string) => Promise<string>,
): Promise<SourceToken[]> {
  let content: string;
  try {
    content = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') throw new UsageError(`${role} list @${path}: file not found`);
    if (code === 'EISDIR') throw new UsageError(`${role} list @${path}: is a directory, not a file`);
    throw new UsageError(`${role} list @${path}: cannot read it (${(err as Error)?.message ?? String(err)})`);
  }
  const out: SourceToken[] = [];
  content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((lineText, i) => {
      const from = { file: path, line: i + 1 };
      for (const text of lineText.replace(/#.*/, '').split(SEPARATORS)) {
        if (text === '') continue;
        const spec = parsed(text, role, from);
        // One level only: keeps lists easy to audit and rules out include cycles.
        if (spec.kind === 'file') {
          throw new UsageError(`${located(text, from)}: nested @file lists are not supported`);
        }
        out.push({ text, role, ...from, spec });
      }
    });
  return out;
}

function parsed(text: string, role: Role, from: Pick<SourceToken, 'file' | 'line'>) {
  const r = parseToken(text);
  if (!r.ok) throw new UsageError(`invalid ${role} ${located(`"${text}"`, from)}: ${r.reason}`);
  return r.value;
}
