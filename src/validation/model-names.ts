/**
 * @module validation/model-names
 * How far the model grammars reach beyond the examples they were written from. The model numbers
 * of test/fixtures/model-names/ are printed in catalogues, manuals, release notes and shops, each
 * with its page, and split by source like the device records (build pages may shape a grammar,
 * held-out pages only measure it). Each is matched as a device states it (`device.model`, read
 * with the ONVIF model grammars) and judged by the verdict, so a grammar too weak to name a maker
 * alone names nobody. A maker's own model should name the maker (as "probable" too); a badge's
 * model the badge or an OEM reported behind it; and no model may name another maker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadSignatureLibrary, type SignatureLibrary } from '../engine/load.js';
import { matchEvidence } from '../engine/match.js';
import { makeEvidence } from '../evidence/types.js';
import { dataPath } from '../util/paths.js';
import { decide } from '../verdict/decide.js';
import { type SetName, sourceSet } from './split.js';

export interface ModelName {
  model: string;
  /** The company whose badge the page sells it under (a vendor, a vendor's own brand, or a badge). */
  maker: string;
  line: string;
  source: string;
  file: string;
}

export interface ModelOutcome extends ModelName {
  set: SetName;
  /** What a device stating the model should be named: a vendor, or a badge (with its OEMs). */
  expect: { vendor: string } | { brand: string; oems: string[] } | { nobody: true };
  /** The maker (or else the badge) the verdict named, and the signature behind it. */
  named?: string;
  signature?: string;
  right: boolean;
  /** Named a maker other than the expected one (never counted for a maker outside the vocabulary). */
  wrong: boolean;
}

export const modelNamesDir = () => dataPath('test', 'fixtures', 'model-names');

export function loadModelNames(dir = modelNamesDir()): ModelName[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((file) =>
      ((parse(readFileSync(join(dir, file), 'utf8')) as Omit<ModelName, 'file'>[] | null) ?? []).map((m) => ({
        ...m,
        model: String(m.model),
        file,
      })),
    );
}

/**
 * The string a device would state: catalogues append the lens to a model ("DS-2CD2143G2-IU(2.8mm)",
 * "... 2.8mm", "...-2-8mm"), which the device's own model field does not carry, and typeset a
 * variant slash with spaces ("DS-7608NXI-I2 / S").
 */
export function asDeviceStates(model: string): string {
  return model
    .replace(/[-\s(]*\b\d{1,2}(?:[.-]\d{1,2})?\s*mm\)?$/i, '')
    .replace(/\s+\/\s+/g, '/')
    .trim();
}

/** A vendor or its own brand expects the vendor; a badge expects itself or an OEM reported behind it. */
function expectation(lib: SignatureLibrary, maker: string): ModelOutcome['expect'] {
  const brand = lib.vocabulary.resolveBrand(maker);
  if (!brand) return { nobody: true };
  return lib.vocabulary.vendors.has(brand.company)
    ? { vendor: brand.company }
    : { brand: brand.name, oems: brand.knownOems };
}

export function scoreModelNames(
  names: readonly ModelName[] = loadModelNames(),
  lib: SignatureLibrary = loadSignatureLibrary(),
): ModelOutcome[] {
  return names.map((n) => {
    const ev = makeEvidence(
      { probe: 'validate', ip: '127.0.0.1', port: 80, transport: 'tcp' },
      'device.model',
      asDeviceStates(n.model),
    );
    const matches = matchEvidence(lib, [ev]);
    const verdict = decide([ev], matches, lib.vocabulary);
    const vendor = verdict.oem.vendor ?? undefined;
    const brand = verdict.brand ?? undefined;
    const hit = matches.find((m) => (vendor ? m.signature.vendor === vendor : m.signature.brand));
    const expect = expectation(lib, n.maker);
    const right =
      'vendor' in expect
        ? vendor === expect.vendor
        : 'brand' in expect
          ? brand === expect.brand || (vendor !== undefined && expect.oems.includes(vendor))
          : false;
    // A badge the vocabulary does not know (Synology, Uniarch) has no expected maker to miss.
    const wrong = vendor !== undefined && !right && !('nobody' in expect);
    return {
      ...n,
      set: sourceSet(n.source).set,
      expect,
      ...(vendor || brand ? { named: vendor ?? brand } : {}),
      ...(hit ? { signature: hit.signature.id } : {}),
      right,
      wrong,
    };
  });
}

export interface ModelMetrics {
  /** Models whose maker or badge the vocabulary knows (the others are not scored). */
  scored: number;
  right: number;
  /** Of those, Hikvision's and Dahua's own lines (own brands included). */
  family: { scored: number; right: number };
  /** Named a maker other than the expected one, of the `scored`. */
  wrong: number;
}

// Only their own lines: a badge's catalogue mixes lines of several makers.
const isFamily = (o: ModelOutcome) =>
  'vendor' in o.expect && (o.expect.vendor === 'Hikvision' || o.expect.vendor === 'Dahua');

export function modelMetrics(outcomes: readonly ModelOutcome[]): ModelMetrics {
  const scored = outcomes.filter((o) => !('nobody' in o.expect));
  const family = scored.filter(isFamily);
  return {
    scored: scored.length,
    right: scored.filter((o) => o.right).length,
    family: { scored: family.length, right: family.filter((o) => o.right).length },
    wrong: scored.filter((o) => o.wrong).length,
  };
}
