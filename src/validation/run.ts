/**
 * @module validation/run
 * Held-out validation over the wire (issue 12): every real-device record of the chosen side of
 * the split is replayed as a lab host on loopback (lab/replay), the real scan pipeline
 * (scan/run, as `oemscan scan` runs it) scans them, without and with credentials for the lab
 * account, and each report is scored against the record's `truth`.
 */

import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadCredentialsFile } from '../credentials/load.js';
import { loadSignatureLibrary, type SignatureLibrary } from '../engine/load.js';
import type { Vocabulary } from '../engine/vocabulary.js';
import {
  MAC_NEEDS_LINK,
  type NotReplayable,
  type Replay,
  replayProfile,
  SADP_NEEDS_LINK,
  XM_NEEDS_LINK,
} from '../lab/replay.js';
import { type Lab, startLab } from '../lab/server.js';
import { type PolicyPack, resolvePolicies } from '../policy/load.js';
import type { Device } from '../report/types.js';
import { DEFAULTS } from '../scan/defaults.js';
import { runScan } from '../scan/run.js';
import { resolveTargets } from '../targets/index.js';
import { type LinkLab, linkAvailable, MAX_LINK_DEVICES, startLinkLab } from './link.js';
import { loadRecords, type RealDeviceRecord } from './records.js';
import { loadSplit, type SetName, sourceSet } from './split.js';

export const HIK_DAHUA = new Set(['Hikvision', 'Dahua']);

export type MissReason = 'nothing answered' | 'no signature matched' | 'evidence too weak' | 'wrong maker';

export interface DeviceOutcome {
  name: string;
  source: string;
  set: SetName;
  truth: string | null;
  named: string | null;
  /** The device's maker is named by a built-in policy. */
  ofConcern: boolean;
  flagged: boolean;
  /** Named right: the truth; or, with no truth, nothing or a maker on an oem-strength signal. */
  right: boolean;
  /** The badge the record's source names (`brand:`), when it names one. */
  badge?: string;
  /** Whether the scan named that badge as the brand the device claims. */
  badgeNamed?: boolean;
  miss?: { reason: MissReason; detail?: string };
  /**
   * False when the run cannot be asked to name it: without credentials, a record whose every
   * served item needs a login (the no-credential figures count only devices that show
   * something without one).
   */
  scored: boolean;
  notReplayable: NotReplayable[];
  /** The record gives the scan nothing but open ports, or nothing it can serve: no scan can name it. */
  bare?: boolean;
  /** Replayed on a namespace link, so its recorded MAC (and SADP answer) was there to learn. */
  link?: boolean;
  /** The scanned device itself, kept only when asked (`keepDevices`, `validate --only`). */
  device?: Device;
}

export interface Metrics {
  devices: number;
  /** Devices left out of this run's scores (nothing to see without a login). */
  notScored: number;
  withTruth: number;
  makerAccuracy: number | null;
  familyDevices: number;
  familyAccuracy: number | null;
  /** The same, leaving out records that give the scan nothing but open ports (or nothing it can serve). */
  familyShownDevices: number;
  familyShownAccuracy: number | null;
  allNamedRight: number | null;
  /** Devices whose source names the badge on them, and the share whose claimed brand the scan named as that badge. */
  badgeDevices: number;
  badgeAccuracy: number | null;
  flagRecall: number | null;
  flagPrecision: number | null;
  flagged: number;
  /** Flagged devices whose record does not establish the maker (not scored). */
  flaggedWithoutTruth: number;
  wrongMaker: number;
}

export interface RunResult {
  credentials: boolean;
  outcomes: DeviceOutcome[];
  elapsedMs: number;
}

export interface ValidationOptions {
  set: SetName | 'all';
  /** First loopback /24 (further ones follow: 127.0.35, 127.0.36, ...). */
  prefix?: string;
  portOffset: number;
  /** Which runs: without credentials, with them, or both (default). */
  runs?: ('no-credentials' | 'credentials')[];
  records?: RealDeviceRecord[];
  /**
   * Every record is held out, whatever its source (`validate --records`: devices from outside
   * this repository, which no signature can have cited).
   */
  heldOut?: boolean;
  library?: SignatureLibrary;
  /** Keep each scanned device in its outcome (for looking into one record). */
  keepDevices?: boolean;
  /**
   * Replay records with a recorded MAC on a namespace link (validation/link), so ARP can show
   * it; default: when the run may create namespaces (root). Without it those MACs are listed as
   * not replayable.
   */
  link?: boolean;
}

/** Reasons a record is served on a namespace link rather than on loopback. */
const LINK_ONLY = new Set([MAC_NEEDS_LINK, SADP_NEEDS_LINK, XM_NEEDS_LINK]);

