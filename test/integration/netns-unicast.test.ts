/**
 * Unicast questions and layer-2 presence in the namespace lab (scripts/netns-lab, its own tag):
 * on one segment, a Dahua recorder that answers only DHIP, a Belkin NetCam that answers only
 * SSDP, a Hikvision camera that answers only SADP, also by unicast (as a recorded DS-2CD2022WD-I
 * did), a Hikvision intercom that answers SADP only on the multicast group, and a host with no
 * service at all under Hikvision's OUI. With discovery off, the unicast DHIP, SADP and SSDP
 * probes find the first three, and the last two still appear, seen only at layer 2 (ARP), with
 * their MAC and the maker their OUI names. Needs root (CI runs as root).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device, Report } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import { canNetns, type LanLabRun, leftovers, removeNetns, runLanLab } from '../helpers/netns.js';

const tag = `u${process.pid}`.slice(0, 7);
const DEVICES = [
  'dahua-hcvr-dhip@1',
  'belkin-netcam-ssdp@1',
  'hikvision-camera-sadp-unicast@1',
  'hikvision-intercom-sadp@1',
  'arp-only-hikvision@1',
];
let run: LanLabRun;
let left: ReturnType<typeof leftovers>;

const deviceOf = (r: Report | undefined, profile: string): Device | undefined => {
  const lab = run.devices.find((d) => d.profile === profile);
  return r?.devices.find((d) => d.mac === lab?.macs[0]);
};

describe.skipIf(!canNetns && process.env.CI !== 'true')(
  'unicast UDP and layer-2 hosts (namespace lab)',
  () => {
    beforeAll(() => {
      if (!canNetns) throw new Error('this test needs root to create network namespaces (CI runs as root)');
      run = runLanLab(
        tag,
        [
          ['10.44.1.0/24', '--no-discovery', '--timeout', '1000'],
          ['10.44.1.0/24', '--timeout', '1000'],
        ],
        180000,
        DEVICES,
      );
      left = leftovers(tag, run.pids);
    }, 240000);

    afterAll(() => removeNetns(...leftovers(tag, []).namespaces));

    it('reports validate against the v1 schema', () => {
      for (const r of run.reports) expect(validateReport(r).errors).toEqual([]);
    });

    it('with discovery off, unicast DHIP finds the DHIP-only recorder', () => {
      const d = deviceOf(run.reports[0], 'dahua-hcvr-dhip');
      expect(d?.services).toEqual([{ port: 37810, transport: 'udp', service: 'dhip', status: 'ok' }]);
      expect(d?.oem.vendor).toBe('Dahua');
      expect(d?.serial).toBe('2K0488CPAGS0ND6');
      expect(d?.evidence.find((e) => e.field === 'dhip.serial')?.probe).toBe('dhip-unicast');
      expect(d?.discovery).toBeUndefined();
    });

    it('with discovery off, unicast SSDP finds the SSDP-only NetCam and reads its description from itself', () => {
      const d = deviceOf(run.reports[0], 'belkin-netcam-ssdp');
      expect(d?.services).toEqual([{ port: 1900, transport: 'udp', service: 'ssdp', status: 'ok' }]);
      expect(d?.model).toBe('NetCamHDv1');
      expect(d?.evidence.find((e) => e.field === 'upnp.serial')?.probe).toBe('ssdp-unicast');
    });

    it('with discovery off, unicast SADP finds the camera that answers an inquiry to its own address', () => {
      const d = deviceOf(run.reports[0], 'hikvision-camera-sadp-unicast');
      expect(d?.services).toEqual([{ port: 37020, transport: 'udp', service: 'sadp', status: 'ok' }]);
      expect(d?.oem.vendor).toBe('Hikvision');
      expect(d?.model).toBe('DS-2CD2022WD-I');
      expect(d?.evidence.find((e) => e.field === 'sadp.firmware')?.probe).toBe('sadp-unicast');
      expect(d?.discovery).toBeUndefined();
    });

    it('a host with no service at all is reported, seen only at layer 2, with its MAC and OUI maker', () => {
      const lab = run.devices.find((d) => d.profile === 'arp-only-hikvision');
      const d = deviceOf(run.reports[0], 'arp-only-hikvision');
      expect(d?.ip).toBe(lab?.ips[0]);
      expect(d?.mac).toBe(lab?.macs[0]);
      expect(d?.services).toEqual([]);
      expect(d?.discovery).toEqual({
        outsideTargets: false,
        addresses: lab?.ips,
        seenOn: [{ interface: 'lan1', probe: 'arp', ip: lab?.ips[0] }],
        layer2Only: true,
      });
      expect(d?.oem.vendor).toBe('Hikvision');
      expect(d?.evidence).toContainEqual(expect.objectContaining({ field: 'mac.address', probe: 'arp' }));
    });

    it('a SADP-only intercom that drops a unicast inquiry still answers ARP and is listed at layer 2', () => {
      const d = deviceOf(run.reports[0], 'hikvision-intercom-sadp');
      expect(d?.discovery?.layer2Only).toBe(true);
      expect(d?.oem.vendor).toBe('Hikvision');
    });

    it('nothing else on the segment is reported (absent addresses failed ARP)', () => {
      const [report] = run.reports;
      expect(report?.devices.map((d) => d.mac).sort()).toEqual(run.devices.map((d) => d.macs[0]).sort());
    });

    it('with discovery on too, each device appears once; only the service-less host stays layer-2 only', () => {
      const report = run.reports[1];
      expect(report?.devices).toHaveLength(run.devices.length);
      for (const lab of run.devices) {
        const d = deviceOf(report, lab.profile);
        expect(d, lab.profile).toBeDefined();
        expect(Boolean(d?.discovery?.layer2Only), lab.profile).toBe(lab.profile === 'arp-only-hikvision');
      }
      expect(deviceOf(report, 'hikvision-intercom-sadp')?.services.map((s) => s.service)).toEqual(['sadp']);
      expect(deviceOf(report, 'hikvision-camera-sadp-unicast')?.services.map((s) => s.service)).toEqual([
        'sadp',
      ]);
      expect(deviceOf(report, 'dahua-hcvr-dhip')?.services.map((s) => s.service)).toEqual(['dhip']);
    });

    it('leaves no namespaces, links or processes behind', () => {
      expect(left).toEqual({ namespaces: [], links: [], processes: [] });
    });
  },
);
