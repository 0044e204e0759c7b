/**
 * @module report/validate
 * Validates a report object against schemas/report.v1.json (used by tests, and by any
 * command that reads a report back in).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { dataPath } from '../util/paths.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

let validator: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

export function validateReport(report: unknown): { valid: boolean; errors: string[] } {
  if (!validator) {
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
