#!/usr/bin/env node
// Builds fingerprints/oui/oui.json: the IEEE MA-L/MA-M/MA-S entries of the camera makers in
// fingerprints/vocabulary, taken from the npm package oui-data (a packaged copy of the IEEE
// registry). Exact registrant names only. Rebranders' own OUIs name the brand, not the OEM.
// Usage: node scripts/build-oui.mjs [--check]   (--check: fail if the checked-in file differs)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// The package exports only its entry point; the data file sits beside it.
const dataPath = join(dirname(require.resolve('oui-data')), 'index.json');
const pkg = JSON.parse(readFileSync(join(dirname(dataPath), 'package.json'), 'utf8'));
const raw = readFileSync(dataPath);
const registry = JSON.parse(raw.toString('utf8'));

// registrant (exact, case-insensitive) -> what a match says. Sources for the corporate links:
// ../shared/research/oem-and-policy-facts.md §1 and §2.1.
const SELECTION = [
  {
    registrants: ['Hangzhou Hikvision Digital Technology Co.,Ltd.'],
    vendor: 'Hikvision',
    strength: 'oem',
    certainty: 0.8,
  },
  {
    registrants: ['Prama Hikvision India Private Limited'],
    vendor: 'Hikvision',
    strength: 'oem',
    certainty: 0.7,
  },
  {
    registrants: ['Hangzhou Ezviz Software Co.,Ltd.'],
    vendor: 'Hikvision',
    brand: 'EZVIZ',
    strength: 'oem',
    certainty: 0.8,
  },
  {
    registrants: ['Hangzhou Microimage Software Co., Ltd'],
    vendor: 'Hikvision',
    brand: 'HIKMICRO',
    strength: 'oem',
    certainty: 0.8,
  },
  {
    registrants: ['Hangzhou Hikrobot Technology Co., Ltd.'],
    vendor: 'Hikvision',
    brand: 'Hikrobot',
    strength: 'oem',
    certainty: 0.8,
  },
  {
    registrants: [
      'Zhejiang Dahua Technology Co., Ltd.',
      'ZHEJIANG DAHUA TECHNOLOGYCO.,LTD',
      'ZHEJIANG DAHUA ZHILIAN CO.,LTD',
    ],
    vendor: 'Dahua',
    strength: 'oem',
    certainty: 0.8,
  },
  // Dahua's consumer arm until the sale announced on 2025-03-03, so a little weaker.
  {
    registrants: [
      'Hangzhou Huacheng Network Technology Co.,Ltd',
      'hangzhou huacheng network technology co., ltd',
    ],
    vendor: 'Dahua',
    brand: 'Imou',
    strength: 'oem',
    certainty: 0.7,
  },
  {
    registrants: ['Zhejiang Uniview Technologies Co., Ltd.', 'Zhejiang Uniview Technologies Co.,Ltd.'],
    vendor: 'Uniview',
    strength: 'oem',
    certainty: 0.8,
  },
  { registrants: ['Suzhou Keda Technology CO.,Ltd'], vendor: 'Kedacom', strength: 'oem', certainty: 0.8 },
  {
    registrants: ['Hytera Communications Co .,ltd', 'Hytera Communications Corporation Limited'],
    vendor: 'Hytera',
    strength: 'oem',
    certainty: 0.8,
  },
  {
    registrants: [
      'HUAWEI TECHNOLOGIES CO.,LTD',
      'Huawei Device Co., Ltd.',
      'Huawei Technologies Co., Ltd.',
      'Huawei Symantec Technologies Co.,Ltd.',
    ],
    vendor: 'Huawei',
    strength: 'oem',
    certainty: 0.8,
  },
  {
    registrants: ['zte corporation', 'SHANGHAI ZTE TECHNOLOGIES CO.,LTD'],
    vendor: 'ZTE',
    strength: 'oem',
    certainty: 0.8,
  },
  { registrants: ['Axis Communications AB'], vendor: 'Axis', strength: 'oem', certainty: 0.8 },
  {
    registrants: [
      'SAMSUNG TECHWIN CO.,LTD',
      'HANWHA VISION VIETNAM COMPANY LIMITED',
      'Hanwha Vision VietNam',
    ],
    vendor: 'Hanwha',
    strength: 'oem',
    certainty: 0.8,
  },
  {
    registrants: ['Bosch Security Systems, Inc.', 'Bosch Security Systems'],
    vendor: 'Bosch',
    strength: 'oem',
    certainty: 0.8,
  },
  // VCS Video Communication Systems AG, whose VideoJet/VIDOS line became Bosch's (nmap and lift name
  // its web server's units Bosch): Bosch cameras carry this prefix (one owner's two Bosch cameras
  // at 00-07-5f-ea-eb-6x in home-assistant/core#166418 and #166419). No source states the takeover
  // itself, so the prefix only makes Bosch probable.
  {
    registrants: ['VCS Video Communication Systems AG'],
    vendor: 'Bosch',
    strength: 'family',
    certainty: 0.5,
  },
  { registrants: ['Vivotek, Inc.'], vendor: 'Vivotek', strength: 'oem', certainty: 0.8 },
  { registrants: ['Mobotix AG'], vendor: 'Mobotix', strength: 'oem', certainty: 0.8 },
  { registrants: ['i-PRO Co., Ltd.'], vendor: 'i-PRO', strength: 'oem', certainty: 0.8 },
  { registrants: ['Tiandy Technologies Co.,LTD'], vendor: 'Tiandy', strength: 'oem', certainty: 0.8 },
  { registrants: ['TVT CO.,LTD', 'TVT CO., LTD'], vendor: 'TVT', strength: 'oem', certainty: 0.8 },
  { registrants: ['Sunell Electronics Co.'], vendor: 'Sunell', strength: 'oem', certainty: 0.8 },
  // Raysharp builds DVR/NVR boards that other brands sell, so its prefix names the board maker.
  {
    registrants: ['Zhuhai Raysharp Technology Co.,Ltd'],
    vendor: 'Raysharp',
    strength: 'oem',
    certainty: 0.7,
  },
  { registrants: ['Reolink Innovation Limited'], vendor: 'Reolink', strength: 'oem', certainty: 0.8 },
  { registrants: ['Verkada Inc'], vendor: 'Verkada', strength: 'oem', certainty: 0.8 },
  { registrants: ['Arecont Vision'], vendor: 'Arecont', strength: 'oem', certainty: 0.8 },
  { registrants: ['ACTi Corporation'], vendor: 'ACTi', strength: 'oem', certainty: 0.8 },
  { registrants: ['GeoVision Inc.'], vendor: 'GeoVision', strength: 'oem', certainty: 0.8 },
  // Makers of cameras, recorders and video systems only (a printer or router maker's OUI would say nothing).
  { registrants: ['Avigilon Alta'], vendor: 'Avigilon', strength: 'oem', certainty: 0.8 },
  { registrants: ['IQinVision'], vendor: 'IQinVision', strength: 'oem', certainty: 0.8 },
  { registrants: ['NUUO Inc.', 'NUUO, Inc.'], vendor: 'NUUO', strength: 'oem', certainty: 0.8 },
  { registrants: ['Genetec Inc.'], vendor: 'Genetec', strength: 'oem', certainty: 0.8 },
  { registrants: ['INSTAR Deutschland GmbH'], vendor: 'INSTAR', strength: 'oem', certainty: 0.8 },
  { registrants: ['TRUEN'], vendor: 'Truen', strength: 'oem', certainty: 0.8 },
  { registrants: ['Merit Li-Lin Ent.'], vendor: 'Merit LILIN', strength: 'oem', certainty: 0.8 },
  {
    registrants: ['Herospeed Digital Technology Limited'],
    vendor: 'Herospeed',
    strength: 'oem',
    certainty: 0.8,
  },
  { registrants: ['Zavio Inc.'], vendor: 'Zavio', strength: 'oem', certainty: 0.8 },
  { registrants: ['EverFocus Electronics Corp.'], vendor: 'EverFocus', strength: 'oem', certainty: 0.8 },
  { registrants: ['MESSOA TECHNOLOGIES INC.'], vendor: 'Messoa', strength: 'oem', certainty: 0.8 },
  {
    registrants: ['MARCH NETWORKS CORPORATION', 'March Networks S.p.A.'],
    vendor: 'March Networks',
    strength: 'oem',
    certainty: 0.8,
  },
  { registrants: ['Vicon Industries Inc.'], vendor: 'Vicon', strength: 'oem', certainty: 0.8 },
  { registrants: ['Beward R&D Co., Ltd.'], vendor: 'Beward', strength: 'oem', certainty: 0.8 },
  { registrants: ['Provision-ISR'], vendor: 'Provision-ISR', strength: 'oem', certainty: 0.8 },
  { registrants: ['WEBGATE Inc.'], vendor: 'WebGate', strength: 'oem', certainty: 0.8 },
  { registrants: ['Pixord Corporation'], vendor: 'Pixord', strength: 'oem', certainty: 0.8 },
  { registrants: ['HeiTel Digital Video GmbH'], vendor: 'HeiTel', strength: 'oem', certainty: 0.8 },
  { registrants: ['CONVISION TECHNOLOGY GMBH'], vendor: 'Convision', strength: 'oem', certainty: 0.8 },
  { registrants: ['DYNACOLOR, INC.'], vendor: 'Dynacolor', strength: 'oem', certainty: 0.8 },
  { registrants: ['IDIS Co., Ltd.', 'IDIS Nederland BV'], vendor: 'IDIS', strength: 'oem', certainty: 0.8 },
  { registrants: ['CNB Technology Inc.'], vendor: 'CNB', strength: 'oem', certainty: 0.8 },
  { registrants: ['SEYEON TECH. CO., LTD.'], vendor: 'Seyeon', strength: 'oem', certainty: 0.8 },
  { registrants: ['Dallmeier electronic'], vendor: 'Dallmeier', strength: 'oem', certainty: 0.8 },
  { registrants: ['Geutebrück GmbH'], vendor: 'Geutebrück', strength: 'oem', certainty: 0.8 },
  {
    registrants: ['Jovision Technology Co., Ltd.', 'Jinan Jovision Science & Technology Co., Ltd.'],
    vendor: 'Jovision',
    strength: 'oem',
    certainty: 0.8,
  },
  { registrants: ['Shenzhen Reecam Tech.Ltd.'], vendor: 'Reecam', strength: 'oem', certainty: 0.8 },
  { registrants: ['ShenZhen Apexis Electronic Co.,Ltd'], vendor: 'Apexis', strength: 'oem', certainty: 0.8 },
  { registrants: ['MINTRON ENTERPRISE CO., LTD.'], vendor: 'Mintron', strength: 'oem', certainty: 0.8 },
  // AVTECH Corporation's registration (Taipei, Nangang): the DVR/NVR and camera maker.
  { registrants: ['AV TECH CORPORATION'], vendor: 'AVTECH', strength: 'oem', certainty: 0.8 },
  { registrants: ['Videotec Spa'], vendor: 'Videotec', strength: 'oem', certainty: 0.8 },
  { registrants: ['Beijing Hanbang Technology Corp.'], vendor: 'HanBang', strength: 'oem', certainty: 0.8 },
  { registrants: ['Lumens Digital Optics Inc.'], vendor: 'Lumens', strength: 'oem', certainty: 0.7 },
  // Grandstream also makes IP phones and gateways, Milesight IoT gateways and sensors, Sony
  // everything from TVs to phones: their prefixes point at the maker but do not say "camera".
  {
    registrants: ['Grandstream Networks, Inc.', 'Grandstream Networks Inc'],
    vendor: 'Grandstream',
    strength: 'family',
    certainty: 0.5,
  },
  {
    registrants: ['Xiamen Milesight IoT Co., Ltd.', 'Milesight Taiwan'],
    vendor: 'Milesight',
    strength: 'family',
    certainty: 0.5,
  },
  { registrants: ['Sony Corporation'], vendor: 'Sony', strength: 'family', certainty: 0.4 },
  // Ubiquiti's prefixes cover routers and access points as well as UniFi cameras.
  { registrants: ['Ubiquiti Inc'], vendor: 'Ubiquiti', strength: 'family', certainty: 0.5 },
  // Edimax's prefixes are mostly on its routers, adapters and switches.
  { registrants: ['Edimax Technology Co. Ltd.'], vendor: 'Edimax', strength: 'family', certainty: 0.4 },
  // Rebranders' own registrations: the badge, never the OEM behind it.
  { registrants: ['Lorex Technology Inc.'], brand: 'Lorex', strength: 'brand', certainty: 0.9 },
  { registrants: ['Amcrest Technologies'], brand: 'Amcrest', strength: 'brand', certainty: 0.9 },
  { registrants: ['LT SECURITY INC'], brand: 'LTS', strength: 'brand', certainty: 0.9 },
  {
    registrants: ['Swann communications Pty Ltd', 'SWANN COMMUNICATIONS PTY LTD'],
    brand: 'Swann',
    strength: 'brand',
    certainty: 0.9,
  },
  { registrants: ['IC Realtime LLC'], brand: 'IC Realtime', strength: 'brand', certainty: 0.9 },
  { registrants: ['FLIR Systems Inc', 'FLIR Systems'], brand: 'FLIR', strength: 'brand', certainty: 0.9 },
  { registrants: ['Intelbras'], brand: 'Intelbras', strength: 'brand', certainty: 0.9 },
  { registrants: ['Night Owl SP'], brand: 'Night Owl', strength: 'brand', certainty: 0.9 },
  { registrants: ['Digital Watchdog'], brand: 'Digital Watchdog', strength: 'brand', certainty: 0.9 },
  { registrants: ['Honeywell Video Systems'], brand: 'Honeywell', strength: 'brand', certainty: 0.9 },
  { registrants: ['Steinsvik'], brand: 'Steinsvik', strength: 'brand', certainty: 0.9 },
  { registrants: ['Y-cam Solutions Ltd'], brand: 'Y-cam', strength: 'brand', certainty: 0.9 },
  { registrants: ['Zmodo Technology Corporation'], brand: 'Zmodo', strength: 'brand', certainty: 0.9 },
  { registrants: ['Wyze Labs Inc'], brand: 'Wyze', strength: 'brand', certainty: 0.9 },
  // Makers of routers and switches as well as cameras: the prefix names the company, which is the
  // badge a camera of theirs carries, and says nothing of who built it.
  {
    registrants: ['TP-LINK TECHNOLOGIES CO.,LTD.', 'TP-Link Systems Inc.', 'TP-Link Systems Inc'],
    brand: 'TP-Link',
    strength: 'brand',
    certainty: 0.9,
  },
  {
    registrants: ['D-Link Corporation', 'D-Link International', 'D-LINK SYSTEMS, INC.'],
    brand: 'D-Link',
    strength: 'brand',
    certainty: 0.9,
  },
  { registrants: ['TRENDnet, Inc.'], brand: 'TRENDnet', strength: 'brand', certainty: 0.9 },
];

