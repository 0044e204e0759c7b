/**
 * The built-in packs as data: each loads, ids are unique and match file names, vendors are in
 * the vocabulary, citations are https, and the facts the issue asks for are encoded.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicyPacks, POLICY_KINDS } from '../../src/policy/load.js';
import { dataPath } from '../../src/util/paths.js';
import { vocab } from './helpers.js';

const packs = loadPolicyPacks(vocab);
const byId = (id: string) => {
  const p = packs.find((x) => x.id === id);
  if (!p) throw new Error(`no built-in pack ${id}`);
  return p;
};

describe('built-in policy packs', () => {
  it('loads every file in src/policy/packs', () => {
    const files = readdirSync(dataPath('src', 'policy', 'packs')).filter(
      (f) => f.endsWith('.yaml') && f !== 'presets.yaml',
    );
    expect(packs.map((p) => `${p.id}.yaml`).sort()).toEqual(files.sort());
    expect(packs.map((p) => p.id)).toEqual(
      expect.arrayContaining([
        'uk-bscc-2022',
        'uk-cabinet-office-2022',
        'us-ndaa-889',
        'us-fcc-covered-list',
      ]),
    );
  });

  it('has unique ids', () => {
    expect(new Set(packs.map((p) => p.id)).size).toBe(packs.length);
  });

  it('lists uk-bscc-2022 first, so reports show its flag first', () => {
    expect(packs[0]?.id).toBe('uk-bscc-2022');
  });

  it.each(packs.map((p) => [p.id, p] as const))('%s names only vocabulary vendors', (_id, p) => {
    for (const v of p.vendors) expect(vocab.vendors.has(v), v).toBe(true);
    for (const v of Object.keys(p.vendorDates)) expect(p.vendors).toContain(v);
  });

  it.each(packs.map((p) => [p.id, p] as const))('%s cites https sources', (_id, p) => {
    expect(p.url).toMatch(/^https:\/\/\S+$/);
    expect(p.references.length).toBeGreaterThan(0);
    for (const r of p.references) expect(r).toMatch(/^https:\/\/\S+$/);
  });

  it.each(packs.map((p) => [p.id, p] as const))('%s is complete', (_id, p) => {
    expect(p.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(POLICY_KINDS).toContain(p.kind);
    expect(p.version).toBeGreaterThanOrEqual(1);
    expect(p.source).toBe('built-in');
    for (const s of [p.title, p.issuer, p.scope]) expect(s.length).toBeGreaterThan(0);
    expect(p.vendors.length + p.vendorCountries.length).toBeGreaterThan(0);
  });

  it('encodes the BSCC advice as advisory, naming only the maker its published letters name', () => {
    const p = byId('uk-bscc-2022');
    expect(p).toMatchObject({ kind: 'advisory', date: '2022-03-21', vendors: ['Hikvision'] });
  });

  it('encodes the Cabinet Office statement as an attribute rule, not a name list', () => {
    const p = byId('uk-cabinet-office-2022');
    expect(p).toMatchObject({
      date: '2022-11-24',
      vendors: [],
      vendorCountries: ['CN'],
      coversOemProducts: true,
    });
    expect(p.scope).toMatch(/National Intelligence Law/);
    expect(p.scope).toMatch(/sensitive central-government sites/);
    expect(p.scope).toMatch(/attribute rule/i);
  });

  it('encodes NDAA §889: five firms, subsidiaries, dates and the purpose qualifier', () => {
    const p = byId('us-ndaa-889');
    expect([...p.vendors].sort()).toEqual(['Dahua', 'Hikvision', 'Huawei', 'Hytera', 'ZTE']);
    expect(p).toMatchObject({
      kind: 'ban',
      date: '2019-08-13',
      coversSubsidiaries: true,
      coversOemProducts: true,
    });
    expect(p.scope).toMatch(/2020-08-13/);
    expect(p.scope).toMatch(/public safety/);
  });

  it('cites the FCC Covered List as primary source, with the 22-84 and 25-71 orders as references', () => {
    const p = byId('us-fcc-covered-list');
    expect([...p.vendors].sort()).toEqual(['Dahua', 'Hikvision', 'Huawei', 'Hytera', 'ZTE']);
    expect(p.url).toBe('https://www.fcc.gov/supplychain/coveredlist');
    expect(p.references.join(' ')).toMatch(/FCC-22-84/);
    expect(p.references.join(' ')).toMatch(/2025-21001/);
  });
});
