/**
 * @module probes/catalog
 * Everything derived from a list of probe descriptors: the phases, the TCP port list, which
 * probe runs on which open port, and the field lists the verdict, the merge and the token search
 * use. Pure functions of the list, so a test can derive them from a list with a probe of its own.
 */
import type { EvidenceField } from '../evidence/types.js';
import {
  AFTER_CAPTURES,
  type DiscoveryProbeDescriptor,
  type FieldRole,
  type HostPhase,
  type HostProbeDescriptor,
  MERGE_KEY_CLASSES,
  type MergeKeyClass,
  type ProbeDescriptor,
  type Rank,
} from './descriptor.js';
import type { DiscoveryProbe, Probe } from './types.js';

/** The probes of one host phase, in registry order. */
export function phaseProbes(descriptors: readonly ProbeDescriptor[], phase: HostPhase): Probe[] {
  return descriptors.filter((d): d is HostProbeDescriptor => d.phase === phase).map((d) => d.probe);
}

export function discoveryProbes(descriptors: readonly ProbeDescriptor[]): DiscoveryProbe[] {
  return descriptors
    .filter((d): d is DiscoveryProbeDescriptor => d.phase === 'link-discovery')
    .map((d) => d.probe);
}

/** Every standard TCP port some probe needs connected (the default `--ports`), ascending. */
export function tcpPorts(descriptors: readonly ProbeDescriptor[]): number[] {
  const ports = descriptors.filter((d) => d.transport === 'tcp' && d.phase !== 'link-discovery');
  return [...new Set(ports.flatMap((d) => d.ports))].sort((a, b) => a - b);
}

/** The default TCP ports asked only of a host that answered something else (`livePorts`), ascending. */
export function livePorts(descriptors: readonly ProbeDescriptor[]): number[] {
  const ports = descriptors.filter((d) => d.transport === 'tcp' && d.phase !== 'link-discovery');
  return [...new Set(ports.flatMap((d) => d.livePorts))].sort((a, b) => a - b);
}

/**
 * The per-host UDP questions asked only of a host that answered something else: those whose
 * `livePorts` name their own port (a vendor's discovery that only answers where its other
 * services do, so a dead address costs nothing).
 */
export function liveUdpProbes(descriptors: readonly ProbeDescriptor[]): Probe[] {
  return descriptors
    .filter(
      (d): d is HostProbeDescriptor =>
        d.phase === 'udp-unicast' && d.livePorts.some((p) => d.ports.includes(p)),
    )
    .map((d) => d.probe);
}

/**
 * Whether a probe runs on an open TCP port (`port - offset` is the standard port): on its own
 * ports, and, when it takes them, on ports no descriptor names.
 */
export function portRule(
  descriptors: readonly ProbeDescriptor[],
): (probe: Pick<Probe, 'name'>, port: number, offset: number) => boolean {
  const known = new Set(tcpPorts(descriptors));
  const byName = new Map(descriptors.map((d) => [d.name, d]));
  return (probe, port, offset) => {
    const d = byName.get(probe.name);
    if (!d) return false;
    const base = port - offset;
    return d.ports.includes(base) || (d.unclaimedPorts && !known.has(base));
  };
}

/** Fields stating one identity, most believed first: before the signatures' captures, and after them. */
export interface IdentityFields {
  stated: readonly EvidenceField[];
  fallback: readonly EvidenceField[];
}

export interface FieldCatalog {
  /** Every declared field with its roles (merged over the descriptors that declare it). */
  roles: ReadonlyMap<EvidenceField, FieldRole>;
  model: IdentityFields;
  firmware: IdentityFields;
  serial: IdentityFields;
  /** Fields read as the claimed badge, in reading order. */
  brandClaim: readonly EvidenceField[];
  /** Fields where a device names itself in passing, in reading order. */
  selfNaming: readonly EvidenceField[];
  /** Fields naming a maker or badge. */
  manufacturer: ReadonlySet<EvidenceField>;
  /** Merge keys per class, classes strongest first. */
  mergeKeys: readonly (readonly EvidenceField[])[];
  mergeKeyClass: ReadonlyMap<EvidenceField, MergeKeyClass>;
  /** Free-text fields searched for identity tokens. */
  text: ReadonlySet<EvidenceField>;
  /** Fields only video devices state. */
  video: ReadonlySet<EvidenceField>;
  /** Fields whose maker signatures are hints, never an independent signal. */
  hints: ReadonlySet<EvidenceField>;
  /** Field -> the field whose signatures it is also matched against. */
  grammarOf: ReadonlyMap<EvidenceField, EvidenceField>;
}

type RankedRole = 'model' | 'firmware' | 'serial' | 'brandClaim' | 'selfNaming';

/** Roles of one field over all descriptors: the union, each rank the lowest declared. */
function mergeRoles(a: FieldRole | undefined, b: FieldRole): FieldRole {
  if (!a) return { ...b };
  const out: FieldRole = { ...a, ...b };
  for (const k of ['model', 'firmware', 'serial', 'brandClaim', 'selfNaming'] as const) {
    const x = a[k];
    const y = b[k];
    if (x !== undefined && y !== undefined) out[k] = Math.min(x, y);
  }
  return out;
}

export function fieldCatalog(descriptors: readonly ProbeDescriptor[]): FieldCatalog {
  const roles = new Map<EvidenceField, FieldRole>();
  for (const d of descriptors)
    for (const [field, role] of Object.entries(d.fields) as [EvidenceField, FieldRole][])
      roles.set(field, mergeRoles(roles.get(field), role));
  // Map order is first declaration (registry order), and the sort is stable: ties keep it.
  const ranked = (role: RankedRole, keep: (r: Rank) => boolean) =>
    [...roles]
      .filter(([, r]) => r[role] !== undefined && keep(r[role] as Rank))
      .sort(([, a], [, b]) => (a[role] as Rank) - (b[role] as Rank))
      .map(([f]) => f);
  const identity = (role: RankedRole): IdentityFields => ({
    stated: ranked(role, (r) => r < AFTER_CAPTURES),
    fallback: ranked(role, (r) => r >= AFTER_CAPTURES),
  });
  const withRole = (keep: (r: FieldRole) => boolean) =>
    new Set([...roles].filter(([, r]) => keep(r)).map(([f]) => f));
  const mergeKeyClass = new Map(
    [...roles].flatMap(([f, r]) => (r.mergeKey ? [[f, r.mergeKey] as const] : [])),
  );
  return {
    roles,
    model: identity('model'),
    firmware: identity('firmware'),
    serial: identity('serial'),
    brandClaim: ranked('brandClaim', () => true),
    selfNaming: ranked('selfNaming', () => true),
    manufacturer: withRole((r) => Boolean(r.manufacturer)),
    mergeKeys: MERGE_KEY_CLASSES.map((c) => [...mergeKeyClass].filter(([, k]) => k === c).map(([f]) => f)),
    mergeKeyClass,
    text: withRole((r) => Boolean(r.text)),
    video: withRole((r) => Boolean(r.video)),
    hints: withRole((r) => Boolean(r.hint)),
    grammarOf: new Map([...roles].flatMap(([f, r]) => (r.grammarOf ? [[f, r.grammarOf] as const] : []))),
  };
}
