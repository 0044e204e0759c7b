/**
 * evaluate() on hand-made verdicts: a named OEM matches directly under its own badge and as
 * `oem` under a rebrand; the Cabinet Office rule matches by vendor country; packs that do not
 * cover OEM-built products skip rebrands; nothing matches an unknown or unlisted maker.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/policy/evaluate.js';
import { loadPolicyPacks, type PolicyPack } from '../../src/policy/load.js';
import { verdict, vocab } from './helpers.js';

const packs = loadPolicyPacks(vocab);
const ids = (v: ReturnType<typeof verdict>) => evaluate(v, packs, vocab).map((f) => f.policy);
const flagOf = (v: ReturnType<typeof verdict>, id: string) =>
  evaluate(v, packs, vocab).find((f) => f.policy === id);

describe('evaluate', () => {
  it('flags a Lorex badge built by Dahua as an OEM match under NDAA §889', () => {
    const v = verdict('Dahua', 'Lorex', true, 0.83);
    expect(flagOf(v, 'us-ndaa-889')).toEqual({
      policy: 'us-ndaa-889',
      vendor: 'Dahua',
      match: 'oem',
      confidence: 0.83,
      reason: 'Built by Dahua (sold as Lorex); Dahua is named by US NDAA FY2019 §889 (2019-08-13)',
      reference: 'https://www.govinfo.gov/content/pkg/PLAW-115publ232/html/PLAW-115publ232.htm',
    });
  });

  it('flags a Dahua-built rebrand under every pack that names Dahua or its country', () => {
    const v = verdict('Dahua', 'Lorex', true);
    expect(ids(v)).toEqual(['uk-cabinet-office-2022', 'us-fcc-covered-list', 'us-ndaa-889']);
    expect(evaluate(v, packs, vocab).every((f) => f.match === 'oem')).toBe(true);
  });

  it('skips packs that do not cover OEM-built products for a rebrand', () => {
    const listed: PolicyPack = { ...(packs[0] as PolicyPack), id: 'listed', coversOemProducts: false };
    expect(evaluate(verdict('Hikvision', 'Annke', true), [listed], vocab)).toEqual([]);
    expect(evaluate(verdict('Hikvision', 'Hikvision'), [listed], vocab)).toHaveLength(1);
  });

  it('flags a Hikvision-badged Hikvision device directly under every pack that names it', () => {
    const flags = evaluate(verdict('Hikvision', 'Hikvision'), packs, vocab);
    expect(flags.map((f) => f.policy)).toEqual(packs.map((p) => p.id));
    expect(flags.every((f) => f.match === 'direct' && f.vendor === 'Hikvision')).toBe(true);
    expect(flags[0]?.policy).toBe('uk-bscc-2022');
    expect(flags.find((f) => f.policy === 'uk-bscc-2022')?.reason).toBe(
      'Built by Hikvision; Hikvision is named by UK Biometrics and Surveillance Camera Commissioner advice (2022-03-21)',
    );
  });

  it("treats the vendor's own sub-brand as direct and says so", () => {
    const f = flagOf(verdict('Hikvision', 'HiLook'), 'us-fcc-covered-list');
    expect(f?.match).toBe('direct');
    expect(f?.reason).toBe(
      'Built by Hikvision (sold as HiLook, a Hikvision brand); Hikvision is named by US FCC Covered List (2021-03-12)',
    );
  });

  it('treats a device with no badge as a direct match', () => {
    const flags = evaluate(verdict('Hikvision', null), packs, vocab);
    expect(flags.length).toBe(packs.length);
    expect(flags.every((f) => f.match === 'direct')).toBe(true);
  });

  it('does not flag Axis', () => {
    expect(evaluate(verdict('Axis', 'Axis'), packs, vocab)).toEqual([]);
  });

  it('flags Uniview only by country, under the Cabinet Office rule', () => {
    const flags = evaluate(verdict('Uniview', 'Uniview'), packs, vocab);
    expect(flags.map((f) => f.policy)).toEqual(['uk-cabinet-office-2022']);
    expect(flags.map((f) => f.reason)).toEqual([
      'Built by Uniview; makers based in CN are covered by UK Cabinet Office WMS 386 (Security Update on Surveillance Equipment) (2022-11-24)',
    ]);
    expect(flags.every((f) => f.match === 'direct')).toBe(true);
  });

  it('uses the per-vendor date where the pack has one', () => {
    const dated: PolicyPack = {
      ...(packs.find((p) => p.id === 'us-ndaa-889') as PolicyPack),
      vendorDates: { Hytera: '2021-07' },
    };
    expect(evaluate(verdict('Hytera', 'Hytera'), [dated], vocab)[0]?.reason).toMatch(/\(2021-07\)$/);
  });

  it('matches the country rule through a rebrand too (it covers OEM-built products)', () => {
    const f = flagOf(verdict('XiongMai', 'Lorex', true), 'uk-cabinet-office-2022');
    expect(f).toMatchObject({ vendor: 'XiongMai', match: 'oem' });
    expect(f?.reason).toMatch(/^Built by XiongMai \(sold as Lorex\); makers based in CN are covered by /);
  });

  it('does not flag an unknown OEM or a maker missing from the vocabulary', () => {
    expect(evaluate(verdict(null, 'Lorex'), packs, vocab)).toEqual([]);
    expect(evaluate(verdict(null, null), packs, vocab)).toEqual([]);
    expect(evaluate(verdict('Acme', 'Acme'), packs, vocab)).toEqual([]);
  });

  it('applies only the packs it is given', () => {
    const one = packs.filter((p) => p.id === 'us-ndaa-889');
    expect(evaluate(verdict('Dahua', 'Dahua'), one, vocab).map((f) => f.policy)).toEqual(['us-ndaa-889']);
    expect(evaluate(verdict('Dahua', 'Dahua'), [], vocab)).toEqual([]);
  });

  it('honours coversOemProducts on a user pack', () => {
    const base = packs.find((p) => p.id === 'us-ndaa-889') as PolicyPack;
    const ownOnly: PolicyPack = { ...base, id: 'own-only', coversOemProducts: false };
    expect(evaluate(verdict('Dahua', 'Amcrest', true), [ownOnly], vocab)).toEqual([]);
    expect(evaluate(verdict('Dahua', 'Dahua'), [ownOnly], vocab)).toHaveLength(1);
  });
});
