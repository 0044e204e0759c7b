/**
 * @module util/log
 * pino on stderr (stdout carries results). Child loggers are bound to `{probe}`; any key
 * that could hold a secret is redacted at the logger so no call site can leak one.
 */
import { type Logger, pino } from 'pino';

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

export function createLogger(level = 'warn'): Logger {
  return pino(
    { level, base: { name: 'oemscan' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything, for library use and tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
