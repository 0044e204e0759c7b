/**
 * Makers print model numbers in one case; owners, shops and URLs write them in another
 * (home-assistant/core#55550: "#Amcrest ip8m-t2499ew-28mm camera"). A model value nothing matched is
 * read by the model grammars ignoring case: every sourced model example, lower-cased and upper-cased,
 * names the same maker or badge; no negative does; and the captured model keeps the value's own case.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchEvidence } from '../../src/engine/match.js';
import { makeEvidence } from '../../src/evidence/types.js';

const lib = loadSignatureLibrary();
const model = (value: string) =>
  makeEvidence({ probe: 'test', ip: '127.0.0.1', port: 80, transport: 'tcp' }, 'device.model', value);
const naming = (value: string) =>
  matchEvidence(lib, [model(value)]).find((m) => m.signature.vendor || m.signature.brand);

describe('a model written in another case', () => {
  const grammars = (lib.byField.get('onvif.model') ?? []).filter((s) => s.vendor || s.brand);

  it('names the maker or badge of every sourced model example', () => {
    expect(grammars.length).toBeGreaterThan(100);
    const wrong = grammars.flatMap((s) =>
      s.examples
        .flatMap((e) => [e.value.toLowerCase(), e.value.toUpperCase()])
        .filter((v) => /[a-z]/i.test(v))
        .map((v) => [v, naming(v)?.signature] as const)
        .filter(([, got]) => got?.vendor !== s.vendor || got?.brand !== s.brand)
        .map(([v, got]) => `${s.id}: ${v} -> ${got?.id ?? 'nobody'}`),
    );
    expect(wrong).toEqual([]);
  });

  it('names the Amcrest badge from the owner-written model of home-assistant/core#55550', () => {
    const hit = naming('ip8m-t2499ew-28mm');
    expect(hit?.signature.brand).toBe('Amcrest');
    expect(hit?.captured.model).toBe('ip8m-t2499ew-28mm');
  });

  it('claims no model negative, in either case, for a maker', () => {
    const named = lib.negatives
      .filter((n) => n.field === 'onvif.model')
      .flatMap((n) => [n.value.toLowerCase(), n.value.toUpperCase()])
      .map((v) => [v, matchEvidence(lib, [model(v)]).find((m) => m.signature.vendor)?.signature.id] as const)
      .filter(([, id]) => id !== undefined);
    expect(named).toEqual([]);
  });
});
