/**
 * The model grammars on model numbers printed in catalogues, manuals and shops
 * (test/fixtures/model-names/): every entry names its page; no model names a maker other than
 * its own; the held-out pages' scores may not fall below the floor recorded from a real run
 * (`npm run validate -- --write-floor`); and the scores come from the grammars (without
 * Hikvision's and Dahua's model signatures they collapse).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary, type SignatureLibrary } from '../../src/engine/load.js';
import {
  asDeviceStates,
  loadModelNames,
  modelMetrics,
  scoreModelNames,
} from '../../src/validation/model-names.js';
import { FLOOR_FILE } from '../../src/validation/report.js';

const names = loadModelNames();
const lib = loadSignatureLibrary();
const outcomes = scoreModelNames(names, lib);
const heldOut = outcomes.filter((o) => o.set === 'validation');
const LINES = [
  'camera',
  'ptz',
  'thermal',
  'nvr',
  'dvr',
  'intercom',
  'doorbell',
  'access',
  'encoder',
  'other',
];

describe('model-name fixtures', () => {
  it('every entry is a printed model with its page', () => {
    expect(names.length).toBeGreaterThan(300);
    const bad = names.filter(
      (n) =>
        !n.model.trim() ||
        !n.maker?.trim() ||
        !LINES.includes(n.line) ||
        !/(https?:\/\/\S+|^[\w.-]+\/[\w.-]+ \S+)/.test(n.source ?? ''),
    );
    expect(bad.map((n) => `${n.file}: ${n.model}`)).toEqual([]);
  });

  it('lists each model once per page', () => {
    const seen = new Set<string>();
    const twice = names.filter((n) => {
      const k = `${n.model}\u0000${n.source.split(' ')[0]}`;
      if (seen.has(k)) return true;
      seen.add(k);
      return false;
    });
    expect(twice.map((n) => n.model)).toEqual([]);
  });

  it('has held-out pages and build pages', () => {
    expect(heldOut.length).toBeGreaterThan(100);
    expect(outcomes.length - heldOut.length).toBeGreaterThan(100);
  });

  it('reads a catalogue lens suffix as the device states the model', () => {
    expect(asDeviceStates('DS-2CD2143G2-IU(2.8mm)')).toBe('DS-2CD2143G2-IU');
    expect(asDeviceStates('DS-2CD2387G2-LU 4mm')).toBe('DS-2CD2387G2-LU');
    expect(asDeviceStates('IPC-HFW2431S-S-S2')).toBe('IPC-HFW2431S-S-S2');
  });
});

describe('model grammars on catalogue model numbers', () => {
  it('name no model after a maker other than its own', () => {
    expect(
      outcomes
        .filter((o) => o.wrong)
        .map((o) => `${o.model} (${o.maker}, ${o.source.split(' ')[0]}) -> ${o.named} by ${o.signature}`),
    ).toEqual([]);
  });

  it('held-out pages: no score below the recorded floor', () => {
    const floor = (
      JSON.parse(readFileSync(FLOOR_FILE(), 'utf8')) as { modelNames?: { right: number; family: number } }
    ).modelNames;
    expect(floor).toBeDefined();
    const m = modelMetrics(heldOut);
    expect(m.right / m.scored).toBeGreaterThanOrEqual((floor?.right ?? 1) - 1e-9);
    expect(m.family.right / m.family.scored).toBeGreaterThanOrEqual((floor?.family ?? 1) - 1e-9);
  });

  it("the family score comes from Hikvision's and Dahua's model grammars", () => {
    const without: SignatureLibrary = {
      ...lib,
      byField: new Map(
        [...lib.byField].map(([field, sigs]) => [
          field,
          sigs.filter(
            (s) => !(s.field === 'onvif.model' && (s.vendor === 'Hikvision' || s.vendor === 'Dahua')),
          ),
        ]),
      ),
    };
    const full = modelMetrics(heldOut).family;
    const stripped = modelMetrics(
      scoreModelNames(names, without).filter((o) => o.set === 'validation'),
    ).family;
    expect(full.right / full.scored).toBeGreaterThan(0.5);
    expect(stripped.right).toBeLessThan(full.right / 2);
  });
});
