/**
 * The probe descriptors are the only registration (issue 12, "adding a probe must be easy"): the
 * phases, the TCP port list, which probe runs on which port, and the field lists of the verdict,
 * the merge and the token search all follow from the registry's list. A throwaway probe declared
 * here, and only here, shows up in each of them once it is on a list; the real registry's
 * derivations keep what the hand-kept lists said before (in the same order), and a new probe
 * adds to them without editing this file.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import { loadVocabulary } from '../../src/engine/vocabulary.js';
import {
  EVIDENCE_FIELDS,
  type Evidence,
  type EvidenceField,
  makeEvidence,
} from '../../src/evidence/types.js';
import { fieldCatalog, portRule, tcpPorts } from '../../src/probes/catalog.js';
import { describeProbe, PHASES, type ProbeDescriptor } from '../../src/probes/descriptor.js';
import { DHIP_FIELDS } from '../../src/probes/dhip/index.js';
import {
  ALL_PROBES,
  DEFAULT_TCP_PORTS,
  DISCOVERY_PROBES,
  FIELDS,
  PORT_PROBES,
  PROBES,
  runsOn,
  SDK_CREDENTIALED_PROBES,
  UDP_PROBES,
  WEB_CREDENTIALED_PROBES,
} from '../../src/probes/registry.js';
import { SADP_FIELDS } from '../../src/probes/sadp/index.js';
import { UPNP_FIELDS } from '../../src/probes/ssdp/index.js';
import type { Probe } from '../../src/probes/types.js';
import { mergeHosts } from '../../src/scan/merge.js';
import { dataPath } from '../../src/util/paths.js';
import { decide } from '../../src/verdict/decide.js';

const vocab = loadVocabulary(dataPath('fingerprints', 'vocabulary'));
const names = (ps: readonly { name: string }[]) => ps.map((p) => p.name);

/** A probe no registry knows: one TCP port of its own, a model and a serial field. */
const fakeProbe: Probe = {
  name: 'fake-sdk',
  description: 'a test-only probe on TCP 9527',
  transport: 'tcp',
  defaultPorts: [9527],
  run: async (target) => ({
    status: 'ok',
    evidence: [
      makeEvidence(
        { probe: 'fake-sdk', ip: target.ip, port: target.port, transport: 'tcp' },
        'upnp.model-number',
        'FAKE-9527',
      ),
    ],
  }),
};
const fake = describeProbe(fakeProbe, {
  phase: 'port',
  services: ['fake'],
  fields: {
    'upnp.model-number': { model: 5 },
    'http.endpoint': { serial: 5, mergeKey: 'serial' },
  },
});
const withFake: readonly ProbeDescriptor[] = [...PROBES, fake];

const ev = (field: EvidenceField, value: string, ip = '127.0.51.9'): Evidence =>
  makeEvidence({ probe: 'test', ip, port: 80, transport: 'tcp' }, field, value);

describe('registering a probe is one descriptor on the list', () => {
  it('its standard port joins the TCP port list, and it runs there instead of plain HTTP', () => {
    expect(DEFAULT_TCP_PORTS).not.toContain(9527);
    expect(tcpPorts(withFake)).toEqual([...DEFAULT_TCP_PORTS, 9527].sort((a, b) => a - b));
    const rule = portRule(withFake);
    const http = PORT_PROBES.find((p) => p.name === 'http') as Probe;
    // Unregistered, 9527 is a port nobody claims, so the HTTP probe tries it.
    expect(runsOn(http, 9527 + 100, 100)).toBe(true);
    expect(runsOn(fakeProbe, 9527 + 100, 100)).toBe(false);
    expect(rule(fakeProbe, 9527 + 100, 100)).toBe(true);
    expect(rule(http, 9527 + 100, 100)).toBe(false);
    expect(rule(fakeProbe, 80 + 100, 100)).toBe(false);
  });

  it('its model field is read by the verdict, ahead of the fields it outranks', () => {
    const evidence = [ev('upnp.model-number', 'FAKE-9527'), ev('onvif.model', 'IPC-HDW5831R-ZE')];
    expect(decide(evidence, [], vocab).model).toBe('IPC-HDW5831R-ZE');
    expect(decide(evidence, [], vocab, fieldCatalog(withFake)).model).toBe('FAKE-9527');
    expect(decide([ev('upnp.model-number', 'FAKE-9527')], [], vocab).model).toBeNull();
  });

  it('its serial field is a serial and a merge key', () => {
    const catalog = fieldCatalog(withFake);
    expect(decide([ev('http.endpoint', '200 /fake')], [], vocab, catalog).serial).toBe('200 /fake');
    const host = (ip: string) => ({
      ip,
      responsive: true,
      evidence: [ev('http.endpoint', 'SER-1', ip)],
      services: [],
      errors: [],
    });
    const hosts = [host('127.0.51.21'), host('127.0.51.22')];
    expect(
      mergeHosts(
        hosts,
        [],
        () => true,
        () => undefined,
      ),
    ).toHaveLength(2);
    expect(
      mergeHosts(
        hosts,
        [],
        () => true,
        () => undefined,
        catalog,
      ),
    ).toHaveLength(1);
  });
});

