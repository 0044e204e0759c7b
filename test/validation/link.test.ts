/**
 * Records whose MAC only ARP can show, or whose SADP answer only the multicast group hears, are
 * replayed on a namespace link (validation/link): the scan learns each recorded MAC from the
 * kernel's neighbour table and hears the SADP answer, as on a site's LAN, and the OUI data names
 * the maker where the MAC is the maker's own. On loopback the same records list those items as
 * not replayable. The namespaces are gone afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOffset } from '../../src/cli/commands/lab.js';
import { MAC_NEEDS_LINK, replayProfile, SADP_NEEDS_LINK, XM_NEEDS_LINK } from '../../src/lab/replay.js';
import { loadRecords } from '../../src/validation/records.js';
import { type RunResult, runValidation } from '../../src/validation/run.js';
import { canNetns, ip } from '../helpers/netns.js';

// The records whose MAC needs a link (hik-github-issues, sadp-captures, ...).
const needs = (reason: string) =>
  loadRecords().filter((r) => replayProfile(r, 'probe', 'x').notReplayable.some((n) => n.reason === reason));
const sadp = new Set(needs(SADP_NEEDS_LINK).map((r) => r.name));
const xm = new Set(needs(XM_NEEDS_LINK).map((r) => r.name));
// SADP devices (own namespaces, addresses after the shared ones) first in the list, so the scan
// must cover every address whatever the order.
const records = needs(MAC_NEEDS_LINK).sort((x, y) => Number(sadp.has(y.name)) - Number(sadp.has(x.name)));
const namespaces = () =>
  ip('netns', 'list')
    .toString()
    .split('\n')
    .filter((l) => l.startsWith(`oemscan-val${`${process.pid}`.slice(-6)}`));

describe.skipIf(!canNetns && process.env.CI !== 'true')('replay on a namespace link', () => {
  let onLink: RunResult | undefined;
  let onLoopback: RunResult | undefined;

  beforeAll(async () => {
    if (!canNetns) throw new Error('this test needs root to create network namespaces (CI runs as root)');
    const common = {
      set: 'all' as const,
      records,
      prefix: '127.0.46',
      portOffset: defaultOffset(),
      runs: ['no-credentials' as const],
      keepDevices: true,
    };
    [onLink] = await runValidation({ ...common, link: true });
    [onLoopback] = await runValidation({ ...common, link: false });
  }, 120_000);

  afterAll(() => {
    expect(namespaces()).toEqual([]);
  });

  it('has records to put there', () => {
    expect(records.length).toBeGreaterThanOrEqual(5);
    expect(sadp.size).toBeGreaterThanOrEqual(3);
    // Every SADP record carries the MAC its answer names, so it goes on the link too.
    for (const name of sadp) expect(records.map((r) => r.name)).toContain(name);
  });

  it('serves each recorded MAC by ARP and reads it back unchanged', () => {
    for (const o of onLink?.outcomes ?? []) {
      expect(o.link, o.name).toBe(true);
      expect(o.notReplayable.filter((n) => n.reason === MAC_NEEDS_LINK)).toEqual([]);
      const mac = o.device?.evidence.find((e) => e.field === 'mac.address' && e.probe === 'arp');
      expect(mac?.value, o.name).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    }
    expect(onLink?.outcomes.length).toBe(records.length);
  });

  it('answers SADP on the multicast group with the recorded values', () => {
    const heard = (onLink?.outcomes ?? []).filter((o) => sadp.has(o.name));
    expect(heard.length).toBe(sadp.size);
    for (const o of heard) {
      expect(o.notReplayable.filter((n) => n.reason === SADP_NEEDS_LINK)).toEqual([]);
      const model = o.device?.evidence.find((e) => e.field === 'sadp.model');
      expect(model?.probe, o.name).toBe('sadp');
      const records = loadRecords().find((r) => r.name === o.name);
      expect(records?.evidence.map((i) => i.value)).toContain(model?.value);
    }
  });

  it('answers the XiongMai search by broadcast with the recorded values', () => {
    const heard = (onLink?.outcomes ?? []).filter((o) => xm.has(o.name));
    expect(heard.length).toBeGreaterThanOrEqual(1);
    expect(heard.length).toBe(xm.size);
    for (const o of heard) {
      expect(o.notReplayable.filter((n) => n.reason === XM_NEEDS_LINK)).toEqual([]);
      const firmware = o.device?.evidence.find((e) => e.field === 'xm.firmware');
      expect(firmware?.probe, o.name).toBe('xm-search');
      expect(
        loadRecords()
          .find((r) => r.name === o.name)
          ?.evidence.map((i) => i.value),
      ).toContain(firmware?.value);
      expect(o.named, o.name).toBe(o.truth);
    }
    for (const o of (onLoopback?.outcomes ?? []).filter((x) => xm.has(x.name)))
      expect(o.notReplayable.map((n) => n.reason)).toContain(XM_NEEDS_LINK);
  });

  it("names a maker from a maker's own OUI, which loopback cannot", () => {
    const byOui = (onLink?.outcomes ?? []).filter((o) =>
      o.device?.evidence.some((e) => e.field === 'mac.address' && e.signature?.startsWith('oui.')),
    );
    expect(byOui.length).toBeGreaterThan(0);
    for (const o of byOui) expect(o.truth === null || o.named === o.truth, o.name).toBe(true);
    for (const o of onLoopback?.outcomes ?? []) {
      expect(o.link).toBeUndefined();
      expect(o.notReplayable.map((n) => n.reason)).toContain(MAC_NEEDS_LINK);
      expect(o.device?.evidence.some((e) => e.probe === 'arp') ?? false, o.name).toBe(false);
    }
  });
});
