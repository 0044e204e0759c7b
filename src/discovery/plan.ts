/**
 * @module discovery/plan
 * What a scan covers on the local links. With targets: discovery runs on the interfaces whose
 * subnet holds a target (or those named with --interface). With no targets: every attached
 * subnet of the chosen up, non-loopback interfaces is scanned (each capped, and said so) and
 * discovery runs on each interface. Loopback never gets multicast.
 */
import type { Logger } from 'pino';
import { UsageError } from '../errors/index.js';
import type { LocalInterface } from '../probes/types.js';
import { resolveTargets, type TargetOptions, type TargetSet } from '../targets/index.js';
import { cidrBlock, parseIPv4 } from '../targets/ipv4.js';
import { attachedSubnet, dockerBridgeHint, localInterfaces } from './interfaces.js';

export interface PlanFlags {
  interfaces: readonly string[];
  discoverOnly: boolean;
  /** False with --no-discovery. */
  discovery: boolean;
}

export interface ScanPlan {
  targets: TargetSet;
  discovery?: { interfaces: LocalInterface[]; notes: string[] };
}

/** Most addresses of a subnet checked against the targets when deciding where discovery runs. */
const MAX_SUBNET_CHECK = 1 << 16;

function holdsTarget(iface: LocalInterface, targets: TargetSet): boolean {
  const { first, last } = cidrBlock(parseIPv4(iface.address) ?? 0, Math.max(iface.prefixLength, 16));
  for (let a = first; a <= last && a - first < MAX_SUBNET_CHECK; a++) {
    if (targets.has(`${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`)) return true;
  }
  return false;
}

export async function planScan(
  tokens: readonly string[],
  flags: PlanFlags,
  targetOpts: TargetOptions,
  log: Logger,
  listInterfaces = localInterfaces,
): Promise<ScanPlan> {
  if (flags.discoverOnly && !flags.discovery)
    throw new UsageError('--discover-only and --no-discovery contradict');
  const chosen = listInterfaces(flags.interfaces);
  const notes: string[] = [];
  const docker = dockerBridgeHint(chosen);
  if (docker) notes.push(docker);

  if (tokens.length === 0) {
    if (chosen.length === 0)
      throw new UsageError('no targets given, and no up, non-loopback IPv4 interface to scan');
    const cidrs: string[] = [];
    for (const iface of chosen) {
      const { cidr, capped } = attachedSubnet(iface);
      if (capped)
        notes.push(
          `${iface.name}: ${iface.address}/${iface.prefixLength} is larger than a /22; scanning only ${cidr}`,
        );
      try {
        await resolveTargets([cidr], targetOpts);
        cidrs.push(cidr);
      } catch (err) {
        notes.push(`${iface.name}: ${cidr} not scanned: ${(err as Error).message}`);
      }
    }
    if (cidrs.length === 0) throw new UsageError(`no attached subnet can be scanned: ${notes.join('; ')}`);
    notes.unshift(`no targets given: scanning the attached subnets ${cidrs.join(', ')}`);
    for (const n of notes) log.warn(n);
    const targets = await resolveTargets(cidrs, targetOpts);
    return flags.discovery ? { targets, discovery: { interfaces: chosen, notes } } : { targets };
  }

  const targets = await resolveTargets([...tokens], targetOpts);
  if (!flags.discovery) return { targets };
  const explicit = flags.interfaces.length > 0 || flags.discoverOnly;
  const interfaces = explicit ? chosen : chosen.filter((i) => holdsTarget(i, targets));
  if (interfaces.length === 0) {
    if (flags.discoverOnly)
      throw new UsageError('--discover-only: no up, non-loopback IPv4 interface to discover on');
    return { targets };
  }
  for (const n of notes) log.warn(n);
  return { targets, discovery: { interfaces, notes } };
}
