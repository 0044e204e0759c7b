/**
 * Issue 12, class 1: the Hikvision and Dahua model, serial and discovery grammars describe the
 * vendors' naming rules, not only the product classes the first examples happened to come from.
 * One sourced example per product class that the grammars used to miss (each is also an example
 * of its signature in fingerprints/, with the same source); every one must now name its maker,
 * through the field the device states it in, and other makers' look-alikes must not.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import type { EvidenceField } from '../../src/evidence/types.js';

const lib = loadSignatureLibrary();

interface Case {
  cls: string;
  field: EvidenceField;
  value: string;
  vendor: 'Hikvision' | 'Dahua';
  model?: string;
  source: string;
}

const CASES: Case[] = [
  {
    cls: 'Hikvision 5-digit Super NVR (DS-96xxx)',
    field: 'onvif.model',
    value: 'DS-96128NI-I16/H',
    vendor: 'Hikvision',
    model: 'DS-96128NI-I16/H',
    source: 'https://manualsfile.com/product/k4ddlt5d831.html',
  },
  {
    cls: 'Hikvision eSSD DVR (DS-E + 2 digits)',
    field: 'onvif.model',
    value: 'DS-E16HGHI-XB',
    vendor: 'Hikvision',
    model: 'DS-E16HGHI-XB',
    source:
      'muynuddinr/dubai-hikvision.com src/content/dvr/dvr-2.md @dd508d9408406eb91d0990c02bfb8bf8aaa217cb',
  },
  {
    cls: 'Hikvision AcuSense DVR of the iDS-6 series',
    field: 'onvif.model',
    value: 'iDS-6716HUHI-M',
    vendor: 'Hikvision',
    model: 'iDS-6716HUHI-M',
    source:
      'muynuddinr/dubai-hikvision.com src/content/dvr/dvr-6.md @dd508d9408406eb91d0990c02bfb8bf8aaa217cb',
  },
  {
    cls: 'Hikvision model with a variant after a slash (DS-2DE2C400MWG/W)',
    field: 'onvif.model',
    value: 'DS-2DE2C400MWG/W',
    vendor: 'Hikvision',
    model: 'DS-2DE2C400MWG/W',
    source:
      'muynuddinr/dubai-hikvision.com src/content/ptzcamera/ptz-3.md @dd508d9408406eb91d0990c02bfb8bf8aaa217cb',
  },
  {
    cls: 'Hikvision DeepinView camera (iDS-2CD)',
    field: 'onvif.model',
    value: 'iDS-2CD7A46G0-IZHSYR',
    vendor: 'Hikvision',
    model: 'iDS-2CD7A46G0-IZHSYR',
    source: 'https://www.notice-facile.com/en/manual/811999/hikvision+ids-2cd7a46g0-izhsyr',
  },
  {
    cls: 'Hikvision access terminal (DS-K1T)',
    field: 'onvif.model',
    value: 'DS-K1T8003EF',
    vendor: 'Hikvision',
    model: 'DS-K1T8003EF',
    source: 'https://github.com/nilpatel42/biometric_integration/issues/4',
  },
  {
    cls: 'Hikvision Wi-Fi doorbell (DS-HD)',
    field: 'onvif.model',
    value: 'DS-HD1',
    vendor: 'Hikvision',
    model: 'DS-HD1',
    source: 'https://github.com/Skinah/IpCamera/issues/56',
  },
  {
    cls: 'Hikvision security radar (DS-PR)',
    field: 'onvif.model',
    value: 'DS-PR1-60',
    vendor: 'Hikvision',
    model: 'DS-PR1-60',
    source:
      'Supergiovane/node-red-contrib-hikvision-ultimate README.md @86dcd0c2e89b9935a05fbba3d0d0f2169486176f',
  },
  {
    cls: 'HiWatch IP camera (DS-I)',
    field: 'onvif.model',
    value: 'DS-I103',
    vendor: 'Hikvision',
    model: 'DS-I103',
    source: 'OpenIPC/wiki en/gpio-settings.md @00da6060a372efd217572ce6da31ef86326721b0',
  },
  {
    cls: 'HiWatch HWI- camera with a variant after a slash',
    field: 'onvif.model',
    value: 'HWI-B120-D/W',
    vendor: 'Hikvision',
    model: 'HWI-B120-D/W',
    source:
      'rapid7/metasploit-framework documentation/modules/exploit/linux/http/hikvision_cve_2021_36260_blind.md @4cd3563bc7accd5679ce25a781471741628f10e7',
  },
  {
    cls: 'HiLook recorder (NVR-104MH-C/4P)',
    field: 'onvif.model',
    value: 'NVR-104MH-C/4P',
    vendor: 'Hikvision',
    model: 'NVR-104MH-C/4P',
    source: 'https://github.com/maciej-or/hikvision_next/issues/323',
  },
  {
    cls: 'Hikvision serial with a 3-letter batch code (intercom)',
    field: 'onvif.serial',
    value: 'DS-KV6113-WPE1(B)0120210416RRF86332026',
    vendor: 'Hikvision',
    model: 'DS-KV6113-WPE1(B)',
    source:
      'Supergiovane/node-red-contrib-hikvision-ultimate README.md @86dcd0c2e89b9935a05fbba3d0d0f2169486176f',
  },
  {
    cls: 'Hikvision DeepinView camera in a SADP reply (model grammar shared)',
    field: 'sadp.model',
    value: 'iDS-2CD7A46G0-IZHSYR',
    vendor: 'Hikvision',
    model: 'iDS-2CD7A46G0-IZHSYR',
    source: 'https://www.notice-facile.com/en/manual/811999/hikvision+ids-2cd7a46g0-izhsyr',
  },
  {
    cls: 'Dahua value camera (IPC-B2B40-ZS)',
    field: 'onvif.model',
    value: 'IPC-B2B40-ZS',
    vendor: 'Dahua',
    model: 'IPC-B2B40-ZS',
    source: 'https://github.com/homebridge-plugins/homebridge-camera-ffmpeg/issues/1284',
  },
  {
    cls: 'Dahua indoor monitor (VTH)',
    field: 'onvif.model',
    value: 'VTH2421',
    vendor: 'Dahua',
    model: 'VTH2421',
    source: 'https://github.com/myhomeiot/DahuaVTO/issues/21',
  },
  {
    cls: 'Dahua intercom network switch (VTNS)',
    field: 'onvif.model',
    value: 'VTNS1060A',
    vendor: 'Dahua',
    model: 'VTNS1060A',
    source: 'https://github.com/myhomeiot/DahuaVTO/issues/47',
  },
  {
    cls: 'Dahua DH- prefixed consumer camera (DH-C5A)',
    field: 'onvif.model',
    value: 'DH-C5A',
    vendor: 'Dahua',
    model: 'DH-C5A',
    source: 'https://github.com/ch-bas/cctv-camera-database/issues/352',
  },
  {
    cls: 'Dahua PTZ with a lower-case suffix (DH-SDT...-PV-i)',
    field: 'onvif.model',
    value: 'DH-SDT7425-4P-AD3E-PV-i',
    vendor: 'Dahua',
    model: 'DH-SDT7425-4P-AD3E-PV-i',
    source: 'https://github.com/ch-bas/cctv-camera-database/issues/11',
  },
  {
    cls: 'Dahua HDCVI analog camera (HAC-), as a DVR lists it',
    field: 'onvif.model',
    value: 'HAC-HFW3208M-I1-A',
    vendor: 'Dahua',
    model: 'HAC-HFW3208M-I1-A',
    source:
      'ch-bas/cctv-camera-database cameras/dahua/dahua-dh-hac-hfw3208m-i1-a.json @5bb8555ba520f789b436847b8fcc135ac7e9be12',
  },
  {
    cls: 'Dahua explosion-proof PTZ with a dashed type code (DH-EPT-)',
    field: 'onvif.model',
    value: 'DH-EPT-5A1231-HNR',
    vendor: 'Dahua',
    model: 'DH-EPT-5A1231-HNR',
    source:
      'ch-bas/cctv-camera-database cameras/dahua/dahua-dh-ept-5a1231-hnr.json @5bb8555ba520f789b436847b8fcc135ac7e9be12',
  },
  {
    cls: 'Dahua access terminal (ASI)',
    field: 'onvif.model',
    value: 'ASI6213J-MW',
    vendor: 'Dahua',
    model: 'ASI6213J-MW',
    source: 'https://github.com/rroller/dahua/issues/296',
  },
  {
    cls: 'Dahua traffic camera (ITC)',
    field: 'onvif.model',
    value: 'ITC237',
    vendor: 'Dahua',
    model: 'ITC237',
    source: 'https://github.com/ch-bas/cctv-camera-database/pull/223',
  },
  {
    cls: 'Dahua NVR without the brand prefix (NVR2108-8P-4KS2)',
    field: 'onvif.model',
    value: 'NVR2108-8P-4KS2',
    vendor: 'Dahua',
    model: 'NVR2108-8P-4KS2',
    source: 'https://manualsfile.com/product/k36v39z62c2.html',
  },
  {
    cls: 'Dahua Technology USA part number (N43AJ52-B)',
    field: 'onvif.model',
    value: 'N43AJ52-B',
    vendor: 'Dahua',
    model: 'N43AJ52-B',
    source: 'kushagharahi/homebridge-dahua-alerts README.md @a9696705dc78dae66023802c4b533a6be625ed56',
  },
  {
    cls: 'Dahua door station in a DHIP reply (model grammar shared)',
    field: 'dhip.device-type',
    value: 'VTO2202F-P-S2',
    vendor: 'Dahua',
    model: 'VTO2202F-P-S2',
    source: 'https://github.com/rroller/dahua/issues/107',
  },
  {
    cls: 'Dahua login realm stating a device name, not the serial',
    field: 'rtsp.auth.realm',
    value: 'Login to cam',
    vendor: 'Dahua',
    source: 'alexeyvasilyev/rtsp-client-android RtspClient.java @48a9ca25ed073c792dd77f9f363d676dae16b9fd',
  },
  {
    cls: 'Hikvision network switch (DS-3E)',
    field: 'onvif.model',
    value: 'DS-3E1326P-E',
    vendor: 'Hikvision',
    model: 'DS-3E1326P-E',
    source: 'https://scribd.com/document/437000368/Swich-Hikvision-Poe',
  },
  {
    cls: 'Hikvision AcuSense DVR printed with a capital I (IDS-)',
    field: 'onvif.model',
    value: 'IDS-7216HQHI-M2/XT',
    vendor: 'Hikvision',
    model: 'IDS-7216HQHI-M2/XT',
    source: 'muynuddinr/dubai-hikvision.com src/content/dvr/dvr-3.md (iDS-7216HQHI-M2/XT, in capitals)',
  },
  {
    cls: 'HIKMICRO thermal with a letter in its series code (HM-TD2A37T)',
    field: 'onvif.model',
    value: 'HM-TD2A37T-15',
    vendor: 'Hikvision',
    model: 'HM-TD2A37T-15',
    source: 'ch-bas/cctv-camera-database cameras/hikmicro/hm-td2a37t-15.json',
  },
  {
    cls: 'Imou two-letter series (IPC-GS7EP Cruiser 2)',
    field: 'onvif.model',
    value: 'IPC-GS7EP-5M0WE',
    vendor: 'Dahua',
    model: 'IPC-GS7EP-5M0WE',
    source: 'ch-bas/cctv-camera-database cameras/imou/cruiser-2-5mp.json',
  },
  {
    cls: 'Imou three-letter variant (IPC-S7XEP Cruiser Dual 2)',
    field: 'onvif.model',
    value: 'IPC-S7XEP-10M0WED',
    vendor: 'Dahua',
    model: 'IPC-S7XEP-10M0WED',
    source: 'ch-bas/cctv-camera-database cameras/imou/cruiser-dual-2.json',
  },
  {
    cls: 'Hikvision session-login challenge without the ISAPI namespace',
    field: 'http.body',
    value:
      '<sessionID>14d870aca4245e903d48</sessionID> <challenge>ac6195dfab4e56958527527b49cd29dc</challenge> <iterations>100</iterations>',
    vendor: 'Hikvision',
    source:
      'mageni/mageni src/backend/scanner/plugins/2018/hikvision/gb_hikvision_ip_camera_default_credentials.nasl',
  },
  {
    cls: 'Hikvision recorder realm DVRNVRDVS',
    field: 'http.auth.realm',
    value: 'DVRNVRDVS',
    vendor: 'Hikvision',
    source:
      'mageni/mageni src/backend/scanner/plugins/2018/hikvision/gb_hikvision_ip_camera_default_credentials.nasl',
  },
  {
    cls: 'Dahua web UI title with the maker’s Chinese name',
    field: 'http.title',
    value: '大华 WEB SERVICE',
    vendor: 'Dahua',
    source: 'lcvvvv/kscan static/fingerprint.txt line 2241',
  },
  {
    cls: 'Dahua multi-screen controller page',
    field: 'http.body',
    value: '<!--div id="information">浙江大华技术股份有限公司</div-->',
    vendor: 'Dahua',
    source: 'lcvvvv/kscan static/fingerprint.txt line 10856',
  },
  {
    cls: 'Dahua DHIP login challenge whose realm states a device name',
    field: 'dhip.realm',
    value: 'Login to cam',
    vendor: 'Dahua',
    source: 'alexeyvasilyev/rtsp-client-android RtspClient.java @48a9ca25ed073c792dd77f9f363d676dae16b9fd',
  },
];

/** Other makers' model strings that look like the widened grammars (copied from recog). */
const LOOK_ALIKES: { field: EvidenceField; value: string; source: string }[] = [
  { field: 'onvif.model', value: 'DCS-5222LB1', source: 'rapid7/recog xml/http_wwwauth.xml (D-Link)' },
  { field: 'onvif.model', value: 'DS-5000B', source: 'rapid7/recog xml/snmp_sysdescr.xml (EMC Connectrix)' },
  { field: 'onvif.model', value: 'DS218', source: 'rapid7/recog xml/html_title.xml (Synology)' },
  {
    field: 'onvif.model',
    value: 'NVR1821',
    source: 'chenshangquan/RK100 devtrackconst.h (Kedacom-style NVR)',
  },
  {
    field: 'onvif.model',
    value: 'NVR-0808B2-8P',
    source: 'https://github.com/AlexxIT/WebRTC/pull/614 (TVT NVR)',
  },
  {
    field: 'http.auth.realm',
    value: 'Login Required',
    source: 'paulos84/flask-apps authentication/http-basic-authentication/app1.py (a web app’s Basic realm)',
  },
];

