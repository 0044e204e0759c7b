/**
 * Robustness self-test (issue 12): every oem/family signature must still name its vendor on
 * variants of its examples that the vendor's grammar allows (engine/variants.ts: case,
 * whitespace, certificate attribute order and subsets, version and serial lengths, build
 * dates), and no negative may match any oem/family signature of its field.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import type { Signature } from '../../src/engine/types.js';
import { parseVariantSpecs, variantSpecsOf, variantsOf } from '../../src/engine/variants.js';
import { checkNegativesEverywhere, checkVariants, formatFailure } from '../../src/engine/verify.js';
import { testSignature } from '../helpers/signature.js';

const lib = loadSignatureLibrary();
const deciding = lib.signatures.filter((s) => s.strength === 'oem' || s.strength === 'family');

describe('variants of every oem/family signature still name its vendor', () => {
  for (const sig of deciding) {
    it(`${sig.file}:${sig.line}: ${sig.id}`, () => {
      expect(checkVariants(lib, sig).map(formatFailure)).toEqual([]);
    });
  }

  it('no negative matches any oem/family signature (not only the first that matches)', () => {
    expect(checkNegativesEverywhere(lib).map(formatFailure)).toEqual([]);
  });

  it('is not empty: grammar variants (beyond whitespace) for many signatures, DN variants for every certificate one', () => {
    const grammar = deciding.filter((s) =>
      s.examples.some((e) => variantsOf(s, e.value).some((v) => v.kind !== 'whitespace')),
    );
    // 92 of 225 when written; a floor, so that dropping a kind or a field default fails here.
    expect(grammar.length).toBeGreaterThanOrEqual(80);
    const dn = deciding.filter((s) => s.field === 'tls.subject' || s.field === 'tls.issuer');
    for (const s of dn) expect(variantSpecsOf(s).map((v) => v.kind)).toContain('dn-order');
  });
});

const fake = (over: Partial<Signature>) => testSignature({ pattern: /^$/, vendor: 'Dahua', ...over });

describe('the variant generator', () => {
  it('reorders, subsets and re-cases distinguished names the way Node and other tools print them', () => {
    const sig = fake({ field: 'tls.subject' });
    const dn = 'C=DE, O=Bosch Sicherheitssysteme GmbH, CN=00-07-5f-11-11-11, serialNumber=123';
    const values = variantsOf(sig, dn).map((v) => v.value);
    expect(values).toContain('serialNumber=123, CN=00-07-5f-11-11-11, O=Bosch Sicherheitssysteme GmbH, C=DE');
    expect(values).toContain('O=Bosch Sicherheitssysteme GmbH, CN=00-07-5f-11-11-11');
    expect(values).toContain('C=DE, O=Bosch Sicherheitssysteme GmbH, CN=00-07-5f-11-11-11, SERIALNUMBER=123');
    expect(values).toContain('C=de, O=bosch sicherheitssysteme gmbh, CN=00-07-5f-11-11-11, serialNumber=123');
  });

  it('keeps a comma inside a value (O=... Co.,Ltd.) as one attribute', () => {
    const sig = fake({ field: 'tls.issuer', variants: [{ kind: 'dn-order' }] });
    const values = variantsOf(sig, 'CN=NVR, O=ZheJiang Dahua Technology CO.,LTD., C=CN').map((v) => v.value);
    expect(values).toContain('C=CN, O=ZheJiang Dahua Technology CO.,LTD., CN=NVR');
  });

  it('changes the digit count of the last version component and the build date', () => {
    const sig = fake({ field: 'onvif.firmware' });
    const values = variantsOf(sig, 'V5.5.61 build 180718').map((v) => v.value);
    expect(values).toEqual(expect.arrayContaining(['V5.5.161 build 180718', 'V5.5.1 build 180718']));
    expect(values).toContain('V5.5.61 build 231130');
    const dahua = variantsOf(sig, 'V2.400.AC01.15.R.20170328').map((v) => v.value);
    expect(dahua).toEqual(
      expect.arrayContaining(['V2.400.AC01.115.R.20170328', 'V2.400.AC01.15.R.20231130']),
    );
  });

  it('resizes the captured serial within the declared range', () => {
    const sig = fake({
      field: 'http.auth.realm',
      pattern: /^Login to ([0-9A-Z]+)$/,
      captures: { 1: 'serial' },
      variants: [{ kind: 'serial-length', min: 14, max: 18 }],
    });
    const values = variantsOf(sig, 'Login to 2J01018PAA00816').map((v) => v.value);
    expect(values).toEqual(
      expect.arrayContaining([
        'Login to 2J01018PAA0081',
        'Login to 2J01018PAA008166',
        'Login to 2J01018PAA00816816',
      ]),
    );
    for (const v of values.filter((x) => x.startsWith('Login to 2J'))) {
      expect(v.length - 'Login to '.length).toBeGreaterThanOrEqual(14);
      expect(v.length - 'Login to '.length).toBeLessThanOrEqual(18);
    }
  });

  it('fails a pattern narrower than its grammar, and rejects unknown kinds at load', () => {
    const narrow = fake({ pattern: /^App-webs\/$/, examples: [{ value: 'App-webs/', source: 'test' }] });
    const failures = checkVariants({ ...lib, byField: new Map([['http.header.server', [narrow]]]) }, narrow);
    expect(failures.map((f) => f.reason).join('\n')).toMatch(/case variant "APP-WEBS\/" matches nothing/);
    expect(parseVariantSpecs(['case', 'nonsense'])).toMatch(/unknown variant kind/);
    expect(parseVariantSpecs([{ 'serial-length': [18, 12] }])).toMatch(/range/);
    expect(parseVariantSpecs(['serial-length'])).toMatch(/needs its range/);
    expect(parseVariantSpecs(['case', { 'serial-length': [12, 18] }])).toEqual([
      { kind: 'case' },
      { kind: 'serial-length', min: 12, max: 18 },
    ]);
  });

  it('loads a declared variants key and rejects a serial-length without a captured serial', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oemscan-variants-'));
    const site = join(dir, 'site');
    mkdirSync(site);
    const write = (variants: string, captures: string) =>
      writeFileSync(
        join(site, 'http-auth-realm.yaml'),
        [
          'field: http.auth.realm',
          'description: test',
          'signatures:',
          '  - id: site.http-realm.test',
          '    description: test',
          "    pattern: '^Login to ([0-9A-Z]{12,20})$'",
          '    vendor: Dahua',
          '    strength: oem',
          ...(captures ? [`    captures: ${captures}`] : []),
          `    variants: ${variants}`,
          '    examples:',
          "      - value: 'Login to 2J01018PAA00816'",
          "        source: 'https://github.com/example/test (loader test)'",
          '',
        ].join('\n'),
      );
    try {
      write('[{serial-length: [14, 18]}]', '{1: serial}');
      const sig = loadSignatureLibrary(undefined, [site]).signatures.find(
        (s) => s.id === 'site.http-realm.test',
      );
      expect(sig?.variants).toEqual([{ kind: 'serial-length', min: 14, max: 18 }]);
      write('[{serial-length: [14, 18]}]', '');
      expect(() => loadSignatureLibrary(undefined, [site])).toThrow(/need a captured serial/);
      write('[casing]', '');
      expect(() => loadSignatureLibrary(undefined, [site])).toThrow(/unknown variant kind/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
