/**
 * Loading a user's own pack and resolving `--policy` specs: files load from YAML or JSON,
 * mistakes name file:line, bad ids list the known ones.
 */
import { describe, expect, it } from 'vitest';
import { SignatureError, UsageError } from '../../src/errors/index.js';
import { isPolicyFileSpec, loadPolicyFile, loadPolicyPacks, resolvePolicies } from '../../src/policy/load.js';
import { tempFiles, userPackYaml, vocab } from './helpers.js';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

const builtInIds = loadPolicyPacks(vocab).map((p) => p.id);

describe('loadPolicyFile', () => {
  it('loads a user pack from YAML', () => {
    const t = tempFiles({ 'acme.yaml': userPackYaml() });
    const p = loadPolicyFile(t.path('acme.yaml'), vocab);
    expect(p).toMatchObject({
      id: 'acme-internal',
      version: 3,
      kind: 'procurement',
      vendors: ['Hikvision', 'Dahua'],
      vendorCountries: [],
      vendorDates: {},
      references: [],
      coversSubsidiaries: true,
      coversOemProducts: false,
      source: t.path('acme.yaml'),
    });
  });

  it('loads a user pack from JSON', () => {
    const json = {
      id: 'acme-json',
      version: 1,
      title: 'ACME JSON rule',
      issuer: 'ACME',
      date: '2025-01-31',
      url: 'https://example.com/rule',
      kind: 'advisory',
      vendorCountries: ['CN'],
      coversSubsidiaries: false,
      coversOemProducts: true,
      scope: 'Any China-based maker.',
    };
    const t = tempFiles({ 'acme.json': JSON.stringify(json, null, 2) });
    expect(loadPolicyFile(t.path('acme.json'), vocab)).toMatchObject({ id: 'acme-json', vendors: [] });
  });

  it('rejects an unknown key with file:line', () => {
    const t = tempFiles({ 'typo.yaml': userPackYaml('coversOem: true\n') });
    const err = thrown(() => loadPolicyFile(t.path('typo.yaml'), vocab));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain(`${t.path('typo.yaml')}:14: unknown key "coversOem"`);
  });

  it('rejects an unknown vendor with the line of the list item', () => {
    const t = tempFiles({ 'bad.yaml': userPackYaml().replace('  - Dahua', '  - Acme Cameras') });
    const err = thrown(() => loadPolicyFile(t.path('bad.yaml'), vocab));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain(`${t.path('bad.yaml')}:10: unknown vendor "Acme Cameras"`);
  });

  it('rejects an unknown key in JSON with its line', () => {
    const t = tempFiles({ 'bad.json': '{\n  "id": "x",\n  "vendorz": []\n}\n' });
    expect(thrown(() => loadPolicyFile(t.path('bad.json'), vocab)).message).toContain(
      `${t.path('bad.json')}:3: unknown key "vendorz"`,
    );
  });

  it.each([
    ['a missing required key', userPackYaml().replace(/^kind: .*\n/m, ''), /policy needs "kind"/],
    ['a bad kind', userPackYaml().replace('kind: procurement', 'kind: embargo'), /:7: "kind" must be one of/],
    ['a bad date', userPackYaml().replace('2024-05-01', '2024-02-30'), /:5: "date" must be an ISO date/],
    ['a non-integer version', userPackYaml().replace('version: 3', 'version: 1.5'), /:2: "version"/],
    [
      'a non-boolean cover flag',
      userPackYaml().replace('coversSubsidiaries: true', 'coversSubsidiaries: yes'),
      /:11:/,
    ],
    ['a bad URL', userPackYaml().replace('https://intranet', 'intranet'), /:6: "url" must be/],
    ['a bad country', userPackYaml('vendorCountries: [China]\n'), /:14: country "China"/],
    [
      'a dated vendor it does not name',
      userPackYaml('vendorDates:\n  Uniview: 2024-12-10\n'),
      /:14: vendorDates names "Uniview"/,
    ],
    [
      'no vendors at all',
      userPackYaml().replace('  - Hikvision\n  - Dahua\n', ''),
      /needs "vendors" or "vendorCountries"/,
    ],
    ['a duplicate key', userPackYaml('id: again\n'), /:14: YAML: /],
  ])('rejects %s', (_what, text, pattern) => {
    const t = tempFiles({ 'p.yaml': text });
    const err = thrown(() => loadPolicyFile(t.path('p.yaml'), vocab));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(pattern);
  });

  it('says clearly when the file is missing', () => {
    const err = thrown(() => loadPolicyFile('/nonexistent/policy.yaml', vocab));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('policy file /nonexistent/policy.yaml not found');
  });

  it('says clearly when the path is a directory', () => {
    const t = tempFiles({});
    expect(thrown(() => loadPolicyFile(t.dir, vocab)).message).toMatch(/is not a file/);
  });
});