/** The records' replays; with `link`, the ones whose MAC, SADP or XiongMai search answer only a LAN shows go on the link. */
function replaysOf(chosen: ReturnType<typeof selectRecords>, password: string, link: boolean) {
  const macs = new Set<string>();
  return chosen.map((c, i) => {
    const replay = replayProfile(c.record, `replay-${i}`, password);
    if (!link || !replay.notReplayable.some((n) => LINK_ONLY.has(n.reason)) || macs.size >= MAX_LINK_DEVICES)
      return { ...c, replay, link: false };
    const onLink: Replay = replayProfile(c.record, `replay-${i}`, password, { link: true });
    // Two interfaces with one MAC on a bridge would answer for each other: the second stays on loopback.
    if (!onLink.mac || macs.has(onLink.mac)) return { ...c, replay, link: false };
    macs.add(onLink.mac);
    return { ...c, replay: onLink, link: true };
  });
}

const PER_BLOCK = 240;

/** Vendors the built-in policies name (by name or by their country). */
export function vendorsOfConcern(
  packs: readonly PolicyPack[],
  vocab: Vocabulary,
): (vendor: string) => boolean {
  return (vendor) => {
    const country = vocab.vendors.get(vendor)?.country;
    return packs.some(
      (p) => p.vendors.includes(vendor) || (country !== undefined && p.vendorCountries.includes(country)),
    );
  };
}

export function selectRecords(records: readonly RealDeviceRecord[], set: SetName | 'all', heldOut = false) {
  const split = loadSplit();
  return records
    .map((r) => ({ record: r, set: heldOut ? ('validation' as const) : sourceSet(r.source, split).set }))
    .filter((r) => set === 'all' || r.set === set);
}

export async function runValidation(opts: ValidationOptions): Promise<RunResult[]> {
  const chosen = selectRecords(opts.records ?? loadRecords(), opts.set, opts.heldOut);
  const library = opts.library ?? loadSignatureLibrary();
  const policies = resolvePolicies(undefined, library.vocabulary);
  const concern = vendorsOfConcern(policies, library.vocabulary);
  const password = randomBytes(18).toString('base64url');
  const replays = replaysOf(chosen, password, opts.link ?? linkAvailable());
  const onLoopback = replays.filter((r) => !r.link);
  const onLink = replays.filter((r) => r.link);
  const [a, b, c] = (opts.prefix ?? '127.0.35').split('.').map(Number);
  const labs: Lab[] = [];
  let linkLab: LinkLab | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'oemscan-validate-'));
  // The lab account's password file goes with the run, interrupted or not.
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  try {
    for (let k = 0; k * PER_BLOCK < onLoopback.length; k++) {
      const block = onLoopback.slice(k * PER_BLOCK, (k + 1) * PER_BLOCK);
      labs.push(
        await startLab({
          prefix: `${a}.${b}.${(c ?? 35) + k}`,
          first: 11,
          portOffset: opts.portOffset,
          profiles: block.map((r) => r.replay.profile),
        }),
      );
    }
    const specs = labs.map((l) => `${l.devices[0]?.ip}-${l.devices.at(-1)?.ip.split('.')[3]}`);
    if (onLink.length > 0)
      linkLab = await startLinkLab(
        onLink.map((r) => ({
          profile: r.replay.profile,
          mac: r.replay.mac as string,
          multicast: Boolean(r.replay.multicast),
        })),
        dir,
      );
    const loopbackIps = labs.flatMap((l) => l.devices.map((d) => d.ip));
    const ipOf = new Map<(typeof replays)[number], string>([
      ...onLoopback.map((r, i) => [r, loopbackIps[i] ?? ''] as const),
      ...onLink.map((r, i) => [r, linkLab?.ips[i] ?? ''] as const),
    ]);
    const ips = replays.map((r) => ipOf.get(r) ?? '');
    // The lab account, in a credentials file like a site's (never printed).
    const credFile = join(dir, 'credentials.yaml');
    writeFileSync(credFile, `- targets: "*"\n  username: validator\n  passwordFile: password\n`, {
      mode: 0o600,
    });
    writeFileSync(join(dir, 'password'), `${password}\n`, { mode: 0o600 });
    chmodSync(credFile, 0o600);
    const results: RunResult[] = [];
    for (const run of opts.runs ?? ['no-credentials', 'credentials']) {
      const started = Date.now();
      const credentials = run === 'credentials' ? loadCredentialsFile(credFile) : undefined;
      const [report, linkReport] = await Promise.all([
        specs.length === 0
          ? { devices: [] as Device[] }
          : runScan({
              targets: await resolveTargets(specs),
              library,
              policies,
              ports: DEFAULTS.ports,
              portOffset: opts.portOffset,
              // Twice the default wait: loopback answers at once, but a loaded test machine must not
              // turn a slow answer into a miss that moves a score.
              limits: { timeoutMs: DEFAULTS.timeoutMs * 2, maxBytes: DEFAULTS.maxBytes },
              hostBudgetMs: DEFAULTS.hostBudgetMs * 2,
              concurrency: DEFAULTS.concurrency,
              rate: 0,
              maxHostRate: 0,
              log: pino({ level: 'silent' }),
              ...(credentials ? { credentials } : {}),
            }),
        linkLab?.scan(credentials ? ['--credentials', credFile] : []),
      ]);
      const byIp = new Map(
        [...report.devices, ...(linkReport?.devices ?? [])].filter((d) => !d.via).map((d) => [d.ip, d]),
      );
      const outcomes = replays.map((r, i) =>
        score(
          r.record,
          r.set,
          byIp.get(ips[i] ?? ''),
          concern,
          r.replay.notReplayable,
          r.replay.served.length,
          run === 'credentials' || r.replay.served.some((x) => !x.field.startsWith('device.') && !x.auth),
        ),
      );
      outcomes.forEach((o, i) => {
        if ((replays[i]?.replay.served ?? []).every((x) => x.field === 'tcp.open')) o.bare = true;
        if (replays[i]?.link) o.link = true;
      });
      if (opts.keepDevices)
        outcomes.forEach((o, i) => {
          const d = byIp.get(ips[i] ?? '');
          if (d) o.device = d;
        });
      results.push({ credentials: run === 'credentials', outcomes, elapsedMs: Date.now() - started });
    }
    return results;
  } finally {
    await linkLab?.stop();
    for (const l of labs) await l.stop();
    process.off('exit', removeDir);
    removeDir();
  }
}

