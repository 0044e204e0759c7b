/**
 * OUI data: the checked-in table is exactly what scripts/build-oui.mjs derives from the
 * packaged IEEE registry, lookups pick the most specific registration, and rebranders' own
 * prefixes name the badge, not the OEM.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { capturedMacs, matchEvidence } from '../../src/engine/match.js';
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

describe('MACs captured by signatures', () => {
  it('weighs the MAC in a Hikvision camera realm through the OUI table', () => {
    // go2rtc#2232: a DS-2CD1148-I/B answers DESCRIBE with Digest realm="b4a38201a73f".
    const realm = ev('rtsp.auth.realm', 'b4a38201a73f');
    const observed = matchEvidence(lib, [realm]);
    expect(observed.map((m) => m.signature.strength)).toEqual(['class']);
    const [mac] = capturedMacs(observed, [realm]);
    expect(mac).toMatchObject({ field: 'mac.address', value: 'b4:a3:82:01:a7:3f', port: realm.port });
    expect(mac?.request).toMatch(/class\.rtsp-realm\.mac-hex read it from rtsp\.auth\.realm/);
    const v = decide(
      [realm, ...(mac ? [mac] : [])],
      [...observed, ...matchEvidence(lib, mac ? [mac] : [])],
      lib.vocabulary,
    );
    expect(v.oem.vendor).toBe('Hikvision');
  });

  it('weighs the MAC a unit puts in its WS-Discovery scopes (any separator, a vendor segment)', () => {
    // Haicam/Haicam golang/discovery.go: a DS-2CD2385G1-I's ProbeMatch carries onvif://www.onvif.org/MAC/58:50:ed:1f:e3:85.
    for (const [scope, want] of [
      ['onvif://www.onvif.org/MAC/58:50:ed:1f:e3:85', '58:50:ed:1f:e3:85'],
      ['onvif://www.onvif.org/vendor/mac/58-50-ED-1F-E3-85', '58:50:ed:1f:e3:85'],
      ['onvif://www.onvif.org/macaddress/5850ed1fe385', '58:50:ed:1f:e3:85'],
    ] as const) {
      const item = ev('wsd.scope', scope);
      const [mac] = capturedMacs(matchEvidence(lib, [item]), [item]);
      expect(mac?.value, scope).toBe(want);
      expect(matchEvidence(lib, mac ? [mac] : [])[0]?.signature.vendor).toBe('Hikvision');
    }
    const empty = ev('wsd.scope', 'onvif://www.onvif.org/macaddress/');
    expect(capturedMacs(matchEvidence(lib, [empty]), [empty])).toEqual([]);
  });

  it('does not repeat a MAC the host already showed, nor invent one from a non-MAC capture', () => {
    const realm = ev('http.auth.realm', 'AXIS_ACCC8E494578');
    const arp = ev('mac.address', 'ac:cc:8e:49:45:78');
    expect(capturedMacs(matchEvidence(lib, [realm, arp]), [realm, arp])).toEqual([]);
    const other = ev('rtsp.auth.realm', 'Login to 4K01FD2PAJ6E3FF');
    expect(capturedMacs(matchEvidence(lib, [other]), [other])).toEqual([]);
  });
});
