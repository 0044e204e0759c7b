/**
 * The fusion rules on hand-built matches: independent signals add up, a rebrand badge alone
 * never decides, conflicts dilute, and brand vs OEM sets `rebranded`.
 */
import { describe, expect, it } from 'vitest';
import type { Signature, SignatureMatch, Strength } from '../../src/engine/types.js';
import { loadVocabulary } from '../../src/engine/vocabulary.js';
import { type Evidence, type EvidenceField, makeEvidence } from '../../src/evidence/types.js';
import { dataPath } from '../../src/util/paths.js';
import { decide } from '../../src/verdict/decide.js';
import { testSignature } from '../helpers/signature.js';

const vocab = loadVocabulary(dataPath('fingerprints', 'vocabulary'));
const ev = (field: EvidenceField, value: string): Evidence =>
  makeEvidence({ probe: 'test', ip: '127.0.0.1', port: 80, transport: 'tcp' }, field, value);

function hit(
  id: string,
  vendor: string | undefined,
  strength: Strength,
  certainty: number,
  e: Evidence,
  extra: Partial<Signature> = {},
): SignatureMatch {
  const signature = testSignature({
    id,
    field: e.field,
    strength,
    certainty,
    ...(vendor ? { vendor } : {}),
    ...extra,
  });
  return { signature, evidence: e, captured: {} };
}

/** The verdict on the given hits, each on its own evidence item. */
const fuse = (...hits: SignatureMatch[]) =>
  decide(
    hits.map((h) => h.evidence),
    hits,
    vocab,
  );