export function score(
  record: RealDeviceRecord,
  set: SetName,
  device: Device | undefined,
  concern: (vendor: string) => boolean,
  notReplayable: NotReplayable[],
  served = 1,
  scored = true,
): DeviceOutcome {
  const named = device?.oem.vendor ?? null;
  const truth = record.truth;
  const oemStrength =
    named !== null && (device?.evidence ?? []).some((e) => e.vendor === named && e.strength === 'oem');
  const right = truth !== null ? named === truth : named === null || oemStrength;
  const out: DeviceOutcome = {
    name: record.name,
    source: record.source,
    set,
    truth,
    named,
    ofConcern: truth !== null && concern(truth),
    flagged: device?.status === 'flagged',
    right,
    ...(record.brand ? { badge: record.brand, badgeNamed: device?.brand === record.brand } : {}),
    notReplayable,
    scored,
  };
  if (truth === null || right || !scored) return out;
  if (!device)
    out.miss = {
      reason: 'nothing answered',
      ...(served === 0 ? { detail: 'nothing in the record can be served on loopback' } : {}),
    };
  else if (named !== null) out.miss = { reason: 'wrong maker', detail: named };
  else {
    const best = device.oem.alternatives[0];
    const matched = device.evidence.some((e) => e.signature);
    out.miss =
      best || matched
        ? {
            reason: 'evidence too weak',
            ...(best ? { detail: `${best.vendor} ${best.score.toFixed(2)}` } : {}),
          }
        : { reason: 'no signature matched' };
  }
  return out;
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

export function metrics(all: readonly DeviceOutcome[]): Metrics {
  const outcomes = all.filter((o) => o.scored);
  const withTruth = outcomes.filter((o) => o.truth !== null);
  const family = withTruth.filter((o) => HIK_DAHUA.has(o.truth ?? ''));
  const concern = withTruth.filter((o) => o.ofConcern);
  const flaggedScored = withTruth.filter((o) => o.flagged);
  const badged = outcomes.filter((o) => o.badge !== undefined);
  return {
    devices: outcomes.length,
    notScored: all.length - outcomes.length,
    withTruth: withTruth.length,
    makerAccuracy: ratio(withTruth.filter((o) => o.right).length, withTruth.length),
    familyDevices: family.length,
    familyAccuracy: ratio(family.filter((o) => o.right).length, family.length),
    familyShownDevices: family.filter((o) => !o.bare).length,
    familyShownAccuracy: ratio(
      family.filter((o) => o.right && !o.bare).length,
      family.filter((o) => !o.bare).length,
    ),
    allNamedRight: ratio(outcomes.filter((o) => o.right).length, outcomes.length),
    badgeDevices: badged.length,
    badgeAccuracy: ratio(badged.filter((o) => o.badgeNamed).length, badged.length),
    flagRecall: ratio(concern.filter((o) => o.flagged).length, concern.length),
    flagPrecision: ratio(flaggedScored.filter((o) => o.ofConcern).length, flaggedScored.length),
    flagged: flaggedScored.length,
    flaggedWithoutTruth: outcomes.filter((o) => o.truth === null && o.flagged).length,
    wrongMaker: withTruth.filter((o) => o.miss?.reason === 'wrong maker').length,
  };
}
