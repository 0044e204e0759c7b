/**
 * ONVIF's `hardware` discovery scope states the model (ONVIF Core Specification, "Scopes"): every
 * vendor's model grammar reaches it, not only the vendors with a scope signature of their own.
 * Each sourced model example, put in a hardware scope as a device would (percent-encoded), names
 * the same maker; no model negative does.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchEvidence } from '../../src/engine/match.js';
import { makeEvidence } from '../../src/evidence/types.js';

const lib = loadSignatureLibrary();
const scope = (model: string) =>
  makeEvidence(
    { probe: 'ws-discovery', ip: '127.0.0.1', port: 3702, transport: 'udp' },
    'wsd.scope',
    `onvif://www.onvif.org/hardware/${encodeURIComponent(model)}`,
  );
const makerOf = (model: string) =>
  matchEvidence(lib, [scope(model)]).find((m) => m.signature.vendor)?.signature.vendor;

describe('the hardware scope is read with the model grammars', () => {
  const models = (lib.byField.get('onvif.model') ?? []).filter((s) => s.vendor);

  it('names the maker of every sourced model example', () => {
    expect(models.length).toBeGreaterThan(50);
    const wrong = models.flatMap((s) =>
      s.examples
        .filter((e) => makerOf(e.value) !== s.vendor)
        .map((e) => `${s.id}: hardware/${e.value} -> ${makerOf(e.value) ?? 'nobody'}`),
    );
    expect(wrong).toEqual([]);
  });

  it('names Uniview and Hanwha, whose scopes have no signature of their own', () => {
    const example = (id: string) => models.find((s) => s.id === id)?.examples[0]?.value ?? '';
    expect(makerOf(example('uniview.onvif-model.ipc'))).toBe('Uniview');
    expect(makerOf(example('hanwha.onvif-model'))).toBe('Hanwha');
  });

  it("reads a hardware scope that leads with the maker's name", () => {
    const example = (id: string) => models.find((s) => s.id === id)?.examples[0]?.value ?? '';
    expect(makerOf(`Uniview ${example('uniview.onvif-model.ipc')}`)).toBe('Uniview');
    expect(makerOf(`HANWHA_${example('hanwha.onvif-model')}`)).toBe('Hanwha');
  });

  it('names nobody from a model negative, and leaves other scopes alone', () => {
    const named = lib.negatives
      .filter((n) => n.field === 'onvif.model')
      .map((n) => [n.value, makerOf(n.value)] as const)
      .filter(([, v]) => v !== undefined);
    expect(named).toEqual([]);
    // The same model string in the location scope (set by the owner) is not read as a model.
    const location = makeEvidence(
      { probe: 'ws-discovery', ip: '127.0.0.1', port: 3702, transport: 'udp' },
      'wsd.scope',
      'onvif://www.onvif.org/location/XNV-6080R',
    );
    expect(matchEvidence(lib, [location]).find((m) => m.signature.vendor)).toBeUndefined();
  });
});
