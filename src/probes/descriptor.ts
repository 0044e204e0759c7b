/**
 * @module probes/descriptor
 * What a probe says about itself: when it runs (phase), how (transport), on which standard ports,
 * which services it can find, and which evidence fields it emits with each field's part in the
 * device's identity. Every probe module exports one descriptor, src/probes/registry.ts lists
 * them, and everything else (the phases, the TCP port list, `ServiceName`, the verdict's identity
 * field lists, the merge keys, the fields searched for identity tokens) is derived from that list
 * by src/probes/catalog.ts.
 */
import type { EvidenceField } from '../evidence/types.js';
import type { DiscoveryProbe, Probe } from './types.js';

/**
 * When a probe runs (src/scan/host.ts, src/discovery/run.ts):
 * - `tcp-connect`: the connect check on every port of the TCP port list;
 * - `udp-unicast`: one question to each target's UDP port, alongside the connects;
 * - `port`: on each open TCP port of its own (see `ports`, `unclaimedPorts`), in registry order;
 * - `credentialed-web`: with credentials, on every port where HTTP(S) answered;
 * - `credentialed-sdk`: with credentials, on its own open TCP port;
 * - `link-discovery`: once per local interface, multicast/broadcast.
 */
export const PHASES = [
  'tcp-connect',
  'udp-unicast',
  'port',
  'credentialed-web',
  'credentialed-sdk',
  'link-discovery',
] as const;
export type Phase = (typeof PHASES)[number];
export type HostPhase = Exclude<Phase, 'link-discovery'>;

/**
 * How far a stated identity value is believed, as a rank: lower is believed first (ties go by
 * registry order). The scale, so a new probe can place itself:
 * - 10: a vendor API read over a login (`device.*`);
 * - 20: a standard device-information answer (ONVIF GetDeviceInformation);
 * - 30-39: a vendor's own discovery answer (SADP 30, DHIP 35);
 * - 40-49: a UPnP description;
 * - {@link AFTER_CAPTURES} and above: believed only after what signatures captured (a UPnP
 *   modelName often carries the maker's name: "AXIS M1065-LW").
 */
export type Rank = number;
export const AFTER_CAPTURES: Rank = 100;

/** Classes of keys that join records of one device, strongest first (src/scan/merge.ts). */
export const MERGE_KEY_CLASSES = ['serial', 'mac', 'endpoint'] as const;
export type MergeKeyClass = (typeof MERGE_KEY_CLASSES)[number];

/** A field's part in the device's identity; a field with none is declared as `{}`. */
export interface FieldRole {
  /** States the device's model outright, at this rank. */
  model?: Rank;
  /** States the firmware version outright, at this rank. */
  firmware?: Rank;
  /** States the serial number outright, at this rank. */
  serial?: Rank;
  /** Names a maker or badge (signature variants compare it case-insensitively). */
  manufacturer?: true;
  /** Read as the badge the device claims to carry, at this rank: ONVIF 10, a vendor API 20, UPnP 40. */
  brandClaim?: Rank;
  /**
   * The device may name its brand in passing at the start of the value, read in rank order when
   * no field states it: login realms (RTSP 1, HTTP 2), server names (HTTP 3, RTSP 4), a
   * certificate's O/CN (subject 5, issuer 6), a scope namespace (7).
   */
  selfNaming?: Rank;
  /** Joins records of one device across protocols, interfaces and addresses. */
  mergeKey?: MergeKeyClass;
  /** Free text searched for identity tokens of the vendors' model and firmware grammars. */
  text?: true;
  /**
   * After its own signatures, the value is matched against this field's signatures: it states
   * the same strings in the same grammar (a vendor API's model is an ONVIF model).
   */
  grammarOf?: EvidenceField;
  /** Only a video device (camera, recorder, encoder) states it: with no better clue, the device is a camera. */
  video?: true;
  /**
   * Says little on its own (an open port's number): a maker signature on it may make that maker
   * probable, but never counts as one of the two independent signals that establish a maker.
   */
  hint?: true;
}

export type FieldTable = Partial<Record<EvidenceField, FieldRole>>;

interface DescriptorBase<S extends string> {
  name: string;
  description: string;
  transport: 'tcp' | 'udp';
  /** Standard ports (a scan with `--port-offset N` looks at each plus N); TCP ones join the connect list. */
  ports: readonly number[];
  /** Also runs on open TCP ports that no descriptor names (web UIs on odd ports). */
  unclaimedPorts: boolean;
  /**
   * Of `ports`, the rarer ones a host is asked only once it has answered on another (or over
   * UDP): an address that answers nothing costs the scan only the common ports. A per-host UDP
   * probe whose own port is listed is asked in that second wave too.
   */
  livePorts: readonly number[];
  /** What the port or answer turned out to speak (the report's `services`). */
  services: readonly S[];
  /** Every evidence field the probe emits, with its identity role. */
  fields: FieldTable;
}

export interface HostProbeDescriptor<S extends string = string> extends DescriptorBase<S> {
  phase: HostPhase;
  probe: Probe;
}

export interface DiscoveryProbeDescriptor<S extends string = string> extends DescriptorBase<S> {
  phase: 'link-discovery';
  probe: DiscoveryProbe;
}

export type ProbeDescriptor<S extends string = string> = HostProbeDescriptor<S> | DiscoveryProbeDescriptor<S>;

interface Meta<S extends string> {
  services: readonly S[];
  fields: FieldTable;
  unclaimedPorts?: boolean;
  livePorts?: readonly number[];
}

/**
 * A probe's descriptor: name, description, transport and ports read from the probe itself, the
 * rest declared here. The probe object must carry a type annotation (`: Probe`), so that
 * `ServiceName` can be derived from the registry without a circular type.
 */
export function describeProbe<const S extends string>(
  probe: Probe,
  meta: Meta<S> & { phase: HostPhase },
): HostProbeDescriptor<S>;
export function describeProbe<const S extends string>(
  probe: DiscoveryProbe,
  meta: Meta<S> & { phase: 'link-discovery' },
): DiscoveryProbeDescriptor<S>;
export function describeProbe<const S extends string>(
  probe: Probe | DiscoveryProbe,
  meta: Meta<S> & { phase: Phase },
): ProbeDescriptor<S> {
  return {
    name: probe.name,
    description: probe.description,
    transport: probe.transport,
    ports: probe.defaultPorts,
    unclaimedPorts: meta.unclaimedPorts ?? false,
    livePorts: meta.livePorts ?? [],
    services: meta.services,
    fields: meta.fields,
    phase: meta.phase,
    probe,
  } as ProbeDescriptor<S>;
}
