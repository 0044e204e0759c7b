/**
 * Issue 12: "this box says Annke, it is a Hikvision". Devices sold under Hikvision's and Dahua's
 * OEM badges often show only the badge's strings; the stack's grammars must still name the maker
 * where the value is the stack's (a Hikvision serial layout behind a one-letter badge model), and a
 * badge's own model grammar must name only the badge, since badges also sold other makers' lines.
 * Every value is an example of its signature in fingerprints/, with the same build-side source.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import { type EvidenceField, makeEvidence } from '../../src/evidence/types.js';
import { fingerprint } from '../../src/scan/device.js';

const lib = loadSignatureLibrary();

const item = (field: EvidenceField, value: string) =>
  makeEvidence(
    {
      probe: 'badge-test',
      ip: '127.0.0.1',
      port: 0,
      transport: 'tcp',
      ...(field.startsWith('device.') ? { authenticated: true } : {}),
    },
    field,
    value,
  );

/** Stack values under a badge that the grammars used to miss. */
const STACK_CASES: {
  cls: string;
  field: EvidenceField;
  value: string;
  vendor: string;
  model?: string;
  source: string;
}[] = [
  {
    cls: 'Hikvision serial layout behind a one-letter badge model (I61DR...)',
    field: 'device.serial',
    value: 'I61DR20161217AAWR691257591',
    vendor: 'Hikvision',
    model: 'I61DR',
    source: 'https://github.com/maciej-or/hikvision_next/issues/36',
  },
  {
    cls: 'Dahua OEM-channel bullet with the lens suffix units report (B54IR, -2.8MM)',
    field: 'device.model',
    value: 'IPC-B54IR-ASE-2.8MM-S3',
    vendor: 'Dahua',
    model: 'IPC-B54IR-ASE-2.8MM-S3',
    source: 'brianegge/aiodahua docs/hardware.md @263488f05ef82eede42f95edb4efcabe716f4629',
  },
  {
    cls: 'Dahua turret with a lower-case lens suffix (-6.0mm)',
    field: 'device.model',
    value: 'IPC-T5442TM-AS-6.0mm',
    vendor: 'Dahua',
    model: 'IPC-T5442TM-AS-6.0mm',
    source: 'brianegge/aiodahua docs/hardware.md @263488f05ef82eede42f95edb4efcabe716f4629',
  },
  {
    cls: 'Dahua Color4 camera with a lens suffix (-3.6mm)',
    field: 'device.model',
    value: 'IPC-Color4K-T-3.6mm',
    vendor: 'Dahua',
    model: 'IPC-Color4K-T-3.6mm',
    source: 'brianegge/aiodahua docs/hardware.md @263488f05ef82eede42f95edb4efcabe716f4629',
  },
];

/** Badge model grammars: they name the badge, never a maker on their own. */
const BADGE_CASES: { field: EvidenceField; value: string; brand: string; source: string }[] = [
  {
    field: 'onvif.model',
    value: 'I91BM',
    brand: 'Annke',
    source: 'https://github.com/maciej-or/hikvision_next/pull/107',
  },
  {
    field: 'onvif.model',
    value: 'I51FS',
    brand: 'Annke',
    source:
      'ch-bas/cctv-camera-database cameras/annke/fcd600-i51fs.json @20b873adee0256af47fa86f1b81bc8e8024b8e0b',
  },
  {
    field: 'onvif.model',
    value: 'CMIP8242WB',
    brand: 'LTS',
    source: 'https://github.com/CamioCam/rtsp/pull/23',
  },
  {
    field: 'device.model',
    value: 'N841A8',
    brand: 'Lorex',
    source: 'brianegge/aiodahua docs/hardware.md @263488f05ef82eede42f95edb4efcabe716f4629',
  },
  {
    field: 'device.model',
    value: 'NV4108E-HS',
    brand: 'Amcrest',
    source: 'brianegge/aiodahua docs/hardware.md @263488f05ef82eede42f95edb4efcabe716f4629',
  },
  {
    field: 'device.serial',
    value: 'AMR013C3556656F6E1',
    brand: 'Amcrest',
    source: 'brianegge/aiodahua README.md @263488f05ef82eede42f95edb4efcabe716f4629',
  },
  {
    field: 'device.manufacturer',
    value: 'AC',
    brand: 'Amcrest',
    source: 'brianegge/aiodahua src/aiodahua/brands.py @606f13455e505362c11465030453a32e1240d5ad',
  },
];

