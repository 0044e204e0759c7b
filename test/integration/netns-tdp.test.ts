/**
 * TP-Link discovery in the namespace lab (scripts/netns-lab): a simulated Tapo C210 that answers
 * only TP-Link's discovery probe on UDP 20002 (src/lab/profiles/lan/tapo-camera-tdp.yaml, python-kasa's
 * recorded answer), found once by the broadcast probe alone (`--discover-only`) and once as a
 * target by the unicast probe. The scanner runs in a namespace of its own; no packet reaches the
 * machine's real interfaces. Needs root (CI runs as root): it fails in CI without it and is
 * skipped elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import { canNetns, type LanLabRun, leftovers, removeNetns, runLanLab } from '../helpers/netns.js';

const tag = `t${process.pid}`.slice(0, 6);
let run: LanLabRun;
let left: ReturnType<typeof leftovers>;

describe.skipIf(!canNetns && process.env.CI !== 'true')('TP-Link discovery (namespace lab)', () => {
  beforeAll(() => {
    if (!canNetns) throw new Error('this test needs root to create network namespaces (CI runs as root)');
    run = runLanLab(
      tag,
      [['--discover-only'], ['10.44.1.0/24', '--no-discovery', '--timeout', '1000']],
      120000,
      ['tapo-camera-tdp@1'],
    );
    left = leftovers(tag, run.pids);
  }, 180000);

  afterAll(() => {
    removeNetns(...leftovers(tag, []).namespaces);
  });

  const tapo = (report: (typeof run.reports)[number] | undefined): Device => {
    const lab = run.devices.find((d) => d.profile === 'tapo-camera-tdp');
    const found = report?.devices.filter((d) => d.mac === lab?.macs[0]) ?? [];
    expect(found).toHaveLength(1);
    expect(found[0]?.ip).toBe(lab?.ips[0]);
    return found[0] as Device;
  };

  it('the broadcast probe alone finds the camera and names its TP-Link badge, model and firmware', () => {
    const [report] = run.reports;
    if (!report) throw new Error('no report');
    expect(validateReport(report).errors).toEqual([]);
    const d = tapo(report);
    expect([d.brand, d.type, d.model, d.firmware]).toEqual([
      'TP-Link',
      'camera',
      'C210',
      '1.4.3 Build 241010 Rel.33858n',
    ]);
    expect(d.oem.vendor).toBeNull();
    expect(d.services.every((s) => s.transport === 'udp' && s.port === 20002)).toBe(true);
    expect(d.evidence.some((e) => e.probe === 'tdp')).toBe(true);
  });

  it('as a target, the unicast probe names it the same way without link discovery', () => {
    const report = run.reports[1];
    if (!report) throw new Error('no second report');
    const d = tapo(report);
    expect([d.brand, d.type, d.model]).toEqual(['TP-Link', 'camera', 'C210']);
    expect(d.evidence.some((e) => e.probe === 'tdp-unicast')).toBe(true);
    expect(d.evidence.some((e) => e.probe === 'tdp')).toBe(false);
  });

  it('leaves no namespaces, links or processes behind', () => {
    expect(left).toEqual({ namespaces: [], links: [], processes: [] });
  });
});
