/**
 * @module cli/commands/lab
 * `oemscan lab`: serve the simulated fleet on loopback until interrupted, and
 * `oemscan demo`: start it, scan it, print who made what, stop it. The lab modules (profiles,
 * simulated servers, certificates) load only when one of these commands runs.
 */

import { writeFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { UsageError } from '../../errors/index.js';
import { executeScan, type ScanFlags } from './scan.js';

export interface LabFlags {
  prefix: string;
  portOffset: number;
  fleet?: string;
  manifest?: string;
  /** One device with this profile (the namespace LAN lab runs one per namespace). */
  profile?: string;
  first?: number;
  /** Also answer multicast/broadcast discovery (namespace labs only). */
  discovery?: boolean;
  /** Print the MAC the namespace lab gives device number N with `profile`, and exit. */
  printMac?: number;
}

async function fleetProfiles(name: string | undefined, profile: string | undefined) {
  if (profile) return [(await import('../../lab/lan.js')).findProfile(profile)];
  const { loadCredentialedProfiles, loadProfiles } = await import('../../lab/profiles.js');
  if (!name || name === 'demo') return loadProfiles();
  if (name === 'bench') return (await import('../../lab/bench.js')).benchFleet();
  if (name === 'credentialed') return loadCredentialedProfiles();
  throw new UsageError(`unknown fleet "${name}" (demo, bench, credentialed)`);
}

/** Unprivileged users cannot bind ports below 1024, so the lab then moves every port up. */
export const UNPRIVILEGED_OFFSET = 20000;

export function defaultOffset(): number {
  return process.getuid?.() === 0 ? 0 : UNPRIVILEGED_OFFSET;
}

export async function serveLab(flags: LabFlags, log: Logger): Promise<void> {
  if (flags.printMac !== undefined) {
    if (!flags.profile) throw new UsageError('--print-mac needs --profile');
    const { findProfile, labMac } = await import('../../lab/lan.js');
    process.stdout.write(`${labMac(findProfile(flags.profile), flags.printMac)}\n`);
    return;
  }
  const profiles = await fleetProfiles(flags.fleet, flags.profile);
  const { startLab } = await import('../../lab/server.js');
  const lab = await startLab({
    prefix: flags.prefix,
    portOffset: flags.portOffset,
    profiles,
    ...(flags.first ? { first: flags.first } : {}),
    discovery: Boolean(flags.discovery),
  });
  if (flags.manifest) {
    const manifest = lab.devices.map((d) => ({ ip: d.ip, profile: d.profile.id, expect: d.profile.expect }));
    writeFileSync(flags.manifest, JSON.stringify(manifest, null, 1));
  }
  for (const d of lab.devices) process.stdout.write(`${d.ip}\t${d.profile.id}\t${d.profile.description}\n`);
  process.stdout.write(
    `\n${lab.devices.length} simulated devices on ${lab.network}. Scan them with:\n` +
      `  oemscan scan ${lab.network}${lab.portOffset ? ` --port-offset ${lab.portOffset}` : ''}\nCtrl-C stops the lab.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await lab.stop();
  log.info('lab stopped');
}

export async function runDemo(flags: LabFlags & Omit<ScanFlags, 'portOffset'>, log: Logger): Promise<number> {
  const { startLab } = await import('../../lab/server.js');
  const lab = await startLab({ prefix: flags.prefix, portOffset: flags.portOffset });
  try {
    process.stderr.write(
      `lab: ${lab.devices.length} simulated devices on ${lab.network} (port offset ${lab.portOffset})\n`,
    );
    const { code } = await executeScan([lab.network], { ...flags, format: flags.format ?? 'table' }, log);
    return code;
  } finally {
    await lab.stop();
  }
}
