/**
 * The built-in packs cite primary sources only: every URL is on an allow-list of official hosts
 * (legislation and official registers), every vendor a pack names has a citation whose quote
 * names it (by its vocabulary name or an alias), an attribute rule has a quote stating it, and no
 * pack file points at a path outside the repository. Presets resolve to existing packs, and the
 * one-line summary groups a device's flags by jurisdiction.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expandPreset,
  loadPolicyFile,
  loadPolicyPacks,
  loadPresets,
  resolvePolicies,
} from '../../src/policy/load.js';
import { builtInPolicyLabels, devicePolicyLine, policyLine } from '../../src/policy/summary.js';
import type { Flag } from '../../src/report/types.js';
import { dataPath } from '../../src/util/paths.js';
import { tempFiles, userPackYaml, vocab } from './helpers.js';

const DIR = dataPath('src', 'policy', 'packs');
const packs = loadPolicyPacks(vocab);
const presets = loadPresets();

/** Legislation and official registers; a host matches itself or any subdomain. */
const OFFICIAL_HOSTS = [
  'govinfo.gov',
  'federalregister.gov',
  'ecfr.gov',
  'fcc.gov',
  'gov.uk',
  'questions-statements.parliament.uk',
];
const official = (url: string) => {
  const host = new URL(url).hostname.toLowerCase();
  return OFFICIAL_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
};

const namesFor = (vendor: string) => {
  const v = vocab.vendors.get(vendor);
  return [vendor, ...(v?.aliases ?? [])].map((n) => n.toLowerCase());
};