describe('decide', () => {
  it('calls nothing without vendor evidence', () => {
    const v = decide([ev('http.header.server', 'nginx')], [], vocab);
    expect(v.oem.vendor).toBeNull();
    expect(v.type).toBe('unknown');
  });

  it('combines independent signals', () => {
    const a = ev('http.header.server', 'x');
    const b = ev('rtsp.header.server', 'y');
    const v = decide(
      [a, b],
      [hit('a', 'Dahua', 'family', 0.5, a), hit('b', 'Dahua', 'family', 0.5, b)],
      vocab,
    );
    expect(v.oem.vendor).toBe('Dahua');
    expect(v.oem.confidence).toBe(0.75);
  });

  it('does not count the same signature twice', () => {
    const a = ev('http.header.server', 'x');
    const a2 = { ...a, port: 8080 };
    const v = decide(
      [a, a2],
      [hit('a', 'Dahua', 'family', 0.5, a), hit('a', 'Dahua', 'family', 0.5, a2)],
      vocab,
    );
    // One family signal, seen twice, is still one: Dahua is only probable.
    expect(v.oem).toMatchObject({
      vendor: 'Dahua',
      probable: true,
      basis: expect.stringContaining('1 independent signal '),
    });
  });

  it('counts one observation once: a signature and the own-brand claim on the same Manufacturer', () => {
    const m = ev('onvif.manufacturer', 'HIKVISION');
    const v = decide([m], [hit('mfr', 'Hikvision', 'oem', 0.9, m)], vocab);
    expect(v.oem).toMatchObject({ vendor: 'Hikvision', confidence: 0.9 });
    expect(v.oem.basis).toBe('1 independent signal for Hikvision');
    // A field signature and an in-text token on one page body are one observation too.
    const b = ev('http.body', '<td>DS-2CD2143G0-I</td>');
    const two = decide(
      [b],
      [hit('body', 'Hikvision', 'family', 0.5, b), hit('token', 'Hikvision', 'family', 0.5, b)],
      vocab,
    );
    expect(two.oem).toMatchObject({
      probable: true,
      basis: expect.stringContaining('1 independent signal '),
    });
  });

  it("reads an open port's number as a hint: probable at most, never a second signal, never oem-strength", () => {
    const port = { ...ev('tcp.open', '37777'), port: 37777 };
    const alone = decide([port], [hit('port', 'Dahua', 'family', 0.4, port)], vocab);
    expect(alone.oem).toMatchObject({ vendor: 'Dahua', probable: true });
    // With one family signal it adds weight but is no second independent signal: still probable.
    const realm = ev('rtsp.auth.realm', 'x');
    const both = fuse(hit('port', 'Dahua', 'family', 0.4, port), hit('realm', 'Dahua', 'family', 0.5, realm));
    expect(both.oem).toMatchObject({ vendor: 'Dahua', probable: true });
    expect(both.oem.basis).toContain('1 independent signal ');
    // Two family signals without it establish the maker, so the port is what withholds it above.
    const realm2 = ev('http.auth.realm', 'y');
    const two = fuse(
      hit('realm', 'Dahua', 'family', 0.5, realm),
      hit('realm2', 'Dahua', 'family', 0.5, realm2),
    );
    expect(two.oem.probable).toBeUndefined();
    // A hint signature at oem strength still establishes nothing by itself.
    const strong = decide([port], [hit('port', 'Dahua', 'oem', 0.9, port)], vocab);
    expect(strong.oem.probable).toBe(true);
  });

  it('names a maker as probable from one family signal well ahead of any other, never from a badge alone', () => {
    const f = ev('http.favicon.mmh3', '999357577');
    const lone = decide([f], [hit('fav', 'Hikvision', 'family', 0.5, f)], vocab);
    expect(lone.oem).toMatchObject({ vendor: 'Hikvision', probable: true });
    expect(lone.oem.confidence).toBeLessThan(0.5);
    // Too weak a signal names nobody.
    const weak = decide([f], [hit('fav', 'Hikvision', 'family', 0.3, f)], vocab);
    expect(weak.oem.vendor).toBeNull();
    // A comparable signal for another maker contradicts it.
    const r = ev('rtsp.header.server', 'y');
    const split = decide(
      [f, r],
      [hit('fav', 'Hikvision', 'family', 0.5, f), hit('r', 'Dahua', 'family', 0.45, r)],
      vocab,
    );
    expect(split.oem.vendor).toBeNull();
    // The device naming the maker itself is evidence, if not proof: probable.
    const claim = decide([ev('onvif.manufacturer', 'HIKVISION')], [], vocab);
    expect(claim.oem).toMatchObject({ vendor: 'Hikvision', probable: true });
    // A rebrand badge alone never names its reported maker.
    expect(decide([ev('onvif.manufacturer', 'LOREX')], [], vocab).oem.vendor).toBeNull();
    // Two independent family signals establish the maker: no longer probable.
    const two = decide(
      [f, r],
      [hit('fav', 'Hikvision', 'family', 0.5, f), hit('r', 'Hikvision', 'family', 0.5, r)],
      vocab,
    );
    expect(two.oem.vendor).toBe('Hikvision');
    expect(two.oem.probable).toBeUndefined();
  });

  it('takes a device naming itself in a realm, server, certificate or scope namespace as its claim', () => {
    // Signature examples of the build set (rtsp-header-server.yaml, http-auth-realm.yaml, tls-subject.yaml).
    const named = (field: EvidenceField, value: string) => decide([ev(field, value)], [], vocab);
    expect(named('rtsp.header.server', 'AvigilonOnvifNvt/2.6.0.130').oem).toMatchObject({
      vendor: 'Avigilon',
      probable: true,
    });
    expect(named('http.auth.realm', 'Arecont Vision').brand).toBe('Arecont');
    expect(named('tls.subject', 'C=KR, ST=Seoul, L=Seoul, O=Truen, OU=Security, CN=TCAM').brand).toBe(
      'Truen',
    );
    // A legal name with a comma inside ("CO.,LTD.") is read whole (tls-issuer.yaml, rroller/dahua#647).
    expect(
      named(
        'tls.issuer',
        'CN=NVR, C=CN, ST=Zhejiang, L=Hangzhou, O=ZheJiang Dahua Technology CO.,LTD., OU=NVR',
      ).brand,
    ).toBe('Dahua');
    expect(named('wsd.scope', 'onvif://www.onvif.org/avigilon/mac/00-18-85-14-3e-0a').brand).toBe('Avigilon');
    // ONVIF's own scope keys are not namespaces; a badge named this way names only the badge.
    expect(named('wsd.scope', 'onvif://www.onvif.org/type/video_encoder').brand).toBeNull();
    expect(named('http.auth.realm', 'TP-LINK IP-Camera').oem.vendor).toBeNull();
    // A whole word only (constructed boundary cases), and a chip SDK's name is nobody's claim.
    expect(named('http.header.server', 'Axis2').brand).toBeNull();
    expect(named('rtsp.auth.realm', 'Sonyx').brand).toBeNull();
    expect(
      named('rtsp.header.server', 'Hisilicon Streaming Media Server/1.0.0(Jul 30 2015)').brand,
    ).toBeNull();
    // Samsung Electronics (a VoIP server's certificate, fingerprints/negatives/tls-subject.yaml) is not Samsung Techwin.
    const voip = 'C=KR, ST=Gyeonggi-do, L=Suwon, O=Samsung Electronics, OU=I Project, CN=iPX3010';
    expect(named('tls.subject', voip).oem.vendor).toBeNull();
    // A realm that merely contains a name later on claims nothing.
    expect(named('http.auth.realm', 'Login to Dahua').brand).toBeNull();
    // A page title that starts with the maker's name (rapid7/recog html_title.xml examples), read
    // like the other fields; one that names only the product class claims nothing.
    expect(named('http.title', 'Sony Network Camera').oem).toMatchObject({ vendor: 'Sony', probable: true });
    expect(named('http.title', 'Network Video Recorder Login').brand).toBeNull();
    expect(named('http.title', 'Web Viewer for Samsung DVR').brand).toBeNull();
  });

  it('marks a rebrand: brand from ONVIF manufacturer, OEM from the stack', () => {
    const m = ev('onvif.manufacturer', 'LOREX');
    const f = ev('onvif.firmware', '2.460.0001.5.R, Build Date 2017-08-11');
    const v = decide([m, f], [hit('fw', 'Dahua', 'oem', 0.9, f)], vocab);
    expect(v).toMatchObject({ brand: 'Lorex', brandClaimed: 'LOREX', firmware: f.value, type: 'camera' });
    expect(v.oem.vendor).toBe('Dahua');
    expect(v.oem.rebranded).toBe(true);
  });

  it('takes the badge from the UPnP description when ONVIF gives none', () => {
    const m = ev('upnp.manufacturer', 'Amcrest');
    const f = ev('dhip.firmware', '2.800.0000000.13.R');
    const v = decide([m, f], [hit('fw', 'Dahua', 'oem', 0.9, f)], vocab);
    expect(v).toMatchObject({ brand: 'Amcrest', brandClaimed: 'Amcrest' });
    expect(v.oem).toMatchObject({ vendor: 'Dahua', rebranded: true });
  });

  it('lowers confidence when evidence is thin: one stack signal scores below two', () => {
    const m = ev('onvif.manufacturer', 'LOREX');
    const f = ev('onvif.firmware', '2.460.0001.5.R, Build Date 2017-08-11');
    const r = ev('http.auth.realm', 'Login to ND021811019863');
    const thin = decide([m, f], [hit('fw', 'Dahua', 'oem', 0.9, f)], vocab);
    const rich = decide(
      [m, f, r],
      [hit('fw', 'Dahua', 'oem', 0.9, f), hit('realm', 'Dahua', 'oem', 0.9, r)],
      vocab,
    );
    expect(thin.oem.vendor).toBe('Dahua');
    expect(rich.oem.vendor).toBe('Dahua');
    expect(thin.oem.confidence).toBeLessThan(rich.oem.confidence);
  });

  it('claims no badge from a placeholder manufacturer that a class signature names', () => {
    const m = ev('onvif.manufacturer', 'General');
    const f = ev('onvif.firmware', '2.460.0001.5.R, Build Date 2017-08-11');
    const v = decide([m, f], [hit('p', undefined, 'class', 0, m), hit('fw', 'Dahua', 'oem', 0.9, f)], vocab);
    expect(v).toMatchObject({ brand: null, brandClaimed: null });
    expect(v.oem).toMatchObject({ vendor: 'Dahua', rebranded: false });
    // Without the class hit, an unknown manufacturer is still reported as the badge it claims.
    const u = decide([m, f], [hit('fw', 'Dahua', 'oem', 0.9, f)], vocab);
    expect(u).toMatchObject({ brand: 'General', brandClaimed: 'General' });
  });

  it('lets a badge corroborate a family hit only when it has one documented maker', () => {
    const s = ev('http.favicon.mmh3', '999357577');
    const family = hit('fav', 'Hikvision', 'family', 0.8, s);
    // Honeywell sold Hikvision- and Dahua-made lines: the badge is no second signal for either,
    // so the family hit alone makes Hikvision only probable.
    const honeywell = decide([ev('onvif.manufacturer', 'Honeywell'), s], [family], vocab);
    expect(honeywell.oem).toMatchObject({ vendor: 'Hikvision', probable: true });
    // Annke's documented maker is Hikvision alone, so the same hit and the badge agree.
    const annke = decide([ev('onvif.manufacturer', 'ANNKE'), s], [family], vocab);
    expect(annke.oem).toMatchObject({ vendor: 'Hikvision', rebranded: true });
    expect(annke.oem.probable).toBeUndefined();
  });

  it('never decides an OEM from a rebrand badge alone', () => {
    const m = ev('onvif.manufacturer', 'LOREX');
    const v = decide([m], [], vocab);
    expect(v.brand).toBe('Lorex');
    expect(v.oem.vendor).toBeNull();
  });

  it("treats an OEM's own brand as not rebranded", () => {
    const m = ev('onvif.manufacturer', 'HIKVISION');
    const s = ev('http.header.server', 'DNVRS-Webs');
    const v = decide([m, s], [hit('s', 'Hikvision', 'oem', 0.9, s, { deviceType: 'nvr' })], vocab);
    expect(v.oem).toMatchObject({ vendor: 'Hikvision', rebranded: false });
    expect(v.type).toBe('nvr');
  });

  it('lets conflicting evidence dilute the winner below the threshold', () => {
    const a = ev('http.header.server', 'x');
    const b = ev('rtsp.header.server', 'y');
    const v = decide([a, b], [hit('a', 'Dahua', 'oem', 0.9, a), hit('b', 'Hikvision', 'oem', 0.9, b)], vocab);
    expect(v.oem.vendor).toBeNull();
    expect(v.oem.alternatives.map((x) => x.vendor).sort()).toEqual(['Dahua', 'Hikvision']);
  });

  it('ignores class-only hits for the OEM but uses them for the type', () => {
    const a = ev('http.header.server', 'Cross Web Server');
    const v = decide([a], [hit('c', undefined, 'class', 0, a, { deviceType: 'dvr' })], vocab);
    expect(v.oem.vendor).toBeNull();
    expect(v.type).toBe('dvr');
  });

  it('keeps a badge read over a login out of the unauthenticated inference', () => {
    const m = { ...ev('onvif.manufacturer', 'HIKVISION'), authenticated: true };
    const f = { ...ev('onvif.firmware', 'V5.5.61 build 180718'), authenticated: true };
    const v = decide([m, f], [hit('fw', 'Hikvision', 'oem', 0.9, f)], vocab);
    expect(v.oem).toMatchObject({ vendor: 'Hikvision', authenticated: true });
    expect(v.oem.unauthenticated?.vendor).toBeNull();
  });

  it('reads model from the hardware scope when ONVIF is locked', () => {
    const s = ev('wsd.scope', 'onvif://www.onvif.org/hardware/DS-2CD2143G0-I');
    const n = ev('wsd.scope', 'onvif://www.onvif.org/name/HIKVISION%20DS-2CD2143G0-I');
    const v = decide([s, n], [], vocab);
    expect(v.model).toBe('DS-2CD2143G0-I');
    expect(v.brand).toBe('Hikvision');
  });
});
