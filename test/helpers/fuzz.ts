/**
 * What the property tests of the parsers share: run counts, the control characters no output may
 * keep, mutations of real samples, and the check that kept values are bounded strings.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

export const RUNS = { numRuns: 500 };
export const XML_RUNS = { numRuns: 300 };
// biome-ignore lint/suspicious/noControlCharactersInRegex: asserting control characters are gone
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** Every value a parser kept is a string within `max`, trimmed (and, with `clean`, free of control characters). */
export function expectBoundedStrings(values: readonly unknown[], max: number, clean = false) {
  for (const v of values) {
    if (v === undefined) continue;
    expect(typeof v).toBe('string');
    const text = String(v);
    expect(text.length).toBeLessThanOrEqual(max);
    expect(text).toBe(text.trim());
    if (clean) expect(text).not.toMatch(CONTROL);
  }
}

/** Spliced into samples: markup, entity and JSON delimiters, a DTD, a NUL. */
const JUNK = [
  '<',
  '>',
  '&',
  '"',
  '{',
  '}',
  '\r\n\r\n',
  '<!DOCTYPE x [<!ENTITY a "b">]>',
  '&a;',
  '&#0;',
  ']]>',
  '\u0000',
];

/** A real sample cut short, with a random string spliced in, or with a run of characters replaced. */
export function mutated(sample: string): fc.Arbitrary<string> {
  const pos = fc.nat({ max: sample.length });
  const junk = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...JUNK),
  );
  return fc.oneof(
    pos.map((n) => sample.slice(0, n)),
    fc.tuple(pos, junk).map(([n, j]) => sample.slice(0, n) + j + sample.slice(n)),
    fc
      .tuple(pos, fc.nat({ max: 64 }), junk)
      .map(([n, len, j]) => sample.slice(0, n) + j + sample.slice(n + len)),
    fc.tuple(pos, pos).map(([a, b]) => sample.slice(Math.min(a, b), Math.max(a, b))),
  );
}
