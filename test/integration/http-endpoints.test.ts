/**
 * Devices that give themselves away only through a vendor API answered without a login (issue 12,
 * classes 2b and 3b): `/` says nothing (the lab's bare 404), but the Axis param.cgi Brand list or
 * Dahua's magicBox getDeviceType answers in the vendor's own format. Before the http probe asked
 * these endpoints the scan could not name either. Loopback 127.0.32.x only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Report } from '../../src/report/types.js';
import { runCli } from '../helpers/cli.js';

const OFFSET = 27100;
const PREFIX = '127.0.32';

// home-assistant/core tests/components/axis/const.py @0b9dabd3a8bc1d07757e78cced43cbe7437c00b7: BRAND_RESPONSE.
const AXIS_BRAND =
  'root.Brand.Brand=AXIS\nroot.Brand.ProdFullName=AXIS M1065-LW Network Camera\nroot.Brand.ProdNbr=M1065-LW\n' +
  'root.Brand.ProdShortName=AXIS M1065-LW\nroot.Brand.ProdType=Network Camera\nroot.Brand.ProdVariant=\n' +
  'root.Brand.WebURL=http://www.axis.com\n';

// lexxai/lexxai.github.io _posts, "AVTECH DVR HIDDEN COMMANDS" (2018-12-29): the get_capability
// answer as quoted (the author redacted the MAC), first lines.
const AVTECH_CAPABILITY =
  '0\nOK\nFirmware.Version=1133-1039-1013-1025-0a-0000\nMACAddress=00:0X:XX:XX:XX:XX\nProduct.Type=DVR\n' +
  'Product.ID=672\nProduct.ShortName=None\nVideo.System=PAL\nVideo.Input.Num=4\nVideo.Output.Num=1\n';

const PROFILES: DeviceProfile[] = [
  {
    id: 'axis-param-brand-only',
    description: 'Axis camera whose param.cgi Brand group is readable anonymously; nothing else answers',
    sources: [
      'home-assistant/core tests/components/axis/const.py @0b9dabd3a8bc1d07757e78cced43cbe7437c00b7 (BRAND_RESPONSE)',
    ],
    expect: { vendor: 'Axis', brand: null, type: 'camera', flagged: false },
    http: [
      {
        path: '/axis-cgi/param.cgi?action=list&group=root.Brand',
        status: 200,
        headers: { 'Content-Type': 'text/plain' },
        body: AXIS_BRAND,
      },
    ],
  },
  {
    id: 'dahua-magicbox-open',
    description: 'Dahua XVR whose magicBox getDeviceType answers without a login; nothing else answers',
    sources: ['https://github.com/rroller/dahua/issues/59 (getDeviceType output of a Dahua XVR5108C-X)'],
    expect: { vendor: 'Dahua', brand: null, type: 'unknown', flagged: true },
    http: [
      {
        path: '/cgi-bin/magicBox.cgi?action=getDeviceType',
        status: 200,
        headers: { 'Content-Type': 'text/plain;charset=utf-8' },
        body: 'type=DH-XVR5108C-X \r\n',
      },
    ],
  },
  {
    id: 'avtech-capability-open',
    description:
      'AVTECH DVR whose capability page under /cgi-bin/nobody/ answers anyone; nothing else answers',
    sources: ['lexxai/lexxai.github.io _posts (AVTECH DVR HIDDEN COMMANDS, 2018-12-29)'],
    expect: { vendor: 'AVTECH', brand: null, type: 'unknown', flagged: false },
    http: [
      {
        path: '/cgi-bin/nobody/Machine.cgi?action=get_capability',
        status: 200,
        headers: { 'Content-Type': 'text/plain' },
        body: AVTECH_CAPABILITY,
      },
    ],
  },
];

let lab: Lab;
let report: Report;
beforeAll(async () => {
  lab = await startLab({ prefix: PREFIX, first: 31, portOffset: OFFSET, profiles: PROFILES });
  const r = await runCli([
    'scan',
    `${PREFIX}.31-33`,
    '--port-offset',
    String(OFFSET),
    '--format',
    'json',
    '--no-progress',
  ]);
  expect(r.code, r.stderr).toBe(0);
  report = JSON.parse(r.stdout) as Report;
}, 60_000);
afterAll(async () => lab?.stop());

const device = (ip: string) => report.devices.find((d) => d.ip === ip);

describe('identified by a vendor API format alone', () => {
  it('names Axis from the param.cgi root.Brand list, with the model', () => {
    const d = device(`${PREFIX}.31`);
    expect(d?.oem.vendor).toBe('Axis');
    expect(d?.model).toBe('M1065-LW');
    expect(d?.evidence.some((e) => e.signature === 'axis.http-body.param-brand')).toBe(true);
  });

  it('names Dahua from the magicBox getDeviceType answer, with the model', () => {
    const d = device(`${PREFIX}.32`);
    expect(d?.oem.vendor).toBe('Dahua');
    expect(d?.model).toBe('DH-XVR5108C-X');
    expect(d?.evidence.some((e) => e.signature === 'dahua.http-body.magicbox-device-type')).toBe(true);
  });

  it('names AVTECH from the open capability page, with the firmware', () => {
    const d = device(`${PREFIX}.33`);
    expect(d?.oem.vendor).toBe('AVTECH');
    expect(d?.firmware).toBe('1133-1039-1013-1025-0a-0000');
    expect(d?.evidence.some((e) => e.signature === 'avtech.http-body.capability')).toBe(true);
    expect(d?.evidence.some((e) => e.signature === 'avtech.http-endpoint.machine-cgi')).toBe(true);
  });
});
