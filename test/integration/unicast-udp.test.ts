/**
 * Devices that answer only a UDP discovery protocol, asked by unicast on loopback (127.0.31.x):
 * a Dahua recorder that answers only DHIP on 37810 and a Belkin NetCam that answers only SSDP on
 * 1900 (with its description XML at LOCATION). No TCP port is open on either, so before the
 * unicast DHIP/SSDP probes existed neither appeared in the report at all. Runs the real CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProfile } from '../../src/lab/lan.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Device, Report } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import { runCli } from '../helpers/cli.js';

const PREFIX = '127.0.31';
const OFFSET = 12000;
let lab: Lab;
let report: Report;

beforeAll(async () => {
  lab = await startLab({
    prefix: PREFIX,
    portOffset: OFFSET,
    profiles: [
      findProfile('dahua-hcvr-dhip'),
      findProfile('belkin-netcam-ssdp'),
      findProfile('ssdp-foreign-location'),
    ],
  });
  const r = await runCli([
    'scan',
    `${PREFIX}.0/28`,
    '--port-offset',
    String(OFFSET),
    '--timeout',
    '800',
    '--format',
    'json',
    '--no-progress',
  ]);
  expect(r.code, r.stderr).toBe(0);
  report = JSON.parse(r.stdout) as Report;
}, 60000);

afterAll(async () => lab?.stop());

const at = (ip: string | undefined): Device | undefined => report.devices.find((d) => d.ip === ip);
const ipOf = (id: string) => lab.devices.find((d) => d.profile.id === id)?.ip;

describe('unicast DHIP and SSDP on loopback', () => {
  it('reports validate against the v1 schema and list exactly the three UDP-only devices', () => {
    expect(validateReport(report).errors).toEqual([]);
    expect(report.devices.map((d) => d.ip)).toEqual(lab.devices.map((d) => d.ip));
  });

  it('a recorder that answers only unicast DHIP is responsive, Dahua, with its serial, model and firmware', () => {
    const d = at(ipOf('dahua-hcvr-dhip'));
    expect(d?.services).toEqual([{ port: 37810 + OFFSET, transport: 'udp', service: 'dhip', status: 'ok' }]);
    expect(d?.oem.vendor).toBe('Dahua');
    expect(d?.serial).toBe('2K0488CPAGS0ND6');
    expect(d?.firmware).toBe('3.210.1.4');
    expect(d?.mac).toBe('3c:ef:8c:18:a5:07');
    const serial = d?.evidence.find((e) => e.field === 'dhip.serial');
    expect(serial).toMatchObject({ probe: 'dhip-unicast', transport: 'udp', port: 37810 + OFFSET });
  });

  it('a camera that answers only unicast SSDP is responsive with its description fetched from itself', () => {
    const d = at(ipOf('belkin-netcam-ssdp'));
    expect(d?.services).toEqual([{ port: 1900 + OFFSET, transport: 'udp', service: 'ssdp', status: 'ok' }]);
    expect(d?.model).toBe('NetCamHDv1');
    expect(d?.serial).toBe('23A595V018F00C');
    const fields = new Set(d?.evidence.filter((e) => e.probe === 'ssdp-unicast').map((e) => e.field));
    for (const f of ['upnp.udn', 'upnp.manufacturer', 'upnp.model-name', 'upnp.serial'])
      expect(fields.has(f as never), f).toBe(true);
    expect(d?.errors).toEqual([]);
  });

  it('a LOCATION naming another address is not followed: an ssdp-unicast error entry, no UPnP fields', () => {
    const d = at(ipOf('ssdp-foreign-location'));
    expect(d?.services.map((s) => s.service)).toEqual(['ssdp']);
    expect(d?.evidence.find((e) => e.field === 'ssdp.server')?.value).toBe(
      'Windows_7-amd64-6.1, UPnP/1.0, PMS/1.80.0-SNAPSHOT',
    );
    expect(d?.evidence.some((e) => e.field.startsWith('upnp.') && e.field !== 'upnp.udn')).toBe(false);
    expect(d?.errors).toContainEqual(
      expect.objectContaining({
        probe: 'ssdp-unicast',
        status: 'skipped',
        message: expect.stringMatching(/not followed/),
      }),
    );
  });
});
