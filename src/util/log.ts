/**
 * @module util/log
 * pino on stderr (stdout carries results). Child loggers are bound to `{probe}`; any key
 * that could hold a secret is redacted at the logger so no call site can leak one.
 * On a terminal the lines are formatted for people (`12:00:01.123 WARN  [http] message key=value`);
 * otherwise (a pipe, a file, a log collector) they stay pino's JSON, one object per line.
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import { colourEnabled } from './term.js';

export const REDACT_PATHS = [
  'password',
  '*.password',
  'credentials',
  '*.credentials',
  'authorization',
  '*.authorization',
  'headers.Authorization',
  'headers.authorization',
];

export type LogFormat = 'auto' | 'pretty' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['auto', 'pretty', 'json'];

export interface LoggerOptions {
  /** `auto` (default): pretty when stderr is a terminal, JSON otherwise. */
  format?: LogFormat;
  /** Where lines go (default stderr); for tests. */
  stream?: { write(s: string): unknown; isTTY?: boolean };
}

export function createLogger(level = 'warn', options: LoggerOptions = {}): Logger {
  const opts = { level, base: { name: 'oemscan' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  const stream = options.stream;
  const format = options.format ?? 'auto';
  const pretty = format === 'pretty' || (format === 'auto' && Boolean((stream ?? process.stderr).isTTY));
  if (pretty) {
    const out = stream ?? process.stderr;
    return pino(opts, prettyDestination(out, colourEnabled(out)));
  }
  if (stream) return pino(opts, { write: (s: string) => stream.write(s) });
  return pino(opts, pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything, for library use and tests. */
export const silentLogger: Logger = pino({ level: 'silent' });

const LEVELS: Record<number, [string, string]> = {
  10: ['TRACE', '90'],
  20: ['DEBUG', '36'],
  30: ['INFO', '32'],
  40: ['WARN', '33'],
  50: ['ERROR', '31'],
  60: ['FATAL', '35'],
};
/** pino's own keys, shown in the fixed part of the line or not at all. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'probe']);
/** Longest value shown for one key; the JSON logs keep everything. */
const MAX_VALUE = 300;

/**
 * A pino destination that turns each JSON line into one readable line. Redaction has
 * already happened (pino redacts before serialising), so nothing secret reaches here.
 */
export function prettyDestination(
  out: { write(s: string): unknown; isTTY?: boolean },
  colour: boolean,
): DestinationStream {
  return {
    write(line: string) {
      const text = formatLogLine(line, colour);
      // Clear a progress line the scan may be redrawing on the same terminal.
      out.write(out.isTTY ? `\r\u001b[2K${text}\n` : `${text}\n`);
    },
  };
}

export function formatLogLine(line: string, colour = false): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.trimEnd();
  }
  const paint = (code: string, s: string) => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
  const time = typeof rec.time === 'number' ? new Date(rec.time).toISOString().slice(11, 23) : '';
  const [name, code] = LEVELS[Number(rec.level)] ?? [String(rec.level), '0'];
  const probe = typeof rec.probe === 'string' ? ` [${rec.probe}]` : '';
  const fields = Object.entries(rec)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => printable(`${k}=${showValue(k, v)}`));
  const msg = typeof rec.msg === 'string' ? printable(rec.msg) : '';
  return [`${paint('2', time)} ${paint(code, name.padEnd(5))}${printable(probe)} ${msg}`, ...fields].join(
    ' ',
  );
}

/** Control characters (a device's bytes can carry terminal escapes) shown as JSON escapes. */
function printable(s: string): string {
  let out = '';
  for (const c of s) {
    const n = c.charCodeAt(0);
    out += n < 0x20 || (n >= 0x7f && n <= 0x9f) ? `\\u${n.toString(16).padStart(4, '0')}` : c;
  }
  return out;
}

function showValue(key: string, v: unknown): string {
  if (key === 'err' && v && typeof v === 'object' && 'message' in v) return quote(String(v.message));
  if (typeof v === 'string') return quote(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

function quote(s: string): string {
  const cut = s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
  return /^[\x21-\x7e]+$/.test(cut) && !/["=]/.test(cut) ? cut : JSON.stringify(cut);
}