describe('badge devices: stack grammars name the maker, badge grammars only the badge', () => {
  for (const c of STACK_CASES) {
    it(`${c.cls}: ${c.field} "${c.value}" names ${c.vendor}`, () => {
      const hit = matchValue(lib, c.field, c.value);
      expect(hit?.signature.vendor, c.source).toBe(c.vendor);
      expect(['oem', 'family']).toContain(hit?.signature.strength);
      if (c.model) expect(hit?.captured.model).toBe(c.model);
    });
  }

  for (const c of BADGE_CASES) {
    it(`${c.field} "${c.value}" names the ${c.brand} badge and no maker on its own`, () => {
      const hit = matchValue(lib, c.field, c.value);
      expect(hit?.signature.brand, c.source).toBe(c.brand);
      expect(hit?.signature.strength).toBe('brand');
      const { verdict } = fingerprint([item(c.field, c.value)], lib);
      expect(verdict.brand).toBe(c.brand);
      expect(verdict.oem.vendor === null || verdict.oem.probable === true).toBe(true);
    });
  }

  for (const [value, brand] of [
    ['2.800.00AC001.0.R', 'Amcrest'],
    ['2.622.00LR000.10.R', 'Lorex'],
    ['3.216.00LR035.0', 'Lorex'],
  ] as const) {
    it(`Dahua firmware "${value}" names Dahua and, by its OEM build code, the ${brand} badge`, () => {
      // brianegge/aiodahua docs/hardware.md @263488f05ef82eede42f95edb4efcabe716f4629 and
      // src/aiodahua/brands.py (AC = Amcrest, LR = Lorex).
      const hit = matchValue(lib, 'device.firmware', value);
      expect(hit?.signature.vendor).toBe('Dahua');
      expect(hit?.signature.strength).toBe('oem');
      expect(hit?.signature.brand).toBe(brand);
      const { verdict } = fingerprint([item('device.firmware', value)], lib);
      expect(verdict.oem.vendor).toBe('Dahua');
      expect(verdict.brand).toBe(brand);
    });
  }

  it('an Annke model with the Hikvision serial layout is named Hikvision, badge Annke', () => {
    const { verdict } = fingerprint(
      [item('device.model', 'I91BM'), item('device.serial', 'I61DR20161217AAWR691257591')],
      lib,
    );
    expect(verdict.oem.vendor).toBe('Hikvision');
    expect(verdict.brand).toBe('Annke');
    expect(verdict.oem.rebranded).toBe(true);
  });

  it('an Amcrest recorder with its AMR serial on Dahua firmware is named Dahua, badge Amcrest', () => {
    // brianegge/aiodahua README.md and docs/hardware.md: the cross-flashed NV4108E-HS.
    const { verdict } = fingerprint(
      [
        item('device.model', 'NV4108E-HS'),
        item('device.serial', 'AMR013C3556656F6E1'),
        item('device.firmware', '4.001.0000005.1'),
      ],
      lib,
    );
    expect(verdict.oem.vendor).toBe('Dahua');
    expect(verdict.brand).toBe('Amcrest');
  });

  it("Amcrest's non-Dahua ASH21 cloud camera names no maker", () => {
    // blakeblackshear/frigate docs/docs/configuration/cameras.md @e3fa70189324e5eb3b1dba756c153f6696f457de
    // lists "Amcrest ASH21" apart from the Dahua-built IPxM- cameras.
    const hit = matchValue(lib, 'onvif.model', 'ASH21');
    expect(hit?.signature.vendor).toBeUndefined();
  });

  it("Lorex's non-Dahua LNE3003 (FLIR OUI, /video.mp4 stream) gets the badge, not Dahua", () => {
    // CamioCam/rtsp cameras/paths.csv @a33e45a90cb51936fb3d1a02ffa4f434149a319c: Lorex LNE3003 with
    // OUI 00:40:7F and RTSP path /video.mp4, unlike the Dahua-made NR9320N (/cam/realmonitor).
    const hit = matchValue(lib, 'onvif.model', 'LNE3003');
    expect(hit?.signature.brand).toBe('Lorex');
    expect(hit?.signature.vendor).toBeUndefined();
    const { verdict } = fingerprint([item('onvif.model', 'LNE3003')], lib);
    expect(verdict.oem.vendor).not.toBe('Dahua');
  });

  it('the widened serial layout does not take other makers’ serials', () => {
    // fingerprints/negatives/onvif-serial.yaml (Milesight, Pelco) and a Dahua serial.
    for (const v of ['EM82V102329001403', 'T82212128', '4X7C5A1ZAG21L3F'])
      expect(matchValue(lib, 'onvif.serial', v)?.signature.vendor, v).not.toBe('Hikvision');
  });
});
