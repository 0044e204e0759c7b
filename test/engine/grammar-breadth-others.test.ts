/**
 * Issue 12, class 1, for the makers other than Hikvision and Dahua: their model grammars describe
 * each vendor's naming rules, not only the product classes the first examples came from. One
 * sourced example per product class the grammars used to miss (each is also an example of its
 * signature in fingerprints/onvif-model.yaml, with the same source); every one must now name its
 * maker with its model captured, and other makers' look-alikes must not be claimed by the widened
 * grammars.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import type { EvidenceField } from '../../src/evidence/types.js';

const lib = loadSignatureLibrary();
const CCTV_DB = 'ch-bas/cctv-camera-database';

interface Case {
  cls: string;
  field: EvidenceField;
  value: string;
  vendor: string;
  model: string;
  strength?: 'oem' | 'family';
  source: string;
}

const CASES: Case[] = [
  {
    cls: 'Axis security radar (D series)',
    field: 'onvif.model',
    value: 'D2110-VE',
    vendor: 'Axis',
    model: 'D2110-VE',
    source: 'https://help.axis.com/pl-pl/axis-d2110-ve-security-radar',
  },
  {
    cls: 'Axis network audio (C series horn speaker)',
    field: 'onvif.model',
    value: 'C1310-E',
    vendor: 'Axis',
    model: 'C1310-E',
    source: 'https://help.axis.com/pl-pl/axis-d2110-ve-security-radar',
  },
  {
    cls: 'Axis door station (A series)',
    field: 'onvif.model',
    value: 'A8105-E',
    vendor: 'Axis',
    model: 'A8105-E',
    source: 'https://manualsfile.com/product/k47z13hwgpa.html?page=47',
  },
  {
    cls: 'Axis video intercom (I series)',
    field: 'onvif.model',
    value: 'I8016-LVE',
    vendor: 'Axis',
    model: 'I8016-LVE',
    source: 'https://manualshive.com/en/manual/axis/i8016-lve/i8016-lve_user-manual_3038334-21.html',
  },
  {
    cls: 'Axis recorder (S series)',
    field: 'onvif.model',
    value: 'S3016',
    vendor: 'Axis',
    model: 'S3016',
    source: 'https://help.axis.com/en/axis-s3016',
  },
  {
    cls: 'Axis camera of a second generation ("Mk II")',
    field: 'onvif.model',
    value: 'M1075-L Mk II',
    vendor: 'Axis',
    model: 'M1075-L Mk II',
    source: `${CCTV_DB} cameras/axis/m1075-l-mk-ii.json`,
  },
  {
    cls: 'Axis non-camera class with the AXIS prefix',
    field: 'onvif.model',
    value: 'AXIS D2110-VE',
    vendor: 'Axis',
    model: 'D2110-VE',
    strength: 'oem',
    source: 'https://help.axis.com/pl-pl/axis-d2110-ve-security-radar',
  },
  {
    cls: 'Hanwha AI flateye (ANE-)',
    field: 'onvif.model',
    value: 'ANE-L6012R',
    vendor: 'Hanwha',
    model: 'ANE-L6012R',
    strength: 'oem',
    source: `${CCTV_DB} cameras/hanwha/ane-l6012r.json`,
  },
  {
    cls: 'Samsung-era Wisenet fisheye (SNF-)',
    field: 'onvif.model',
    value: 'SNF-8010',
    vendor: 'Hanwha',
    model: 'SNF-8010',
    strength: 'oem',
    source: `${CCTV_DB} cameras/hanwha/snf-8010.json`,
  },
  {
    cls: 'Uniview camera of the letter-digit series (IPC2A3L)',
    field: 'onvif.model',
    value: 'IPC2A3L-FW-APF40-V1-DT',
    vendor: 'Uniview',
    model: 'IPC2A3L-FW-APF40-V1-DT',
    strength: 'oem',
    source: `${CCTV_DB} cameras/uniview/IPC2A3L-FW-APF40-V1-DT.json`,
  },
  {
    cls: 'Uniview Prime IV camera (IPC2B24)',
    field: 'onvif.model',
    value: 'IPC2B24SA-AHDZK-PI-I1',
    vendor: 'Uniview',
    model: 'IPC2B24SA-AHDZK-PI-I1',
    strength: 'oem',
    source: `${CCTV_DB} cameras/uniview/IPC2B24SA-AHDZK-PI-I1.json`,
  },
  {
    cls: 'Bosch type number of a PTZ (NDP-)',
    field: 'onvif.model',
    value: 'NDP-4502-Z12',
    vendor: 'Bosch',
    model: 'NDP-4502-Z12',
    source: `${CCTV_DB} cameras/bosch/bosch-ndp-4502-z12.json`,
  },
  {
    cls: 'Bosch type number of a box camera (NBN-)',
    field: 'onvif.model',
    value: 'NBN-80052-BA',
    vendor: 'Bosch',
    model: 'NBN-80052-BA',
    source: 'https://manualmachine.com/bosch/nbn80052ba/6877800-user-manual',
  },
  {
    cls: 'Bosch type number of a MIC PTZ (MIC-)',
    field: 'onvif.model',
    value: 'MIC-7504-Z12BR',
    vendor: 'Bosch',
    model: 'MIC-7504-Z12BR',
    source: `${CCTV_DB} cameras/bosch/mic-7504-z12br.json`,
  },
  {
    cls: 'Vivotek 3-digit series with a generation letter (FD816C)',
    field: 'onvif.model',
    value: 'FD816C-HF2',
    vendor: 'Vivotek',
    model: 'FD816C-HF2',
    source: `${CCTV_DB} cameras/vivotek/fd816c-hf2.json`,
  },
  {
    cls: 'Milesight 12MP camera with a 5-digit series (MS-C12174)',
    field: 'onvif.model',
    value: 'MS-C12174-YPG1',
    vendor: 'Milesight',
    model: 'MS-C12174-YPG1',
    source: `${CCTV_DB} cameras/milesight/ms-c12174-ypg1.json`,
  },
  {
    cls: 'Avigilon part number (2.0-H3-DO1-IR)',
    field: 'onvif.model',
    value: '2.0-H3-DO1-IR',
    vendor: 'Avigilon',
    model: '2.0-H3-DO1-IR',
    strength: 'oem',
    source: `${CCTV_DB} cameras/avigilon/avigilon-h3-do1-ir-2mp.json`,
  },
  {
    cls: 'Mobotix model with the maker name',
    field: 'onvif.model',
    value: 'MOBOTIX M16B AllroundDual',
    vendor: 'Mobotix',
    model: 'M16B',
    strength: 'oem',
    source: `${CCTV_DB} cameras/mobotix/m16b.json`,
  },
  {
    cls: 'Mobotix model with the Mx- prefix',
    field: 'onvif.model',
    value: 'Mx-M16B',
    vendor: 'Mobotix',
    model: 'Mx-M16B',
    source: `${CCTV_DB} cameras/mobotix/m16b.json`,
  },
  {
    cls: 'Sony network camera (SNC-)',
    field: 'onvif.model',
    value: 'SNC-CH110',
    vendor: 'Sony',
    model: 'SNC-CH110',
    source: `${CCTV_DB} cameras/sony/snc-ch110.json`,
  },
  {
    cls: 'Pelco Optera / Sarix camera (IMM)',
    field: 'onvif.model',
    value: 'IMM12027-1EP',
    vendor: 'Pelco',
    model: 'IMM12027-1EP',
    source: `${CCTV_DB} cameras/pelco/optera-imm12027-1ep.json`,
  },
  {
    cls: 'Pelco Endura encoder (NET54xxT)',
    field: 'onvif.model',
    value: 'NET5404T',
    vendor: 'Pelco',
    model: 'NET5404T',
    source: 'http://buildingskb.schneider-electric.com/view.php?AID=15555',
  },
  {
    cls: 'Samsung / Hanwha SRN NVR (3-4 digits)',
    field: 'onvif.model',
    value: 'SRN-1670D',
    vendor: 'Hanwha',
    model: 'SRN-1670D',
    source: 'rapid7/metasploit-framework modules/exploits/linux/http/samsung_srv_1670d_upload_exec.rb',
  },
  {
    cls: 'Panasonic BB-S business camera',
    field: 'onvif.model',
    value: 'BB-SC384B',
    vendor: 'i-PRO',
    model: 'BB-SC384B',
    source: 'futomi/node-onvif README.md',
  },
  {
    cls: 'Panasonic WJ- encoder',
    field: 'onvif.model',
    value: 'WJ-GXE500',
    vendor: 'i-PRO',
    model: 'WJ-GXE500',
    source: 'bizpartner.panasonic.net WJ-GXE500 operating instructions',
  },
  {
    cls: 'Vicon camera (V + series + form letter)',
    field: 'onvif.model',
    value: 'V942B-W310MIR-XS-1',
    vendor: 'Vicon',
    model: 'V942B-W310MIR-XS-1',
    source: `${CCTV_DB} cameras/vicon/vicon-v942b-w310mir-xs-1.json`,
  },
  {
    cls: 'GeoVision camera (GV-)',
    field: 'onvif.model',
    value: 'GV-BX4700',
    vendor: 'GeoVision',
    model: 'GV-BX4700',
    strength: 'oem',
    source: `${CCTV_DB} cameras/geovision/gv-bx4700.json`,
  },
  {
    cls: 'Grandstream camera (GSC36xx)',
    field: 'onvif.model',
    value: 'GSC3610',
    vendor: 'Grandstream',
    model: 'GSC3610',
    source: `${CCTV_DB} cameras/grandstream/gsc3610.json`,
  },
  {
    cls: 'UniFi Protect camera SKU (UVC-G4-)',
    field: 'onvif.model',
    value: 'UVC-G4-Bullet',
    vendor: 'Ubiquiti',
    model: 'UVC-G4-Bullet',
    strength: 'oem',
    source: `${CCTV_DB} cameras/ubiquiti/g4-bullet.json`,
  },
  {
    cls: 'Reolink camera with a 4-digit series (RLC-1212A)',
    field: 'onvif.model',
    value: 'RLC-1212A',
    vendor: 'Reolink',
    model: 'RLC-1212A',
    source: `${CCTV_DB} cameras/reolink/rlc-1212a.json`,
  },
  {
    cls: 'Reolink battery line by name (Argus)',
    field: 'onvif.model',
    value: 'Argus 3 Pro',
    vendor: 'Reolink',
    model: 'Argus 3 Pro',
    source: `${CCTV_DB} cameras/reolink/argus-3-pro.json`,
  },
  {
    cls: 'Reolink dual-lens line by name (Duo)',
    field: 'onvif.model',
    value: 'Duo 2 PoE',
    vendor: 'Reolink',
    model: 'Duo 2 PoE',
    source: `${CCTV_DB} cameras/reolink/duo-2-poe.json`,
  },
  {
    cls: 'i-PRO (Panasonic) camera (WV-S)',
    field: 'onvif.model',
    value: 'WV-S1536L',
    vendor: 'i-PRO',
    model: 'WV-S1536L',
    strength: 'oem',
    source: `${CCTV_DB} cameras/i-pro/wv-s1536l.json`,
  },
  {
    cls: 'i-PRO camera with a 5-digit series (WV-S15500)',
    field: 'onvif.model',
    value: 'WV-S15500-V3LN',
    vendor: 'i-PRO',
    model: 'WV-S15500-V3LN',
    strength: 'oem',
    source: `${CCTV_DB} cameras/i-pro/wv-s15500-v3ln.json`,
  },
  {
    cls: 'TVT IP camera (TD-9xxx)',
    field: 'onvif.model',
    value: 'TD-9422E3-A',
    vendor: 'TVT',
    model: 'TD-9422E3-A',
    source: `${CCTV_DB} cameras/tvt/td-9422e3-a.json`,
  },
  {
    cls: 'Uniview dashed China-line mini PTZ (IPC-Q23S-A40)',
    field: 'onvif.model',
    value: 'IPC-Q23S-A40',
    vendor: 'Uniview',
    model: 'IPC-Q23S-A40',
    source: `${CCTV_DB} cameras/uniview/IPC-Q23S-A40.json`,
  },
  {
    cls: 'Uniview dashed China-line bullet (IPC-T12H40-A), not Dahua',
    field: 'onvif.model',
    value: 'IPC-T12H40-A',
    vendor: 'Uniview',
    model: 'IPC-T12H40-A',
    source: `${CCTV_DB} cameras/uniview/IPC-T12H40-A.json`,
  },
  {
    cls: 'Uniview dashed China-line bullet (IPC-T35Q-JY40-AI), not Dahua',
    field: 'onvif.model',
    value: 'IPC-T35Q-JY40-AI',
    vendor: 'Uniview',
    model: 'IPC-T35Q-JY40-AI',
    source: `${CCTV_DB} cameras/uniview/IPC-T35Q-JY40-AI.json`,
  },
  {
    cls: 'Provision-ISR camera (I4-340IPEN)',
    field: 'onvif.model',
    value: 'I4-340IPEN-36',
    vendor: 'Provision-ISR',
    model: 'I4-340IPEN-36',
    source: `${CCTV_DB} cameras/provision-isr/i4-340ipen-36.json`,
  },
];

/**
 * Other makers' model strings shaped like the widened grammars (each is an example or negative of
 * fingerprints/, with its source there): none may be claimed by a maker it does not belong to.
 */
