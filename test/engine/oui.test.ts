/**
 * OUI data: the checked-in table is exactly what scripts/build-oui.mjs derives from the
 * packaged IEEE registry, lookups pick the most specific registration, and rebranders' own
 * prefixes name the badge, not the OEM.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchEvidence } from '../../src/engine/match.js';
import { makeEvidence } from '../../src/evidence/types.js';
import { dataPath } from '../../src/util/paths.js';
import { decide } from '../../src/verdict/decide.js';

const lib = loadSignatureLibrary();
const ev = (field: Parameters<typeof makeEvidence>[1], value: string) =>
  makeEvidence({ probe: 'test', ip: '10.0.0.1', port: 0, transport: 'tcp' }, field, value);

describe('OUI table', () => {
  it('is up to date with the registry package', () => {
    const out = execFileSync(process.execPath, [dataPath('scripts', 'build-oui.mjs'), '--check']).toString();
    expect(out).toMatch(/matches oui-data@2\.1\.9/);
  });

  it.each([
    ['24:28:fd:12:34:56', 'Hikvision', undefined, 'oem'], // Hikvision MA-L (research oui.json)
    ['e0:50:8b:00:00:01', 'Dahua', undefined, 'oem'],
    ['ac:cc:8e:be:cc:ea', 'Axis', undefined, 'oem'], // the Axis M5525-E mock's serial is its MAC
    ['00:1f:54:aa:bb:cc', undefined, 'Lorex', 'brand'],
    ['14:2f:fd:00:11:22', undefined, 'LTS', 'brand'],
    ['34:46:63:2a:bb:cc', undefined, 'Amcrest', 'brand'], // MA-M (28-bit) registration
    ['00:0e:53:00:00:01', 'AVTECH', undefined, 'oem'], // AV TECH CORPORATION
    ['e4:7d:5a:00:00:01', 'HanBang', undefined, 'oem'],
    ['00:21:a6:00:00:01', 'Videotec', undefined, 'oem'],
    ['00:14:d1:00:00:01', undefined, 'TRENDnet', 'brand'],
    ['80:85:44:00:00:01', undefined, 'Intelbras', 'brand'],
    ['2c:aa:8e:00:00:01', undefined, 'Wyze', 'brand'],
  ])('%s -> %s %s (%s)', (mac, vendor, brand, strength) => {
    const hit = lib.oui.lookup(mac);
    expect(hit?.entry.vendor).toBe(vendor);
    expect(hit?.entry.brand).toBe(brand);
    expect(hit?.entry.strength).toBe(strength);
  });

  it('does not match unrelated or malformed MACs', () => {
    expect(lib.oui.lookup('00:00:00:00:00:01')).toBeUndefined();
    expect(lib.oui.lookup('34:46:63:1a:bb:cc')).toBeUndefined(); // outside Amcrest's MA-M block
    expect(lib.oui.lookup('not-a-mac')).toBeUndefined();
  });

  it('feeds the verdict: an LTS badge on a Hikvision NIC is a Hikvision rebrand', () => {
    const evidence = [ev('mac.address', '24:28:fd:12:34:56'), ev('onvif.manufacturer', 'LTS')];
    const v = decide(evidence, matchEvidence(lib, evidence), lib.vocabulary);
    expect(v.oem).toMatchObject({ vendor: 'Hikvision', rebranded: true });
    expect(v.brand).toBe('LTS');
  });

  it('knows every TP-Link registrant (the older company and TP-Link Systems), as the badge only', () => {
    const entries = ['TP-LINK TECHNOLOGIES CO.,LTD.', 'TP-Link Systems Inc.', 'TP-Link Systems Inc'].map(
      (r) => lib.oui.entries.find((e) => e.registrant === r),
    );
    for (const e of entries) expect(e).toMatchObject({ brand: 'TP-Link', strength: 'brand' });
  });

  it("never turns a rebrander's own OUI into an OEM", () => {
    const evidence = [ev('mac.address', '00:1f:54:aa:bb:cc')];
    const v = decide(evidence, matchEvidence(lib, evidence), lib.vocabulary);
    expect(v.brand).toBe('Lorex');
    expect(v.oem.vendor).toBeNull();
  });
});
