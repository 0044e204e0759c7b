/**
 * @module cli/report-file
 * Reads a saved `oemscan.report/v1` JSON file for `diff` and `--baseline`, with clear errors
 * for a missing, unreadable or non-conforming file.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors/index.js';
import type { Report } from '../report/types.js';
import { validateReport } from '../report/validate.js';

export function readReport(path: string): Report {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read report ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON (save scans with --format json)`);
  }
  const { valid, errors } = validateReport(data);
  if (!valid)
    throw new UsageError(`${path} is not an oemscan.report/v1 file: ${errors.slice(0, 3).join('; ')}`);
  return data as Report;
}