const LOOK_ALIKES: {
  field: EvidenceField;
  value: string;
  maker?: string;
  notVendors: string[];
  source: string;
}[] = [
  {
    field: 'onvif.model',
    value: 'IPC6512-Z30',
    maker: 'Huawei',
    notVendors: ['Uniview'],
    source: 'https://manualshive.com/en/manual/huawei/ipc6512-z30/169655?page=119',
  },
  {
    field: 'onvif.model',
    value: 'D6230L',
    maker: 'Pelco',
    notVendors: ['Axis'],
    source: 'hawkeye64/onvif-nvt test/data/xml/pelco/GetDeviceInformation.Response.xml (Pelco PTZ)',
  },
  // Vivotek's two-letter form codes are reused with series digits 2-5 by other makers.
  {
    field: 'onvif.model',
    value: 'FD2024F',
    notVendors: ['Vivotek'],
    source:
      'ch-bas/cctv-camera-database data/cameras.csv @0150328c97a3e9f189b876dd447c5db8cd5d619a (TKH Security)',
  },
  {
    field: 'onvif.model',
    value: 'CC400W',
    notVendors: ['Vivotek'],
    source:
      'ch-bas/cctv-camera-database data/cameras.csv @0150328c97a3e9f189b876dd447c5db8cd5d619a (Synology)',
  },
  {
    field: 'onvif.model',
    value: 'NVR-0808B2-8P',
    notVendors: ['Bosch', 'Uniview'],
    source: 'https://github.com/AlexxIT/WebRTC/pull/614 (TVT NVR)',
  },
  {
    field: 'onvif.model',
    value: 'SD49825GB-HNR',
    maker: 'Dahua',
    notVendors: ['Vivotek'],
    source: 'https://github.com/ch-bas/cctv-camera-database/pull/152 (Dahua speed dome)',
  },
  {
    field: 'onvif.model',
    value: 'IP8M-2496EB',
    notVendors: ['Vivotek', 'Pelco'],
    source: 'https://github.com/homebridge-plugins/homebridge-camera-ffmpeg/issues/1254 (Amcrest)',
  },
  {
    field: 'onvif.model',
    value: 'IPC3613LR3-APF28K-F',
    maker: 'Uniview',
    notVendors: ['Pelco', 'Huawei'],
    source: 'https://github.com/home-assistant/core/issues/115663 (Uniview)',
  },
  {
    field: 'onvif.model',
    value: 'MS-C8165-PE',
    maker: 'Milesight',
    notVendors: ['Vivotek'],
    source: 'gBillal/ex_onvif test/fixtures/get_device_information.xml (Milesight)',
  },
  {
    field: 'onvif.model',
    value: 'DCS-5222LB1',
    notVendors: ['Axis', 'Bosch', 'Vivotek', 'Pelco', 'Sony', 'GeoVision', 'Grandstream', 'Ubiquiti'],
    source: 'rapid7/recog xml/http_wwwauth.xml (D-Link)',
  },
  {
    field: 'onvif.model',
    value: 'IPC-B2B40-ZS',
    maker: 'Dahua',
    notVendors: ['Uniview'],
    source: 'https://github.com/homebridge-plugins/homebridge-camera-ffmpeg/issues/1284 (Dahua value camera)',
  },
  {
    field: 'onvif.model',
    value: 'IPC-T54IR-AS',
    maker: 'Dahua',
    notVendors: ['Uniview'],
    source: 'blakeblackshear/frigate docs/docs/frigate/hardware.md (Loryta (Dahua) IPC-T54IR-AS)',
  },
  {
    field: 'onvif.model',
    value: 'IPC-B140H-M',
    maker: 'Hikvision',
    notVendors: ['Uniview'],
    source:
      'https://github.com/henry-spanka/node-red-contrib-hikvision/issues/18 (HiLook, a Hikvision brand)',
  },
];

describe('the other makers’ model grammars cover their product classes', () => {
  for (const c of CASES) {
    it(`${c.cls}: ${c.field} "${c.value}" names ${c.vendor}`, () => {
      const hit = matchValue(lib, c.field, c.value);
      expect(hit?.signature.vendor, c.source).toBe(c.vendor);
      expect(c.strength ? [c.strength] : ['oem', 'family']).toContain(hit?.signature.strength);
      expect(hit?.captured.model).toBe(c.model);
    });
  }

  for (const l of LOOK_ALIKES) {
    it(`look-alike ${l.field} "${l.value}" is not claimed by ${l.notVendors.join(', ')}`, () => {
      const vendor = matchValue(lib, l.field, l.value)?.signature.vendor;
      expect(l.notVendors, l.source).not.toContain(vendor);
      if (l.maker) expect(vendor, l.source).toBe(l.maker);
    });
  }
});
