/**
 * A model field that leads with the maker's or badge's name ("HIKVISION DS-2CD2143G0-I", as
 * firmware, web UIs and WS-Discovery's name scope write it) is read by the model grammars without
 * that word. Generated from every sourced model example: the vendor's name (as the vocabulary
 * spells it and in capitals, with a space or an underscore) before the example names the same
 * vendor, in ONVIF's Model and in a vendor API's device.model; a badge's name before a badge's
 * model names the badge; another maker's name before a model names nobody.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchEvidence } from '../../src/engine/match.js';
import { type EvidenceField, makeEvidence } from '../../src/evidence/types.js';
import { decide } from '../../src/verdict/decide.js';

const lib = loadSignatureLibrary();
const verdictOf = (field: EvidenceField, value: string) => {
  const ev = makeEvidence({ probe: 'onvif', ip: '127.0.0.1', port: 80, transport: 'tcp' }, field, value);
  return decide([ev], matchEvidence(lib, [ev]), lib.vocabulary);
};
const models = lib.byField.get('onvif.model') ?? [];

describe('a model written after the maker name', () => {
  it("reads the maker of every sourced model example, whatever the name's case and separator", () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const sig of models.filter((s) => s.vendor && !s.brand)) {
      const vendor = sig.vendor as string;
      // Examples that already carry a name ("AXIS Q1615-LE") are what this reads; skip those.
      for (const ex of sig.examples.filter((e) => !lib.vocabulary.leadingBrand(e.value))) {
        for (const value of [`${vendor} ${ex.value}`, `${vendor.toUpperCase()}_${ex.value}`])
          for (const field of ['onvif.model', 'device.model'] as const) {
            checked++;
            // The grammar reads the model (a grammar too weak to name alone, Huawei's, stays so).
            const ev = makeEvidence(
              { probe: 'onvif', ip: '127.0.0.1', port: 80, transport: 'tcp' },
              field,
              value,
            );
            const read = matchEvidence(lib, [ev]).find((m) => m.signature.vendor)?.signature.vendor;
            const named = verdictOf(field, value).oem.vendor;
            if (read !== vendor || (sig.certainty >= 0.5 && named !== vendor))
              wrong.push(
                `${sig.id}: ${field} "${value}" -> read ${read ?? 'nobody'}, named ${named ?? 'nobody'}`,
              );
          }
      }
    }
    expect(checked).toBeGreaterThan(400);
    expect(wrong).toEqual([]);
  });

  it("names the badge of a badge's model", () => {
    expect(verdictOf('onvif.model', 'Lorex N841A8').brand).toBe('Lorex');
    expect(verdictOf('onvif.model', 'LTS CMIP8242WB').brand).toBe('LTS');
  });

  it("names nobody from another maker's name before a model, or from a name alone", () => {
    const hik = models.find((s) => s.id === 'hikvision.onvif-model.camera')?.examples[0]?.value ?? '';
    expect(hik).toMatch(/^DS-/);
    expect(verdictOf('onvif.model', `Hanwha ${hik}`).oem.vendor).toBeNull();
    expect(verdictOf('onvif.model', 'HIKVISION').oem.vendor).toBeNull();
  });
});