describe('loadPolicyPacks on a pack directory', () => {
  it('fails with file:line (SignatureError) on a bad built-in pack', () => {
    const t = tempFiles({ 'acme-internal.yaml': userPackYaml('vendor: Dahua\n') });
    const err = thrown(() => loadPolicyPacks(vocab, t.dir));
    expect(err).toBeInstanceOf(SignatureError);
    expect(err.message).toBe('src/policy/packs/acme-internal.yaml:14: unknown key "vendor"');
  });

  it('requires a built-in pack id to match its file name', () => {
    const t = tempFiles({ 'other-name.yaml': userPackYaml() });
    expect(thrown(() => loadPolicyPacks(vocab, t.dir)).message).toMatch(
      /other-name.yaml:1: id "acme-internal" must match the file name "other-name"/,
    );
  });
});

describe('resolvePolicies', () => {
  it('defaults to the `all` preset: every built-in pack, UK first, in the preset order', () => {
    for (const specs of [undefined, []]) {
      const ids = resolvePolicies(specs, vocab).map((p) => p.id);
      expect([...ids].sort()).toEqual([...builtInIds].sort());
      expect(ids).toEqual([
        'uk-bscc-2022',
        'uk-cabinet-office-2022',
        'us-ndaa-889',
        'us-fcc-covered-list',
        'us-commerce-entity-list',
      ]);
    }
  });

  it('picks built-in ids in the order given, dropping repeats', () => {
    const ids = resolvePolicies(['us-ndaa-889', 'uk-bscc-2022', 'us-ndaa-889'], vocab).map((p) => p.id);
    expect(ids).toEqual(['us-ndaa-889', 'uk-bscc-2022']);
  });

  it('mixes built-in ids and pack files', () => {
    const t = tempFiles({ 'acme.yaml': userPackYaml() });
    const packs = resolvePolicies(['uk-bscc-2022', t.path('acme.yaml')], vocab);
    expect(packs.map((p) => p.id)).toEqual(['uk-bscc-2022', 'acme-internal']);
    expect(packs[1]?.source).toBe(t.path('acme.yaml'));
  });

  it('rejects an unknown id and lists the known ones', () => {
    const err = thrown(() => resolvePolicies(['us-ndaa'], vocab));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('unknown policy "us-ndaa"');
    for (const id of builtInIds) expect(err.message).toContain(id);
  });

  it('treats a spec with a pack extension as a file', () => {
    expect(thrown(() => resolvePolicies(['mine.yaml'], vocab)).message).toBe(
      'policy file mine.yaml not found',
    );
  });

  it('rejects a user pack that reuses a built-in id', () => {
    const t = tempFiles({ 'fake.yaml': userPackYaml().replace('id: acme-internal', 'id: us-ndaa-889') });
    const err = thrown(() => resolvePolicies(['us-ndaa-889', t.path('fake.yaml')], vocab));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/policy id "us-ndaa-889" is used by both built-in and /);
  });

  it('tells file specs from ids', () => {
    expect(isPolicyFileSpec('us-ndaa-889')).toBe(false);
    expect(isPolicyFileSpec('./mine')).toBe(true);
    expect(isPolicyFileSpec('mine.yml')).toBe(true);
    expect(isPolicyFileSpec('MINE.JSON')).toBe(true);
  });
});