/**
 * The known entries of a derived list, in this relative order: what the hand-kept lists said
 * before the descriptors. A new probe adds its own entries anywhere without editing this test.
 */
function inOrder<T>(actual: readonly T[] | ReadonlySet<T>, known: readonly T[]) {
  expect([...actual].filter((x) => known.includes(x))).toEqual(known);
}
/** The known entries of a derived set, in any order. */
function containsAll<T>(actual: readonly T[] | ReadonlySet<T>, known: readonly T[]) {
  const have = new Set(actual);
  expect(known.filter((k) => !have.has(k))).toEqual([]);
}
const ODD_PORT = 61111;

describe('the registry', () => {
  it('lists each probe once, every name unique, every phase known', () => {
    expect(new Set(names(PROBES)).size).toBe(PROBES.length);
    for (const d of PROBES) expect(PHASES).toContain(d.phase);
    expect(names(ALL_PROBES).length + DISCOVERY_PROBES.length).toBe(PROBES.length);
  });

  it('derives the phases in the order the probes run', () => {
    inOrder(names(UDP_PROBES), ['ws-discovery', 'dhip-unicast', 'sadp-unicast', 'ssdp-unicast']);
    inOrder(names(PORT_PROBES), ['http', 'https', 'tls', 'rtsp', 'onvif', 'dhip-login']);
    inOrder(names(WEB_CREDENTIALED_PROBES), ['isapi', 'dahua-cgi', 'lapi']);
    inOrder(names(SDK_CREDENTIALED_PROBES), ['dvrip']);
    inOrder(names(DISCOVERY_PROBES), ['ws-discovery-multicast', 'ssdp', 'sadp', 'dhip']);
    // The link-wide probes stay out of the per-host phase.
    expect(names(UDP_PROBES)).not.toContain('sadp');
  });

  it('derives the default TCP ports, ascending: web UIs, RTSP, the SDK ports', () => {
    inOrder(
      DEFAULT_TCP_PORTS,
      [80, 81, 85, 88, 443, 554, 2020, 8000, 8080, 8443, 8554, 8899, 10554, 34567, 37777],
    );
    expect([...DEFAULT_TCP_PORTS].sort((a, b) => a - b)).toEqual(DEFAULT_TCP_PORTS);
    expect(new Set(DEFAULT_TCP_PORTS).size).toBe(DEFAULT_TCP_PORTS.length);
  });

  it.each([
    [
      'http',
      [80, 81, 85, 88, 5000, 8080, 8899, ODD_PORT],
      [443, 8443, 554, 2020, 8000, 8554, 10554, 34567, 37777],
    ],
    ['https', [443, 8443], [80, 8080, 554, ODD_PORT]],
    ['tls', [443, 8443], [80, 554, ODD_PORT]],
    ['rtsp', [554, 88, 8554, 10554], [80, 443, 2020, ODD_PORT]],
    ['onvif', [80, 2020, 8080, 8899], [443, 554, 8554, ODD_PORT]],
    ['dhip-login', [5000], [80, 554, 37777, ODD_PORT]],
    ['dahua-dvrip', [37777], [80, 554, 5000, 34567, ODD_PORT]],
    ['hikvision-sdk', [8000], [80, 554, 37777, 34567, ODD_PORT]],
    ['baichuan', [9000], [80, 554, 8000, 37777, ODD_PORT]],
    ['dvrip', [34567], [80, 37777, 8000]],
  ])('%s runs on %j and not on %j (offset 1000)', (name, yes, no) => {
    const probe = [...PORT_PROBES, ...SDK_CREDENTIALED_PROBES].find((p) => p.name === name) as Probe;
    for (const p of yes) expect(runsOn(probe, p + 1000, 1000), `${name} on ${p}`).toBe(true);
    for (const p of no) expect(runsOn(probe, p + 1000, 1000), `${name} on ${p}`).toBe(false);
  });

  it('derives the verdict field lists, most believed first', () => {
    inOrder(FIELDS.model.stated, ['device.model', 'onvif.model', 'sadp.model', 'dhip.device-type']);
    inOrder(FIELDS.model.fallback, ['upnp.model-name']);
    inOrder(FIELDS.firmware.stated, ['device.firmware', 'onvif.firmware', 'sadp.firmware', 'dhip.firmware']);
    inOrder(FIELDS.serial.stated, [
      'device.serial',
      'onvif.serial',
      'sadp.serial',
      'dhip.serial',
      'upnp.serial',
    ]);
    expect(FIELDS.model.stated).not.toContain('upnp.model-name');
    inOrder(FIELDS.brandClaim, ['onvif.manufacturer', 'device.manufacturer', 'upnp.manufacturer']);
    expect(FIELDS.brandClaim).not.toContain('dhip.vendor');
    inOrder(FIELDS.selfNaming, [
      'rtsp.auth.realm',
      'http.auth.realm',
      'http.header.server',
      'rtsp.header.server',
      'tls.subject',
      'tls.issuer',
      'wsd.scope',
      'http.title',
    ]);
    containsAll(FIELDS.manufacturer, [
      'onvif.manufacturer',
      'device.manufacturer',
      'dhip.vendor',
      'dhip.manufacturer',
      'upnp.manufacturer',
    ]);
  });

  it('derives the fields only video devices state: ONVIF and RTSP, not the MAC ONVIF also reads', () => {
    containsAll(FIELDS.video, [
      'rtsp.header.server',
      'rtsp.auth.realm',
      'onvif.manufacturer',
      'onvif.model',
      'onvif.firmware',
      'onvif.serial',
      'onvif.hardware-id',
    ]);
    expect(FIELDS.video.has('mac.address')).toBe(false);
  });

  it('derives the shared grammars: vendor API identity as ONVIF, an HTTP Server as an SSDP SERVER', () => {
    expect(Object.fromEntries(FIELDS.grammarOf)).toMatchObject({
      'device.manufacturer': 'onvif.manufacturer',
      'device.model': 'onvif.model',
      'device.firmware': 'onvif.firmware',
      'device.serial': 'onvif.serial',
      'device.hardware': 'onvif.hardware-id',
      'http.header.server': 'ssdp.server',
      'http.auth.realm': 'rtsp.auth.realm',
      'rtsp.auth.realm': 'http.auth.realm',
    });
  });

  it("reads a realm with the other protocol's realm grammar: a device offers one realm on every login", () => {
    const lib = loadSignatureLibrary();
    // Dahua's hashed realm is sourced on RTSP, Dahua's DH_<MAC> on HTTP (fingerprints/*-auth-realm.yaml).
    expect(matchValue(lib, 'http.auth.realm', `Login to ${'8ef1c7b0'.repeat(4)}`)?.signature.vendor).toBe(
      'Dahua',
    );
    expect(matchValue(lib, 'rtsp.auth.realm', 'DH_3CEF8C112233')?.signature.vendor).toBe('Dahua');
  });

  it('derives the merge keys: serial, then MAC, then protocol endpoint (a vendor API serial is none)', () => {
    expect(FIELDS.mergeKeys).toHaveLength(3);
    containsAll(FIELDS.mergeKeys[0] ?? [], ['onvif.serial', 'upnp.serial', 'sadp.serial', 'dhip.serial']);
    containsAll(FIELDS.mergeKeys[1] ?? [], ['mac.address']);
    containsAll(FIELDS.mergeKeys[2] ?? [], ['wsd.endpoint', 'upnp.udn']);
    expect(FIELDS.mergeKeys.flat()).not.toContain('device.serial');
  });

  it('derives the free-text fields searched for identity tokens', () => {
    containsAll(FIELDS.text, [
      'wsd.scope',
      'upnp.manufacturer',
      'upnp.model-name',
      'upnp.model-number',
      'upnp.model-description',
      'upnp.friendly-name',
      'ssdp.server',
      'http.header.server',
      'http.auth.realm',
      'http.title',
      'http.body',
      'tls.subject',
      'tls.issuer',
      'rtsp.header.server',
      'rtsp.auth.realm',
      'sadp.oem-info',
    ]);
    for (const f of ['onvif.model', 'device.model', 'mac.address', 'http.favicon.md5'] as const)
      expect(FIELDS.text.has(f), f).toBe(false);
  });
});

