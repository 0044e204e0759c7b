/**
 * The default policies of `scan` and `identify`: OEMSCAN_POLICIES, else the `policies` key of
 * the config file (--config, else OEMSCAN_CONFIG), else nothing (the `all` preset).
 */
import { describe, expect, it } from 'vitest';
import { defaultPolicySpecs } from '../../src/policy/defaults.js';
import { tempFiles } from './helpers.js';

describe('defaultPolicySpecs', () => {
  it('is undefined (the all preset) with no variable and no config', () => {
    expect(defaultPolicySpecs(undefined, {})).toBeUndefined();
  });

  it('reads `policies` from the config file, the same key `serve` reads', () => {
    const t = tempFiles({ 'oemscan.yaml': 'targets: [127.0.54.0/24]\npolicies: [uk]\n' });
    expect(defaultPolicySpecs(t.path('oemscan.yaml'), {})).toEqual(['uk']);
    expect(defaultPolicySpecs(undefined, { OEMSCAN_CONFIG: t.path('oemscan.yaml') })).toEqual(['uk']);
  });

  it('prefers --config over OEMSCAN_CONFIG and OEMSCAN_POLICIES over both', () => {
    const t = tempFiles({ 'a.yaml': 'policies: [us]\n', 'b.json': '{"policies": "uk"}' });
    expect(defaultPolicySpecs(t.path('a.yaml'), { OEMSCAN_CONFIG: t.path('b.json') })).toEqual(['us']);
    expect(defaultPolicySpecs(undefined, { OEMSCAN_CONFIG: t.path('b.json') })).toEqual(['uk']);
    expect(defaultPolicySpecs(t.path('a.yaml'), { OEMSCAN_POLICIES: 'uk, us-ndaa-889' })).toEqual([
      'uk',
      'us-ndaa-889',
    ]);
  });

  it('resolves a pack file in the config relative to the config', () => {
    const t = tempFiles({ 'oemscan.yaml': 'policies: [all, packs/acme.yaml]\n' });
    expect(defaultPolicySpecs(t.path('oemscan.yaml'), {})).toEqual(['all', t.path('packs/acme.yaml')]);
  });

  it('is undefined when the config has no policies key', () => {
    const t = tempFiles({ 'oemscan.yaml': 'schedule: "0 */6 * * *"\n' });
    expect(defaultPolicySpecs(t.path('oemscan.yaml'), {})).toBeUndefined();
  });

  it('rejects a missing file, bad YAML and a policies value that is not a list', () => {
    const t = tempFiles({ 'bad.yaml': 'policies: [uk\n', 'num.yaml': 'policies: 3\n' });
    expect(() => defaultPolicySpecs(t.path('none.yaml'), {})).toThrow(/cannot read config .*ENOENT/);
    expect(() => defaultPolicySpecs(t.path('bad.yaml'), {})).toThrow(/bad\.yaml:\d+: /);
    expect(() => defaultPolicySpecs(t.path('num.yaml'), {})).toThrow(/policies must be a list/);
  });
});