describe('primary-source citations of the built-in packs', () => {
  it.each(packs.map((p) => [p.id, p] as const))('%s cites only official hosts', (_id, p) => {
    const urls = [
      p.url,
      ...p.references,
      ...Object.values(p.citations).map((c) => c.url),
      ...(p.ruleCitation ? [p.ruleCitation.url] : []),
    ];
    for (const u of urls) {
      expect(u, u).toMatch(/^https:\/\//);
      expect(official(u), `${u} is not on the official-host allow-list`).toBe(true);
    }
  });

  it.each(packs.flatMap((p) => p.vendors.map((v) => [p.id, v, p] as const)))(
    '%s: %s has a citation whose quote names it',
    (_id, vendor, p) => {
      const c = p.citations[vendor];
      expect(c, `no citation for ${vendor}`).toBeDefined();
      const quote = (c?.quote ?? '').toLowerCase();
      expect(
        namesFor(vendor).some((n) => quote.includes(n)),
        `"${c?.quote}" does not name ${vendor}`,
      ).toBe(true);
    },
  );

  it.each(packs.filter((p) => p.vendorCountries.length > 0).map((p) => [p.id, p] as const))(
    '%s states its attribute rule in a quoted primary source',
    (_id, p) => {
      expect(p.ruleCitation).not.toBeNull();
      expect(p.ruleCitation?.quote).toMatch(/People's Republic of China/);
    },
  );

  it('the allow-list check can fail', () => {
    expect(official('https://ipvm.com/reports/ban-law')).toBe(false);
    expect(official('https://www.gov.uk.example.com/x')).toBe(false);
    expect(official('https://www.gov.uk/government/publications/x')).toBe(true);
  });

  it.each(readdirSync(DIR).filter((f) => f.endsWith('.yaml')))(
    '%s names no path outside the repository',
    (file) => {
      const text = readFileSync(join(DIR, file), 'utf8');
      expect(text).not.toMatch(/(^|[\s"'(=])\/(work|home|root|tmp|Users|var|opt|mnt)\//m);
      expect(text).not.toMatch(/[A-Za-z]:\\/);
      expect(text).not.toMatch(/\.\.\//);
      expect(text).not.toMatch(/shared\/research/);
    },
  );
});

describe('presets', () => {
  it('has uk, us and all', () => {
    expect([...presets.keys()]).toEqual(['uk', 'us', 'all']);
  });

  it.each([...presets.keys()])('%s resolves to existing built-in packs', (name) => {
    const ids = expandPreset(presets, name);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(packs.map((p) => p.id)).toContain(id);
    expect(resolvePolicies([name], vocab).map((p) => p.id)).toEqual(ids);
  });

  it('selects the UK and the US packs by jurisdiction, and all of them under all', () => {
    expect(expandPreset(presets, 'uk')).toEqual(['uk-bscc-2022', 'uk-cabinet-office-2022']);
    expect(expandPreset(presets, 'us')).toEqual([
      'us-ndaa-889',
      'us-fcc-covered-list',
      'us-commerce-entity-list',
    ]);
    expect([...expandPreset(presets, 'all')].sort()).toEqual(packs.map((p) => p.id).sort());
    for (const p of packs) {
      const own = p.jurisdiction?.toLowerCase() ?? '';
      expect(expandPreset(presets, own), p.id).toContain(p.id);
    }
  });

  it('gives every built-in pack a label and a jurisdiction', () => {
    for (const p of packs) {
      expect(p.label, p.id).not.toBe(p.id);
      expect(p.jurisdiction, p.id).toMatch(/^[A-Z]{2}$/);
    }
  });

  it('mixes a preset with a pack id and drops the repeat', () => {
    expect(resolvePolicies(['us', 'us-ndaa-889', 'uk-bscc-2022'], vocab).map((p) => p.id)).toEqual([
      'us-ndaa-889',
      'us-fcc-covered-list',
      'us-commerce-entity-list',
      'uk-bscc-2022',
    ]);
  });

  it('names the presets when a spec is unknown', () => {
    expect(() => resolvePolicies(['eu'], vocab)).toThrow(/presets: uk, us, all/);
  });
});

describe('one-line policy summary', () => {
  const flag = (policy: string): Flag => ({
    policy,
    vendor: 'Hikvision',
    match: 'direct',
    confidence: 0.9,
    reason: 'test',
    reference: 'https://www.govinfo.gov/',
  });
  /** A Hikvision device as a scan under `spec` flags it: one flag per pack the verdict meets. */
  const hikvisionLine = (spec: string) => {
    const applied = resolvePolicies([spec], vocab);
    const flagged = applied.filter(
      (p) => p.vendors.includes('Hikvision') || p.vendorCountries.includes('CN'),
    );
    return devicePolicyLine(
      { scan: { policies: applied.map((p) => p.id) } as never },
      { flags: flagged.map((p) => flag(p.id)) },
    );
  };

  it('groups a Hikvision device under all by jurisdiction', () => {
    expect(hikvisionLine('all')).toBe(
      'UK: BSCC 2022, Cabinet Office 2022 · US: NDAA §889, FCC Covered List, Entity List',
    );
  });

  it('shows only the UK under uk', () => {
    expect(hikvisionLine('uk')).toBe('UK: BSCC 2022, Cabinet Office 2022');
  });

  it('follows the applied order, not the order of the flags', () => {
    const labels = builtInPolicyLabels();
    expect(policyLine(['us-fcc-covered-list', 'uk-cabinet-office-2022', 'us-ndaa-889'], labels)).toBe(
      'UK: Cabinet Office 2022 · US: NDAA §889, FCC Covered List',
    );
  });

  it('shows a pack it has no label for by its id, after the grouped ones', () => {
    expect(policyLine(['acme-policy', 'us-ndaa-889'], builtInPolicyLabels())).toBe(
      'US: NDAA §889 · acme-policy',
    );
  });

  it('is empty for a device nothing flags', () => {
    expect(policyLine([], builtInPolicyLabels())).toBe('');
  });
});

describe('citations in a pack file', () => {
  const load = (extra: string) => {
    const t = tempFiles({ 'acme.yaml': userPackYaml(extra) });
    return () => loadPolicyFile(t.path('acme.yaml'), vocab);
  };

  it('loads label, jurisdiction and per-vendor citations', () => {
    const p = load(
      'label: ACME 2024\njurisdiction: GB\ncitations:\n  Hikvision: { url: "https://www.gov.uk/x", quote: "Hikvision" }\n',
    )();
    expect(p).toMatchObject({ label: 'ACME 2024', jurisdiction: 'GB' });
    expect(p.citations.Hikvision).toEqual({ url: 'https://www.gov.uk/x', quote: 'Hikvision' });
  });

  it('labels a pack without a label by its id, with no jurisdiction', () => {
    expect(load('')()).toMatchObject({ label: 'acme-internal', jurisdiction: null, citations: {} });
  });

  it('rejects a citation for a vendor the pack does not name, with file:line', () => {
    expect(load('citations:\n  Axis: { url: "https://www.gov.uk/x", quote: "Axis" }\n')).toThrow(
      /acme\.yaml:\d+: citations names "Axis", which is not in "vendors"/,
    );
  });

  it('rejects a citation without a quote or with a bad URL', () => {
    expect(load('citations:\n  Dahua: { url: "https://www.gov.uk/x" }\n')).toThrow(/needs a "quote"/);
    expect(load('citations:\n  Dahua: { url: "gov.uk", quote: "Dahua" }\n')).toThrow(/http\(s\) "url"/);
  });
});
