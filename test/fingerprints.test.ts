/**
 * Self-test generated from the signature data (after recog's fingerprint_self_test):
 * every example matches its own signature first and yields what it claims; no OEM-strength
 * signature fires on a known-negative banner.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../src/engine/load.js';
import { matchValue } from '../src/engine/match.js';

const lib = loadSignatureLibrary();

describe('fingerprint library', () => {
  it('loads with signatures for the core vendors', () => {
    const vendors = new Set(lib.signatures.map((s) => s.vendor));
    for (const v of ['Hikvision', 'Dahua']) expect(vendors).toContain(v);
    const nonPrc = [...vendors].filter((v) => v && lib.vocabulary.vendors.get(v)?.country !== 'CN');
    expect(nonPrc.length).toBeGreaterThanOrEqual(4);
  });

  for (const sig of lib.signatures) {
    describe(`${sig.file}:${sig.line}: ${sig.id}`, () => {
      sig.examples.forEach((ex, i) => {
        it(`example ${i + 1} matches this signature first`, () => {
          const hit = matchValue(lib, sig.field, ex.value);
          expect(
            hit?.signature.id,
            `${sig.file}:${sig.line}: ${sig.id}: example ${JSON.stringify(ex.value)}`,
          ).toBe(sig.id);
          for (const [k, v] of Object.entries(ex.expect ?? {})) {
            expect(hit?.captured[k as keyof typeof hit.captured], `capture ${k}`).toBe(v);
          }
        });
      });
    });
  }

  it('no oem/family signature matches a known negative', () => {
    const bad: string[] = [];
    for (const neg of lib.negatives) {
      const hit = matchValue(lib, neg.field, neg.value);
      if (hit && (hit.signature.strength === 'oem' || hit.signature.strength === 'family')) {
        bad.push(`${neg.file}:${neg.line}: ${JSON.stringify(neg.value)} matched ${hit.signature.id}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