const wanted = new Map();
for (const sel of SELECTION) for (const r of sel.registrants) wanted.set(r.toLowerCase(), sel);

const entries = [];
for (const [hex, text] of Object.entries(registry)) {
  const registrant = text.split('\n')[0].trim();
  const sel = wanted.get(registrant.toLowerCase());
  if (!sel) continue;
  const prefix = hex
    .toUpperCase()
    .match(/.{1,2}/g)
    .join(':');
  entries.push({
    prefix,
    bits: hex.length * 4,
    registrant,
    ...(sel.vendor ? { vendor: sel.vendor } : {}),
    ...(sel.brand ? { brand: sel.brand } : {}),
    strength: sel.strength,
    certainty: sel.certainty,
  });
}
entries.sort((a, b) => a.prefix.localeCompare(b.prefix));

const out = `${JSON.stringify(
  {
    source: `IEEE MA-L/MA-M/MA-S registry as packaged in npm ${pkg.name}@${pkg.version} (index.json)`,
    sha256: createHash('sha256').update(raw).digest('hex'),
    date: '2026-08-26 (npm publish date of oui-data 2.1.9)',
    generatedBy: 'scripts/build-oui.mjs',
    entries,
  },
  null,
  1,
)}\n`;

const target = join(root, 'fingerprints', 'oui', 'oui.json');
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== out) {
    console.error(`${target} is out of date: run node scripts/build-oui.mjs`);
    process.exit(1);
  }
  console.log(`${target} matches ${pkg.name}@${pkg.version}`);
} else {
  writeFileSync(target, out);
  console.log(`wrote ${entries.length} entries to ${target}`);
}
