/**
 * For a field whose value is a whole recorded answer (an RTSP head, an ONVIF root tag): every
 * example of the field's signatures, sent by a lab server as recorded, must come back unchanged
 * and be taken by its own signature alone; every recorded look-alike (negatives) must come back
 * unchanged and name no maker.
 */
import { expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchEvidence } from '../../src/engine/match.js';
import { type Evidence, type EvidenceField, normaliseValue } from '../../src/evidence/types.js';

export function servedExamplesNameTheirMaker(
  field: EvidenceField,
  seen: (value: string) => Promise<Evidence[]>,
) {
  const lib = loadSignatureLibrary();
  const signatures = lib.signatures.filter((s) => s.field === field);
  const negatives = lib.negatives.filter((n) => n.field === field);

  it(`has recorded ${field} examples and look-alikes to serve`, () => {
    expect(signatures.length).toBeGreaterThan(0);
    expect(negatives.length).toBeGreaterThan(0);
  });

  for (const sig of signatures)
    for (const [i, ex] of sig.examples.entries())
      it(`records ${sig.id} example ${i + 1} as sent, and it names ${sig.vendor}`, async () => {
        const items = await seen(ex.value);
        expect(items.map((e) => e.value)).toEqual([normaliseValue(field, ex.value)]);
        expect(matchEvidence(lib, items).map((m) => m.signature.id)).toEqual([sig.id]);
      });

  it('names nobody from the recorded look-alikes', async () => {
    for (const n of negatives) {
      const items = await seen(n.value);
      expect(
        items.map((e) => e.value),
        n.source,
      ).toEqual([normaliseValue(field, n.value)]);
      expect(
        matchEvidence(lib, items).filter((m) => m.signature.vendor),
        n.source,
      ).toEqual([]);
    }
  });
}
