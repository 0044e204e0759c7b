/**
 * @module report/validate
 * Validates a report object against schemas/report.v1.json (used by tests, and by any
 * command that reads a report back in).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject } from 'ajv';
import { dataPath } from '../util/paths.js';

let validator: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

export function validateReport(report: unknown): { valid: boolean; errors: string[] } {
  if (!validator) {
    // Loaded on first use (both are CommonJS): a scan that never reads a report back in does
    // not pay for the validator's code.
    const require = createRequire(import.meta.url);
    const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
    const addFormats = require('ajv-formats') as (ajv: AjvClass) => AjvClass;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(dataPath('schemas', 'report.v1.json'), 'utf8')));
  }
  const valid = validator(report);
  return {
    valid,
    errors: (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`),
  };
}
