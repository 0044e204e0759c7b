/**
 * Fields that state the same kind of value as an ONVIF field read that field's grammars at their
 * own strength, not only as a free-text token (family, capped): a UPnP description's modelName
 * and modelNumber state the model as ONVIF's Model does, and the serial of a UPnP description or
 * a DHIP discovery answer is the serial GetDeviceInformation states (a badge's own serial
 * grammar, Amcrest's or Lorex's, included). Each sourced example of a grammar that names someone,
 * put in such a field, names the same maker or badge at the grammar's strength (or by the field's
 * own signature of that maker); no negative of the grammar's field is
 * claimed for a maker (negatives guard maker signatures; a badge's grammar may read them).
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchEvidence } from '../../src/engine/match.js';
import { type EvidenceField, makeEvidence } from '../../src/evidence/types.js';

const lib = loadSignatureLibrary();
const stated = (field: EvidenceField, value: string) =>
  makeEvidence({ probe: 'test', ip: '127.0.0.1', port: 49152, transport: 'tcp' }, field, value);
const firstNaming = (field: EvidenceField, value: string) =>
  matchEvidence(lib, [stated(field, value)]).find((m) => m.signature.vendor || m.signature.brand);

describe.each([
  ['upnp.model-name', 'onvif.model'],
  ['upnp.model-number', 'onvif.model'],
  ['upnp.serial', 'onvif.serial'],
  ['dhip.serial', 'onvif.serial'],
] as const)('%s reads the %s grammars', (field, grammar) => {
  const sigs = (lib.byField.get(grammar) ?? []).filter((s) => s.vendor || s.brand);

  it("names the maker or badge of every sourced example, at the grammar's own strength", () => {
    expect(sigs.length).toBeGreaterThan(5);
    const wrong = sigs.flatMap((s) =>
      s.examples
        .map((e) => [e.value, firstNaming(field, e.value)] as const)
        .filter(
          ([, m]) =>
            !m ||
            m.signature.vendor !== s.vendor ||
            m.signature.brand !== s.brand ||
            (m.signature.strength !== s.strength && m.signature.field !== field),
        )
        .map(([v, m]) => `${s.id}: ${v} -> ${m ? `${m.signature.id} (${m.signature.strength})` : 'nobody'}`),
    );
    expect(wrong).toEqual([]);
  });

  it('claims no negative of that grammar for a maker', () => {
    const makerOf = (value: string) =>
      matchEvidence(lib, [stated(field, value)]).find((m) => m.signature.vendor)?.signature.id;
    const named = lib.negatives
      .filter((n) => n.field === grammar)
      .map((n) => [n.value, makerOf(n.value)] as const)
      .filter(([, id]) => id !== undefined);
    expect(named).toEqual([]);
  });
});
