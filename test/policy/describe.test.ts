/** The plain-text listing behind `oemscan policies`. */
import { describe, expect, it } from 'vitest';
import { describePolicies } from '../../src/policy/describe.js';
import { loadPolicyFile, loadPolicyPacks, type PolicyPack } from '../../src/policy/load.js';
import { tempFiles, userPackYaml, vocab } from './helpers.js';

const packs = loadPolicyPacks(vocab);

describe('describePolicies', () => {
  const text = describePolicies(packs, vocab);
  const blocks = text.trimEnd().split('\n\n');

  it('prints one block per pack, in order', () => {
    expect(blocks).toHaveLength(packs.length);
    blocks.forEach((b, i) => {
      expect(b.startsWith(`${packs[i]?.id} (v${packs[i]?.version}): `)).toBe(true);
    });
    expect(text.endsWith('\n')).toBe(true);
  });

  it('shows id, kind, date, issuer, vendors and URL', () => {
    const ndaa = blocks.find((b) => b.startsWith('us-ndaa-889 ')) ?? '';
    expect(ndaa).toContain('us-ndaa-889 (v2): ban, 2019-08-13');
    expect(ndaa).toContain('Label:    US: NDAA §889');
    expect(ndaa).toContain('Issuer:   US Congress');
    expect(ndaa).toContain('Vendors:  Huawei, ZTE, Hytera, Hikvision, Dahua');
    expect(ndaa).toContain(
      'Source:   https://www.govinfo.gov/content/pkg/PLAW-115publ232/html/PLAW-115publ232.htm',
    );
    expect(ndaa).toContain('subsidiaries and affiliates: yes');
  });

  it('shows an attribute rule and the vocabulary vendors it selects', () => {
    const uk = blocks.find((b) => b.startsWith('uk-cabinet-office-2022 ')) ?? '';
    expect(uk).not.toContain('Vendors:');
    expect(uk.replace(/\s+/g, ' ')).toMatch(/Rule: any maker based in CN; in the vocabulary: .*Uniview/);
    expect(uk).not.toMatch(/Axis/);
    expect(describePolicies(packs)).toContain('Rule:     any maker based in CN\n');
  });

  it('shows per-vendor dates and wraps long text', () => {
    const dated = describePolicies([
      { ...(packs.find((p) => p.id === 'us-ndaa-889') as PolicyPack), vendorDates: { Hytera: '2021-07' } },
    ]);
    expect(dated).toContain('Hytera (2021-07), Hikvision');
    for (const line of text.split('\n'))
      if (!line.includes('://')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("names a user pack's file", () => {
    const t = tempFiles({ 'acme.yaml': userPackYaml() });
    expect(describePolicies([loadPolicyFile(t.path('acme.yaml'), vocab)])).toContain(
      `File:     ${t.path('acme.yaml')}`,
    );
  });
});
