/**
 * Identity values signatures capture from other fields (a MAC or serial inside a realm) are read
 * again by the grammars of their own kind, and count as the observation they came from.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary, type SignatureLibrary } from '../../src/engine/load.js';
import { capturedIdentity, matchEvidence } from '../../src/engine/match.js';
import { makeEvidence } from '../../src/evidence/types.js';
import { fingerprint } from '../../src/scan/device.js';
import { decide } from '../../src/verdict/decide.js';

const lib = loadSignatureLibrary();
const ev = (field: Parameters<typeof makeEvidence>[1], value: string) =>
  makeEvidence({ probe: 'test', ip: '10.0.0.1', port: 0, transport: 'tcp' }, field, value);
const without = (id: string): SignatureLibrary => ({
  ...lib,
  byField: new Map([...lib.byField].map(([f, sigs]) => [f, sigs.filter((s) => s.id !== id)])),
});

describe('MACs captured by signatures', () => {
  it('weighs the MAC in a Hikvision camera realm through the OUI table', () => {
    // go2rtc#2232: a DS-2CD1148-I/B answers DESCRIBE with Digest realm="b4a38201a73f".
    const realm = ev('rtsp.auth.realm', 'b4a38201a73f');
    const observed = matchEvidence(lib, [realm]);
    expect(observed.map((m) => m.signature.strength)).toEqual(['class']);
    const [mac] = capturedIdentity(observed, [realm]);
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
      const [mac] = capturedIdentity(matchEvidence(lib, [item]), [item]);
      expect(mac?.value, scope).toBe(want);
      expect(matchEvidence(lib, mac ? [mac] : [])[0]?.signature.vendor).toBe('Hikvision');
    }
    const empty = ev('wsd.scope', 'onvif://www.onvif.org/macaddress/');
    expect(capturedIdentity(matchEvidence(lib, [empty]), [empty])).toEqual([]);
  });

  it('does not repeat a MAC the host already showed, nor invent one from a non-MAC capture', () => {
    const realm = ev('http.auth.realm', 'AXIS_ACCC8E494578');
    const arp = ev('mac.address', 'ac:cc:8e:49:45:78');
    expect(capturedIdentity(matchEvidence(lib, [realm, arp]), [realm, arp])).toEqual([]);
    const other = ev('rtsp.auth.realm', 'Login to 4K01FD2PAJ6E3FF');
    expect(capturedIdentity(matchEvidence(lib, [other]), [other]).map((e) => e.field)).toEqual([
      'device.serial',
    ]);
  });
});

describe('serials captured by signatures', () => {
  // fingerprints/http-auth-realm.yaml: indigo-amcrest's camera answers Digest realm
  // "Login to AMC0173D67671799E7", Dahua's realm form with an 18-character Amcrest serial.
  const realm = 'Login to AMC0173D67671799E7';

  it.each(['http.auth.realm', 'rtsp.auth.realm'] as const)(
    'name the badge whose serial a Dahua %s states, with Dahua as the maker',
    (field) => {
      const { verdict, evidence } = fingerprint([ev(field, realm)], lib);
      expect(verdict.oem).toMatchObject({ vendor: 'Dahua', rebranded: true });
      expect(verdict.brand).toBe('Amcrest');
      expect(verdict.serial).toBe('AMC0173D67671799E7');
      expect(evidence.find((e) => e.field === 'device.serial')?.request).toMatch(/read it from /);
      // The badge is the serial grammar's knowledge: without it, the realm names only the maker.
      const bare = fingerprint([ev(field, realm)], without('amcrest.onvif-serial')).verdict;
      expect(bare.oem.vendor).toBe('Dahua');
      expect(bare.brand).toBeNull();
    },
  );

  it('count a value read out of an item as that item, not as a second signal', () => {
    // Axis's realm carries its MAC; the OUI table names Axis again from the same answer.
    const { verdict, matches } = fingerprint([ev('http.auth.realm', 'AXIS_ACCC8E494578')], lib);
    expect(matches.map((m) => m.signature.vendor)).toEqual(['Axis', 'Axis']);
    expect(verdict.oem.basis).toMatch(/^1 independent signal for Axis/);
    // The same MAC from the neighbour table is a separate observation.
    const arp = fingerprint(
      [ev('http.auth.realm', 'AXIS_ACCC8E494578'), ev('mac.address', 'ac:cc:8e:49:45:78')],
      lib,
    );
    expect(arp.verdict.oem.basis).toMatch(/^2 independent signals for Axis/);
  });

  it('leave a model token found in free text at its capped weight', () => {
    const body = ev('http.body', 'type=IPC-HDW5831R-ZE');
    const noBody = { ...lib, byField: new Map([...lib.byField].filter(([f]) => f !== 'http.body')) };
    expect(capturedIdentity(matchEvidence(noBody, [body]), [body])).toEqual([]);
  });
});
