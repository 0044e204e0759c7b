/**
 * Self-test generated from the signature data (after recog's fingerprint_self_test): every
 * example matches its own signature first and yields what it claims; no OEM-strength
 * signature fires on a known-negative banner. Failures read `file:line: id: reason`.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../src/engine/load.js';
import { checkExamples, checkNegatives, coverageTable, formatFailure } from '../src/engine/verify.js';

const lib = loadSignatureLibrary();

describe('fingerprint library', () => {
  it('covers the core vendors and at least four non-PRC makers', () => {
    const vendors = new Set(lib.signatures.map((s) => s.vendor));
    for (const v of ['Hikvision', 'Dahua']) expect(vendors).toContain(v);
    const nonPrc = [...vendors].filter((v) => v && lib.vocabulary.vendors.get(v)?.country !== 'CN');
    expect(nonPrc.length).toBeGreaterThanOrEqual(4);
  });

  for (const sig of lib.signatures) {
    it(`${sig.file}:${sig.line}: ${sig.id}`, () => {
      expect(checkExamples(lib, sig).map(formatFailure)).toEqual([]);
    });
  }

  it('no oem/family signature matches a known negative', () => {
    expect(checkNegatives(lib).map(formatFailure)).toEqual([]);
  });

  it('reports coverage per vendor and evidence class', () => {
    const table = coverageTable(lib);
    expect(table).toMatch(/^\| vendor \|/);
    expect(table).toContain('| Hikvision |');
  });
});

describe('the self-check itself', () => {
  it('catches an example that another signature takes first, and a wrong capture', () => {
    const [first, second] = lib.byField.get('http.header.server') ?? [];
    if (!first || !second) throw new Error('need two http.header.server signatures');
    const stolen = { ...second, examples: [{ value: first.examples[0]?.value ?? '', source: 'test' }] };
    expect(checkExamples(lib, stolen)[0]?.reason).toMatch(/taken first by/);
    const wrong = {
      ...first,
      examples: [{ value: first.examples[0]?.value ?? '', expect: { model: 'nope' }, source: 'test' }],
    };
    expect(checkExamples(lib, wrong).length).toBeGreaterThan(0);
  });
});