describe('Hikvision and Dahua grammars cover the vendors’ product classes', () => {
  for (const c of CASES) {
    it(`${c.cls}: ${c.field} "${c.value}" names ${c.vendor}`, () => {
      const hit = matchValue(lib, c.field, c.value);
      expect(hit?.signature.vendor, c.source).toBe(c.vendor);
      expect(['oem', 'family']).toContain(hit?.signature.strength);
      if (c.model) expect(hit?.captured.model).toBe(c.model);
    });
  }

  for (const l of LOOK_ALIKES) {
    it(`another maker's ${l.field} "${l.value}" names neither Hikvision nor Dahua`, () => {
      const vendor = matchValue(lib, l.field, l.value)?.signature.vendor;
      expect(vendor === 'Hikvision' || vendor === 'Dahua', l.source).toBe(false);
    });
  }
});

describe('a model sold under two of Hikvision’s own badges', () => {
  it('names Hikvision for a DS-I camera without guessing HiWatch: HiLook sells the line too', () => {
    // ch-bas/cctv-camera-database cameras/hilook/ds-i214w.json: DS-I214W(C), brand HiLook.
    const hit = matchValue(lib, 'onvif.model', 'DS-I214W(C)');
    expect(hit?.signature.vendor).toBe('Hikvision');
    expect(hit?.captured.model).toBe('DS-I214W(C)');
    expect(hit?.signature.brand).toBeUndefined();
  });
});
