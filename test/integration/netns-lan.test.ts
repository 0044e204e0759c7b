/**
 * LAN discovery in the namespace lab (scripts/netns-lab): six simulated devices on two bridged
 * segments, each in its own network namespace with a MAC under its vendor's OUI, answering
 * WS-Discovery, SSDP, SADP and DHIP from the published captures in their profiles. The scanner
 * runs in a namespace of its own with lan1 and lan2. Needs root (CI runs as root): it fails in
 * CI without it and is skipped elsewhere. No packet reaches the machine's real interfaces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProfile } from '../../src/lab/lan.js';
import { parseUpnpDescription } from '../../src/probes/ssdp/parse.js';
import type { Device, Report } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import { canNetns, type LanLabRun, leftovers, removeNetns, runLanLab } from '../helpers/netns.js';

const tag = `${process.pid}`.slice(-5);
let first: LanLabRun;
let second: LanLabRun;
const after: ReturnType<typeof leftovers>[] = [];

/** What the profile's discovery answers carry: model, serial and firmware, by protocol. */
function expectedIdentity(profileId: string) {
  const d = findProfile(profileId).discovery;
  const upnp = d?.ssdp?.description ? parseUpnpDescription(d.ssdp.description) : undefined;
  const s = d?.sadp;
  const h = d?.dhip?.deviceInfo;
  const str = (v: unknown) => (v === undefined ? null : String(v));
  return {
    model: str(s?.DeviceDescription ?? h?.DeviceType ?? upnp?.modelName),
    serial: str(s?.DeviceSN ?? h?.SerialNo ?? upnp?.serialNumber),
    firmware: str(s?.SoftwareVersion ?? h?.Version),
  };
}

const byMac = (r: Report, mac: string | undefined) => r.devices.filter((d) => d.mac === mac);
const profileOf = (run: LanLabRun, id: string) => run.devices.find((d) => d.profile === id);
const deviceOf = (run: LanLabRun, r: Report, id: string): Device | undefined =>
  byMac(r, profileOf(run, id)?.macs[0])[0];

