/**
 * Issue 12, class 5: the camera, recorder and intercom makers that public fingerprint
 * collections (recog, nmap, Greenbone) name are in the vocabulary with their country and have a
 * signature that names them; badges that only resell are brands, never makers.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';

const lib = loadSignatureLibrary();

/** Makers the issue lists, with the country their sourced vocabulary entry gives. */
const MAKERS: Record<string, string> = {
  Cisco: 'US',
  '2N': 'CZ',
  NUUO: 'TW',
  Genetec: 'CA',
  INSTAR: 'DE',
  Siqura: 'NL',
  Truen: 'KR',
  'Merit LILIN': 'TW',
  Herospeed: 'CN',
  XiongMai: 'CN',
  Huawei: 'CN',
  AVTECH: 'TW',
  Foscam: 'CN',
};
/** Brands whose cameras other makers build. */
const BADGES = ['D-Link', 'TP-Link', 'TRENDnet'];

describe('makers named by public fingerprint collections', () => {
  for (const [maker, country] of Object.entries(MAKERS)) {
    it(`${maker} (${country}) is a vocabulary maker with a signature naming it`, () => {
      expect(lib.vocabulary.vendors.get(maker)?.country).toBe(country);
      const naming = lib.signatures.filter(
        (s) => s.vendor === maker && (s.strength === 'oem' || s.strength === 'family'),
      );
      expect(naming.length).toBeGreaterThan(0);
    });
  }

  for (const badge of BADGES) {
    it(`${badge} is a badge with signatures of its own, not a maker`, () => {
      expect(lib.vocabulary.brands.has(badge)).toBe(true);
      expect(lib.vocabulary.vendors.has(badge)).toBe(false);
      expect(lib.signatures.some((s) => s.brand === badge)).toBe(true);
    });
  }

  it("XiongMai's uc-httpd server names XiongMai", () => {
    expect(lib.signatures.some((s) => s.vendor === 'XiongMai' && /uc-httpd/i.test(s.pattern.source))).toBe(
      true,
    );
  });

  it("Huawei HoloSens is Huawei's own brand", () => {
    expect(lib.vocabulary.vendors.get('Huawei')?.ownBrands).toContain('HoloSens');
  });
});
