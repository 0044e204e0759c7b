/**
 * XiongMai IP search in the namespace lab (scripts/netns-lab): one simulated XiongMai-board camera
 * that answers only the search on UDP 34569, by broadcast, with the recorded IPSEARCH_RSP
 * (src/lab/profiles/lan/xiongmai-camera-search.yaml), next to a Dahua recorder that answers only
 * DHIP. The scanner runs in a namespace of its own; no packet reaches the machine's real
 * interfaces. Needs root (CI runs as root): it fails in CI without it and is skipped elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProfile } from '../../src/lab/lan.js';
import type { Device } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import { canNetns, type LanLabRun, leftovers, removeNetns, runLanLab } from '../helpers/netns.js';

const tag = `x${process.pid}`.slice(0, 6);
let run: LanLabRun;
let left: ReturnType<typeof leftovers>;

describe.skipIf(!canNetns && process.env.CI !== 'true')('XiongMai IP search (namespace lab)', () => {
  beforeAll(() => {
    if (!canNetns) throw new Error('this test needs root to create network namespaces (CI runs as root)');
    run = runLanLab(tag, [['--discover-only']], 120000, ['xiongmai-camera-search@1', 'dahua-hcvr-dhip@1']);
    left = leftovers(tag, run.pids);
  }, 180000);

  afterAll(() => {
    removeNetns(...leftovers(tag, []).namespaces);
  });

  it('finds the camera by the broadcast search alone, with its serial, firmware and MAC, as XiongMai', () => {
    const [report] = run.reports;
    if (!report) throw new Error('no report');
    expect(validateReport(report).errors).toEqual([]);
    const lab = run.devices.find((d) => d.profile === 'xiongmai-camera-search');
    const found = report.devices.filter((d) => d.mac === lab?.macs[0]);
    expect(found).toHaveLength(1);
    const d = found[0] as Device;
    const recorded = findProfile('xiongmai-camera-search').discovery?.xm?.reply[
      'NetWork.NetCommon'
    ] as Record<string, unknown>;
    expect({ serial: d.serial, firmware: d.firmware }).toEqual({
      serial: recorded.SN,
      firmware: recorded.Version,
    });
    expect(d.oem.vendor).toBe('XiongMai');
    expect(d.ip).toBe(lab?.ips[0]);
    expect(d.services.every((s) => s.transport === 'udp' && s.port === 34569)).toBe(true);
    // The answer's own evidence carries the question and where it came from.
    expect(
      d.evidence
        .filter((e) => e.field.startsWith('xm.'))
        .map((e) => e.field)
        .sort(),
    ).toEqual(['xm.answer', 'xm.firmware', 'xm.host-name', 'xm.serial']);
  });

  it('the DHIP-only recorder on the same link is still found, and is not mistaken for XiongMai', () => {
    const [report] = run.reports;
    const lab = run.devices.find((d) => d.profile === 'dahua-hcvr-dhip');
    const d = report?.devices.find((x) => x.mac === lab?.macs[0]);
    expect(d?.oem.vendor).toBe('Dahua');
    expect(d?.evidence.some((e) => e.field.startsWith('xm.'))).toBe(false);
  });

  it('leaves no namespaces, links or processes behind', () => {
    expect(left).toEqual({ namespaces: [], links: [], processes: [] });
  });
});
