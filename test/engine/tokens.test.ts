/**
 * Identity tokens in free text (issue 12, class 2): a vendor's model or firmware grammar counts
 * wherever one of its tokens appears, at family strength, and never on another maker's banner.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { tokensOf } from '../../src/engine/tokens.js';
import { checkTokenExamples, checkTokenNegatives, formatFailure } from '../../src/engine/verify.js';
import { type EvidenceField, makeEvidence } from '../../src/evidence/types.js';
import { fingerprint } from '../../src/scan/device.js';

const lib = loadSignatureLibrary();
const ev = (field: EvidenceField, value: string) =>
  makeEvidence({ probe: 'http', ip: '127.0.0.1', port: 80, transport: 'tcp' }, field, value);
// The magicBox format has body signatures of its own; without them, the model and firmware tokens decide.
const noBodySignatures = {
  ...lib,
  byField: new Map([...lib.byField].filter(([f]) => f !== 'http.body')),
};

describe('tokensOf', () => {
  it('splits markup, key=value and JSON, keeps model punctuation, decodes scopes', () => {
    expect(tokensOf('<model>DS-7608NXI-I2/8P/S</model>')).toContain('DS-7608NXI-I2');
    expect(tokensOf('deviceType=IPC-HDW5831R-ZE\r\nserial=1')).toContain('IPC-HDW5831R-ZE');
    expect(tokensOf('{"model":"DS-KV8213-WME1(C)"}')).toContain('DS-KV8213-WME1(C)');
    expect(tokensOf('(DS-2CD2143G0-I).')).toContain('DS-2CD2143G0-I');
    expect(tokensOf('onvif://www.onvif.org/name/HIKVISION%20DS-2CD2143G0-I')).toContain('DS-2CD2143G0-I');
    expect(tokensOf('AXIS M1014 - ACCC8E270AD8')).toContain('AXIS M1014');
    expect(tokensOf('Firmware V5.5.61 build 180718 loaded')).toContain('V5.5.61 build 180718');
  });

  it('is bounded on a huge body', () => {
    const body = 'DS-2CD2143G0-I '.repeat(100_000);
    expect(tokensOf(body).length).toBeLessThan(10);
  });
});

describe('in-text grammars', () => {
  it('are loaded from fingerprints/tokens/grammars.yaml at family strength', () => {
    expect(lib.tokenGrammars.length).toBeGreaterThan(0);
    for (const g of lib.tokenGrammars) expect(g.strength).toBe('family');
  });

  for (const g of lib.tokenGrammars) {
    it(`${g.file}:${g.line}: ${g.id} finds its token in each example`, () => {
      expect(checkTokenExamples(lib, g).map(formatFailure)).toEqual([]);
    });
  }

  it('find no token in any known negative', () => {
    expect(checkTokenNegatives(lib).map(formatFailure)).toEqual([]);
  });

  it('name the maker of a device whose only evidence is a key=value answer, as probable', () => {
    const { verdict, matches } = fingerprint([ev('http.body', 'type=IPC-HDW5831R-ZE')], noBodySignatures);
    expect(matches.map((m) => m.signature.id)).toContain('dahua.onvif-model.ipc.in-text');
    expect(verdict.oem).toMatchObject({ vendor: 'Dahua', probable: true });
    expect(verdict.model).toBe('IPC-HDW5831R-ZE');
    // Without the in-text grammars the same device is unknown: the knowledge is in the data.
    const bare = fingerprint([ev('http.body', 'type=IPC-HDW5831R-ZE')], {
      ...noBodySignatures,
      tokenGrammars: [],
    });
    expect(bare.verdict.oem.vendor).toBeNull();
  });

  it("read a Dahua speed dome's DH-SD model in free text (the issue's own example)", () => {
    const { verdict, matches } = fingerprint([ev('http.body', 'type=DH-SD2A500HB-GN')], noBodySignatures);
    expect(matches.map((m) => m.signature.id)).toContain('dahua.onvif-model.ptz.in-text');
    expect(verdict.oem).toMatchObject({ vendor: 'Dahua', probable: true });
    // Dahua's wider DH- grammar is not an in-text grammar: a static-DH cipher suite name has its shape.
    expect(fingerprint([ev('http.body', 'ciphers: DH-RSA-AES256-SHA')], lib).verdict.oem.vendor).toBeNull();
  });

  it('establish the maker from two separate observations, model and firmware', () => {
    const { verdict } = fingerprint(
      [
        {
          ...ev('http.body', 'type=IPC-HDW5831R-ZE'),
          request: 'GET /cgi-bin/magicBox.cgi?action=getDeviceType',
        },
        ev('http.body', 'version=2.800.0000016.0.R,build:2020-06-05'),
      ],
      noBodySignatures,
    );
    expect(verdict.oem).toMatchObject({ vendor: 'Dahua' });
    expect(verdict.oem.probable).toBeUndefined();
  });

  it('leave an item alone that a maker signature of its own field already claimed', () => {
    const realm = ev('http.auth.realm', 'Login to 4K01FD2PAJ6E3FF');
    const { matches } = fingerprint([realm], lib);
    expect(matches.filter((m) => m.evidence === realm)).toHaveLength(1);
  });
});