describe('declared fields', () => {
  it('every declared field is an evidence field', () => {
    for (const d of PROBES)
      for (const f of Object.keys(d.fields)) expect(EVIDENCE_FIELDS, `${d.name}: ${f}`).toContain(f);
  });

  it('every evidence field is declared by some probe', () => {
    const declared = new Set(PROBES.flatMap((d) => Object.keys(d.fields)));
    expect(EVIDENCE_FIELDS.filter((f) => !declared.has(f))).toEqual([]);
  });

  it('probes declaring the same field give it the same roles', () => {
    const seen = new Map<string, { by: string; role: string }>();
    for (const d of PROBES)
      for (const [f, role] of Object.entries(d.fields)) {
        const first = seen.get(f);
        const r = JSON.stringify(role, Object.keys(role ?? {}).sort());
        if (!first) seen.set(f, { by: d.name, role: r });
        else expect(r, `${f}: ${d.name} vs ${first.by}`).toBe(first.role);
      }
  });

  it.each([
    ['dhip', DHIP_FIELDS],
    ['sadp', SADP_FIELDS],
    ['ssdp', UPNP_FIELDS],
  ] as const)('%s: every field its reply table maps to is declared', (name, table) => {
    const d = PROBES.find((p) => p.name === name);
    for (const [, field] of table) expect(Object.keys(d?.fields ?? {}), field).toContain(field);
  });

  it('a declared service is what the report can list', () => {
    const services = new Set<string>(PROBES.flatMap((d): readonly string[] => d.services));
    for (const s of ['dhip', 'http', 'https', 'onvif', 'rtsp', 'sadp', 'ssdp', 'tcp', 'ws-discovery'])
      expect(services.has(s), s).toBe(true);
  });
});

// The fake is only ever on a list built in this file.
it('the fake probe is on no real list', () => {
  expect(names(PROBES)).not.toContain(fake.name);
  expect(names(ALL_PROBES)).not.toContain(fake.name);
});
