/**
 * @module probes/types
 * The one interface every protocol probe implements (after zgrab2's Scanner): a descriptor,
 * and `run(target, ctx)` that always resolves to a result with a status from a closed list.
 */
import type { Logger } from 'pino';
import type { Secret } from '../credentials/secret.js';
import type { Evidence } from '../evidence/types.js';
import type { AuthGate } from './auth/gate.js';
import type { RegisteredService } from './registry.js';

export const PROBE_STATUSES = [
  'ok',
  'timeout',
  'refused',
  'unreachable',
  'protocol-error',
  'too-large',
  'auth-required',
  'skipped',
  // Credentials were given and refused: no further login is tried on this device.
  'auth-failed',
] as const;
export type ProbeStatus = (typeof PROBE_STATUSES)[number];

/** Service names used in the report's `services` list: those the registered probes declare. */
export type ServiceName = RegisteredService;

export interface ProbeTarget {
  ip: string;
  port: number;
  /** Hostname the user gave, when the target came from a name. */
  hostname?: string;
  /** Service path when discovery told us one (an in-scope ONVIF XAddr). */
  path?: string;
  /** Scheme of an HTTP(S) port, for probes that run on either. */
  scheme?: 'http' | 'https';
}

export interface Credentials {
  username: string;
  password: Secret;
}

export interface ProbeLimits {
  /** Per-request timeout (connect + reply) in ms. */
  timeoutMs: number;
  /** Largest reply read from a device, bytes. */
  maxBytes: number;
}

export interface ProbeContext {
  log: Logger;
  limits: ProbeLimits;
  /** Aborted when the host's overall budget runs out. */
  signal: AbortSignal;
  /** Addresses of the scan's own targets: a device may not steer a probe anywhere else. */
  inScope: (ip: string) => boolean;
  /** Ports open on this host (TCP connect phase), so probes can pick where to look. */
  openPorts: readonly number[];
  credentials?: Credentials;
  /** The host's one-login-attempt guard; present exactly when `credentials` is. */
  auth?: AuthGate;
  /** Waits for the scan-wide and per-host connection rate limits; call before every new connection. */
  connectSlot: () => Promise<void>;
}

/** A camera a recorder reports on one of its channels; no traffic is sent to it. */
export interface ChannelCamera {
  channel: number;
  /** The camera's address as the recorder reports it (may be outside the scan's targets). */
  ip?: string;
  /** How the recorder talks to it (ISAPI `proxyProtocol`, e.g. `HIKVISION`, `ONVIF`). */
  protocol?: string;
  /** What the recorder says about it, observed on the recorder's own address and port. */
  evidence: Evidence[];
}

export interface ProbeResult {
  status: ProbeStatus;
  evidence: Evidence[];
  /** Cameras behind a recorder (NVR channel lists). */
  channels?: ChannelCamera[];
  /** What the port turned out to speak, when the probe could tell. */
  service?: ServiceName;
  /** Human-readable reason for a non-ok status; never contains credentials. */
  message?: string;
  /** Further problems of a probe that as a whole succeeded (a follow-up refused or skipped); each becomes an error entry. */
  problems?: { status: ProbeStatus; message: string }[];
}

export interface Probe {
  name: string;
  description: string;
  transport: 'tcp' | 'udp';
  /**
   * Standard ports; a scan with `--port-offset N` looks at each plus N. Which open ports a probe
   * runs on follows from these and its descriptor (src/probes/catalog.ts `portRule`).
   */
  defaultPorts: readonly number[];
  run(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeResult>;
}

// ---------- multicast / broadcast discovery ----------

/** A local, up, non-loopback IPv4 interface that discovery runs on. */
export interface LocalInterface {
  name: string;
  address: string;
  prefixLength: number;
}

export interface DiscoveryContext {
  log: Logger;
  limits: ProbeLimits;
  /** How long to listen for answers after the query went out, ms. */
  windowMs: number;
  signal: AbortSignal;
  /** Addresses of the scan's own targets: a URL a device names elsewhere is never fetched. */
  inScope: (ip: string) => boolean;
}

export interface SightingError {
  probe: string;
  port: number;
  status: ProbeStatus;
  message: string;
}

/** One device's answer to a discovery query, as seen on one interface. */
export interface Sighting {
  /** Source address of the answer. */
  ip: string;
  interface: string;
  probe: string;
  port: number;
  service: ServiceName;
  evidence: Evidence[];
  errors: SightingError[];
}

export interface DiscoveryResult {
  status: ProbeStatus;
  sightings: Sighting[];
  message?: string;
}

/** A discovery probe asks a whole link at once: `run` gets an interface instead of a host. */
export interface DiscoveryProbe {
  name: string;
  description: string;
  transport: 'udp';
  defaultPorts: readonly number[];
  run(iface: LocalInterface, ctx: DiscoveryContext): Promise<DiscoveryResult>;
}
