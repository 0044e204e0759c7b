/**
 * @module credentials/load
 * `--credentials FILE` (JSON or YAML): a list of `{targets, username, password |
 * passwordEnv | passwordFile}` entries, first match wins. Validated with errors that name the
 * entry; passwords are read once, wrapped in {@link Secret}, and never echoed.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors/index.js';
import type { Credentials } from '../probes/types.js';
import { parseIPv4 } from '../targets/ipv4.js';
import { parseToken } from '../targets/parse.js';
import { Secret } from './secret.js';

/** Which credentials to use for an address; undefined means "none: scan unauthenticated". */
export type CredentialResolver = (ip: string) => Credentials | undefined;

interface Entry {
  /** Inclusive numeric address range, or null for `*`. */
  range: { first: number; last: number } | null;
  credentials: Credentials;
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Called with a human-readable warning (file readable by other users). */
  warn?: (message: string) => void;
}

const ENTRY_KEYS = new Set(['targets', 'username', 'password', 'passwordEnv', 'passwordFile']);
const MAX_FILE_BYTES = 1024 * 1024;

export function loadCredentialsFile(path: string, opts: LoadOptions = {}): CredentialResolver {
  const text = readText(path, '--credentials', opts.warn);
  let doc: unknown;
  try {
    doc = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    // The parser's message may quote the offending line, which can hold a password.
    throw new UsageError(`${path}: not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'} (${lineOf(err)})`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { credentials?: unknown } | null)?.credentials;
  if (!Array.isArray(list) || list.length === 0)
    throw new UsageError(`${path}: expected a non-empty list of entries (or {credentials: [...]})`);
  const entries = list.map((raw, i) => parseEntry(raw, `${path}: entry ${i + 1}`, dirname(path), opts));
  return resolverOf(entries);
}

/** The `--username` + `OEMSCAN_PASSWORD` form: one implicit `*` entry. */
export function singleCredential(username: string, password: string): CredentialResolver {
  checkUsername(username, '--username');
  return resolverOf([{ range: null, credentials: { username, password: new Secret(password) } }]);
}

function resolverOf(entries: readonly Entry[]): CredentialResolver {
  return (ip) => {
    const addr = parseIPv4(ip);
    if (addr === undefined) return undefined;
    return entries.find((e) => !e.range || (addr >= e.range.first && addr <= e.range.last))?.credentials;
  };
}

function parseEntry(raw: unknown, where: string, base: string, opts: LoadOptions): Entry {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new UsageError(`${where}: expected an object`);
  const e = raw as Record<string, unknown>;
  const unknown = Object.keys(e).filter((k) => !ENTRY_KEYS.has(k));
  if (unknown.length > 0)
    throw new UsageError(`${where}: unknown key ${unknown.map((k) => `"${k}"`).join(', ')}`);
  const targets = e.targets;
  if (typeof targets !== 'string' || !targets.trim())
    throw new UsageError(`${where}: "targets" must be a CIDR, address, range or "*"`);
  const username = e.username;
  if (typeof username !== 'string' || !username) throw new UsageError(`${where}: "username" is required`);
  checkUsername(username, `${where}: "username"`);
  const sources = (['password', 'passwordEnv', 'passwordFile'] as const).filter((k) => e[k] !== undefined);
  if (sources.length !== 1)
    throw new UsageError(`${where}: give exactly one of "password", "passwordEnv", "passwordFile"`);
  return {
    range: parseRange(targets.trim(), where),
    credentials: { username, password: new Secret(readPassword(e, sources[0] as string, where, base, opts)) },
  };
}

/** The name goes verbatim into Digest and UsernameToken headers. */
function checkUsername(username: string, what: string) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/["\\\u0000-\u001f\u007f]/.test(username))
    throw new UsageError(`${what} may not contain quotes, backslashes or control characters`);
}

function parseRange(targets: string, where: string): Entry['range'] {
  if (targets === '*') return null;
  const spec = parseToken(targets);
  if (!spec.ok) throw new UsageError(`${where}: targets "${targets}": ${spec.reason}`);
  if (spec.value.kind === 'host' || spec.value.kind === 'file')
    throw new UsageError(`${where}: targets must be a CIDR, address, range or "*", not a hostname or file`);
  return spec.value.block;
}

function readPassword(
  e: Record<string, unknown>,
  key: string,
  where: string,
  base: string,
  opts: LoadOptions,
) {
  const value = e[key];
  if (typeof value !== 'string') throw new UsageError(`${where}: "${key}" must be a string`);
  if (key === 'password') return value;
  if (key === 'passwordEnv') {
    const v = (opts.env ?? process.env)[value];
    if (v === undefined) throw new UsageError(`${where}: environment variable ${value} is not set`);
    return v;
  }
  // One trailing newline is what `echo pw > file` leaves; it is not part of the password.
  return readText(resolve(base, value), `${where}: passwordFile`, opts.warn).replace(/\r?\n$/, '');
}

function readText(path: string, what: string, warn: LoadOptions['warn']): string {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    throw new UsageError(`${what}: cannot read ${path}`);
  }
  if (!st.isFile()) throw new UsageError(`${what}: ${path} is not a file`);
  if (st.size > MAX_FILE_BYTES) throw new UsageError(`${what}: ${path} is larger than 1 MiB`);
  if ((st.mode & 0o044) !== 0)
    warn?.(`${path} is readable by other users (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`);
  return readFileSync(path, 'utf8');
}

function lineOf(err: unknown): string {
  const e = err as { linePos?: { line: number }[] };
  const line = e?.linePos?.[0]?.line;
  return line ? `near line ${line}` : 'syntax error';
}
