/**
 * A small lab of one test file's profiles on loopback (`<prefix>.11` on), started before the
 * file's tests and scanned once on port 80 plus the offset without credentials; stopped after.
 */
import { afterAll, beforeAll } from 'vitest';
import type { SignatureLibrary } from '../../src/engine/load.js';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Device, Report } from '../../src/report/types.js';
import { runScan } from '../../src/scan/run.js';
import { resolveTargets } from '../../src/targets/index.js';
import { scanOptions } from './credentialed.js';

export interface ScannedLab {
  lab: () => Lab;
  report: () => Report;
  /** The address the lab gave the profile `id`. */
  ipOf: (id: string) => string;
  /** The report's device at that address (not a camera a recorder listed). */
  deviceOf: (id: string) => Device | undefined;
}

export function scannedLab(
  prefix: string,
  offset: number,
  profiles: DeviceProfile[],
  lib: SignatureLibrary,
): ScannedLab {
  let lab: Lab | undefined;
  let report: Report | undefined;
  beforeAll(async () => {
    lab = await startLab({ prefix, first: 11, portOffset: offset, profiles });
    report = await runScan({
      ...scanOptions(lib),
      targets: await resolveTargets([`${prefix}.11-${prefix}.${10 + profiles.length}`]),
      ports: [80],
      portOffset: offset,
    });
  }, 60_000);
  afterAll(async () => lab?.stop());
  const must = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not ready: the lab did not start`);
    return v;
  };
  const ipOf = (id: string) => must(lab, 'lab').devices.find((d) => d.profile.id === id)?.ip ?? '';
  return {
    lab: () => must(lab, 'lab'),
    report: () => must(report, 'report'),
    ipOf,
    deviceOf: (id) => must(report, 'report').devices.find((d) => d.ip === ipOf(id) && !d.via),
  };
}
