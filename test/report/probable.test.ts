/**
 * A maker named on the balance of the evidence (`oem.probable`) says "probable" in every output,
 * and its policy flag says "Probably built by"; an established one does not.
 */
import { describe, expect, it } from 'vitest';
import { loadVocabulary } from '../../src/engine/vocabulary.js';
import { evaluate } from '../../src/policy/evaluate.js';
import { loadPolicyPacks } from '../../src/policy/load.js';
import { FORMATS, render } from '../../src/report/render.js';
import type { Oem } from '../../src/report/types.js';
import { dataPath } from '../../src/util/paths.js';
import type { Verdict } from '../../src/verdict/decide.js';
import { makeDevice, makeReport } from '../helpers/report.js';

const probable: Oem = {
  vendor: 'Hikvision',
  confidence: 0.45,
  rebranded: false,
  probable: true,
  basis: 'probable: 1 independent signal for Hikvision, nothing points elsewhere',
  alternatives: [],
};

describe('probable makers', () => {
  const report = makeReport([
    makeDevice('127.0.0.9', { status: 'flagged', oem: probable }),
    makeDevice('127.0.0.10', { status: 'clear' }),
  ]);

  for (const format of FORMATS) {
    it(`${format} says probable for the probable device only`, () => {
      const out = render(report, format);
      expect(out).toMatch(/probable/i);
      const lines = out.split('\n').filter((l) => l.includes('127.0.0.10') && !l.includes('127.0.0.9'));
      if (format === 'table' || format === 'csv' || format === 'jsonl')
        for (const l of lines) expect(l).not.toMatch(/probable/i);
    });
  }

  it('flags carry the lower confidence and say "Probably built by"', () => {
    const vocab = loadVocabulary(dataPath('fingerprints', 'vocabulary'));
    const packs = loadPolicyPacks(vocab).filter((p) => p.id === 'us-ndaa-889');
    expect(packs).toHaveLength(1);
    const verdict: Verdict = {
      oem: probable,
      brand: null,
      brandClaimed: null,
      model: null,
      firmware: null,
      serial: null,
      type: 'camera',
    };
    const [flag] = evaluate(verdict, packs, vocab);
    expect(flag).toMatchObject({
      confidence: 0.45,
      reason: expect.stringMatching(/^Probably built by Hikvision/),
    });
    const established = evaluate(
      { ...verdict, oem: { ...probable, probable: undefined, confidence: 0.9 } },
      packs,
      vocab,
    );
    expect(established[0]?.reason).toMatch(/^Built by Hikvision/);
  });
});