describe.skipIf(!canNetns && process.env.CI !== 'true')('LAN discovery (namespace lab)', () => {
  beforeAll(() => {
    if (!canNetns) throw new Error('this test needs root to create network namespaces (CI runs as root)');
    first = runLanLab(`${tag}a`, [['--discover-only'], ['--discover-only', '--interface', 'lan2']]);
    after.push(leftovers(`${tag}a`, first.pids));
    second = runLanLab(`${tag}b`, [
      [],
      ['10.44.1.0/24', '--discover-only', '--interface', 'lan1', '--interface', 'lan2'],
    ]);
    after.push(leftovers(`${tag}b`, second.pids));
  }, 300000);

  afterAll(() => {
    // Only if a run was cut short: the script's own trap normally removed everything already.
    for (const t of [`${tag}a`, `${tag}b`]) removeNetns(...leftovers(t, []).namespaces);
  });

  it('reports validate against the v1 schema', () => {
    for (const r of [...first.reports, ...second.reports]) expect(validateReport(r).errors).toEqual([]);
  });

  it('--discover-only finds every device by multicast alone, once, with MAC, model, serial and firmware', () => {
    const [report] = first.reports;
    if (!report) throw new Error('no report');
    expect(report.scan.options?.discoverOnly).toBe(true);
    expect(report.devices).toHaveLength(first.devices.length);
    for (const lab of first.devices) {
      const found = byMac(report, lab.macs[0]);
      expect(found, lab.profile).toHaveLength(1);
      const d = found[0] as Device;
      const want = expectedIdentity(lab.profile);
      expect({ model: d.model, serial: d.serial, firmware: d.firmware }, lab.profile).toEqual(want);
      expect(d.oem.vendor, lab.profile).toBe(findProfile(lab.profile).expect.vendor);
      // Nothing but discovery ran: no TCP service was ever contacted.
      expect(
        d.services.every((s) => s.transport === 'udp'),
        lab.profile,
      ).toBe(true);
      expect(d.discovery?.outsideTargets).toBe(false);
    }
  });

  it('a SADP-only intercom is Hikvision and a DHIP-only recorder is Dahua', () => {
    const [report] = first.reports;
    if (!report) throw new Error('no report');
    const sadp = deviceOf(first, report, 'hikvision-intercom-sadp');
    expect(sadp?.oem.vendor).toBe('Hikvision');
    expect(sadp?.services.map((s) => s.service)).toEqual(['sadp']);
    expect(sadp?.evidence.find((e) => e.field === 'sadp.model')?.value).toBe('DS-KH6210-L');
    const dhip = deviceOf(first, report, 'dahua-hcvr-dhip');
    expect(dhip?.oem.vendor).toBe('Dahua');
    expect(dhip?.services.map((s) => s.service)).toEqual(['dhip']);
    expect(dhip?.evidence.find((e) => e.field === 'dhip.serial')?.value).toBe('2K0488CPAGS0ND6');
  });

  it('a LOCATION naming another device is not followed, and nothing from there is attributed', () => {
    const [report] = first.reports;
    if (!report) throw new Error('no report');
    const steering = deviceOf(first, report, 'ssdp-foreign-location');
    expect(steering?.evidence.find((e) => e.field === 'ssdp.server')?.value).toBe(
      'Windows_7-amd64-6.1, UPnP/1.0, PMS/1.80.0-SNAPSHOT',
    );
    expect(steering?.evidence.some((e) => e.field.startsWith('upnp.') && e.field !== 'upnp.udn')).toBe(false);
    expect(steering?.errors).toContainEqual(
      expect.objectContaining({
        probe: 'ssdp',
        status: 'skipped',
        message: expect.stringMatching(/10\.44\.2\.15:49153.*not followed/),
      }),
    );
    // The NetCam the LOCATION named keeps its own description, fetched from itself.
    expect(deviceOf(first, report, 'belkin-netcam-ssdp')?.model).toBe('NetCamHDv1');
  });

  it('a device on both links is one device with both addresses, seen on each interface', () => {
    const [report] = first.reports;
    if (!report) throw new Error('no report');
    const lab = profileOf(first, 'hikvision-camera');
    const d = byMac(report, lab?.macs[0])[0];
    expect(d?.discovery?.addresses).toEqual(lab?.ips);
    expect(new Set(d?.discovery?.seenOn.map((s) => s.interface))).toEqual(new Set(['lan1', 'lan2']));
    expect(d?.serial).toBe('DS-2CD2143G0-I20180829AAWRC46851082');
  });

  it('--interface lan2 discovers only what is on lan2', () => {
    const report = first.reports[1];
    if (!report) throw new Error('no report');
    expect(report.scan.discovery?.interfaces.map((i) => i.name)).toEqual(['lan2']);
    const onLan2 = first.devices.filter((d) => d.ips.some((a) => a.startsWith('10.44.2.')));
    expect(report.devices.map((d) => d.mac).sort()).toEqual(onLan2.map((d) => d.macs[0]).sort());
    for (const d of report.devices)
      expect(d.discovery?.seenOn.every((s) => s.interface === 'lan2')).toBe(true);
  });

  it('with unicast and discovery both on, each device appears exactly once', () => {
    const [report] = second.reports;
    if (!report) throw new Error('no report');
    expect(report.devices).toHaveLength(second.devices.length);
    for (const lab of second.devices) expect(byMac(report, lab.macs[0]), lab.profile).toHaveLength(1);
    const hik = deviceOf(second, report, 'hikvision-camera');
    const fields = new Set(hik?.evidence.map((e) => e.field));
    for (const f of ['onvif.serial', 'rtsp.auth.realm', 'sadp.serial', 'wsd.scope'])
      expect(fields.has(f as never), f).toBe(true);
    const dahua = deviceOf(second, report, 'dahua-camera');
    expect(dahua?.services.map((s) => s.service)).toEqual(expect.arrayContaining(['rtsp', 'dhip', 'ssdp']));
    expect(dahua?.oem.vendor).toBe('Dahua');
  });

  it('devices found outside the targets are reported and marked, and their LOCATION is not fetched', () => {
    const report = second.reports[1];
    if (!report) throw new Error('no report');
    expect(report.devices).toHaveLength(second.devices.length);
    for (const d of report.devices) {
      expect(d.discovery?.outsideTargets, d.ip).toBe(
        !d.discovery?.addresses.some((a) => a.startsWith('10.44.1.')),
      );
    }
    const belkin = deviceOf(second, report, 'belkin-netcam-ssdp');
    expect(belkin?.discovery?.outsideTargets).toBe(true);
    expect(belkin?.model).toBeNull();
    expect(belkin?.errors.some((e) => e.probe === 'ssdp' && e.status === 'skipped')).toBe(true);
  });

  it('running the lab twice leaves no namespaces, links or processes behind', () => {
    expect(first.pids.length).toBeGreaterThanOrEqual(first.devices.length);
    for (const left of after) expect(left).toEqual({ namespaces: [], links: [], processes: [] });
  });
});
