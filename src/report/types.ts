/**
 * @module report/types
 * The `oemscan.report/v1` contract (schemas/report.v1.json). Every renderer and the store
 * read this one shape.
 */
import type { DeviceType } from '../engine/types.js';
import type { EvidenceField } from '../evidence/types.js';
import type { ProbeStatus, ServiceName } from '../probes/types.js';

export const REPORT_SCHEMA = 'oemscan.report/v1';
/**
 * Revision of the v1 schema (schemas/report.v1.json `version`): raised for additive,
 * optional fields, so every v1 reader keeps reading newer reports. 1.1 adds `scan.engagement`.
 */
export const REPORT_SCHEMA_REVISION = '1.1.0';

export interface ReportEvidence {
  field: EvidenceField;
  value: string;
  probe: string;
  port: number;
  transport: 'tcp' | 'udp';
  request?: string;
  observedAt: string;
  /** Signature that matched this item, when one did. */
  signature?: string;
  vendor?: string;
  brand?: string;
  strength?: string;
  /** Read over a session the device authenticated (`--credentials`). */
  authenticated?: boolean;
}

export interface Flag {
  policy: string;
  vendor: string;
  /** `direct` when the OEM is named by the policy; `oem` when the badge differs from the named maker. */
  match: 'direct' | 'oem';
  confidence: number;
  reason: string;
  reference: string;
}

export interface ServiceEntry {
  port: number;
  transport: 'tcp' | 'udp';
  service: ServiceName;
  status: ProbeStatus;
}

export interface ErrorEntry {
  probe: string;
  port: number;
  status: ProbeStatus;
  message: string;
}

export interface Oem {
  vendor: string | null;
  confidence: number;
  rebranded: boolean;
  /** Short explanation of how the vendor was decided (or why not). */
  basis: string;
  /**
   * The maker is named on the balance of the evidence, not established: one family-strength
   * signal, well ahead of any other maker, and nothing contradicting it. Every output says so.
   */
  probable?: boolean;
  /** Other vendors with some support, for transparency. */
  alternatives: { vendor: string; score: number }[];
  /** True when the vendor was decided from authenticated device answers, which outrank inference. */
  authenticated?: boolean;
  /** With `authenticated`: what the unauthenticated evidence alone concluded, for comparison. */
  unauthenticated?: { vendor: string | null; confidence: number; basis: string };
}

/** How a camera behind a recorder was found: the recorder's address and channel. */
export interface Via {
  ip: string;
  channel: number;
  /** How the recorder talks to the camera (ISAPI `proxyProtocol`), when it says. */
  protocol?: string;
}

export interface Device {
  ip: string;
  hostname: string | null;
  mac: string | null;
  type: DeviceType;
  /** Canonical brand the device claims (vocabulary name), or null. */
  brand: string | null;
  /** The brand string exactly as the device sent it. */
  brandClaimed: string | null;
  model: string | null;
  firmware: string | null;
  serial: string | null;
  oem: Oem;
  /** Flagged by a policy / could not be verified / verified not of concern. */
  status: 'flagged' | 'unverified' | 'clear';
  services: ServiceEntry[];
  evidence: ReportEvidence[];
  flags: Flag[];
  errors: ErrorEntry[];
  /** Present on cameras listed by a recorder; no traffic was sent to them. */
  via?: Via;
  /** Present when link discovery ran: how the device was found. */
  discovery?: DeviceDiscovery;
}

/** Which interface saw the device, by which discovery probe, at which address. */
export interface SeenOn {
  interface: string;
  probe: string;
  ip: string;
}

export interface DeviceDiscovery {
  /** True when none of the device's addresses is among the scan's targets (found by discovery only). */
  outsideTargets: boolean;
  /** Every address the device was seen at (one device on two links has two). */
  addresses: string[];
  seenOn: SeenOn[];
  /**
   * Set when the device answered nothing but ARP: it is in the kernel's neighbour table (a
   * target on a directly attached subnet) and no probe got an answer. Only its MAC is known.
   */
  layer2Only?: true;
}

/** What link discovery did in this scan. */
export interface ScanDiscovery {
  windowMs: number;
  interfaces: { name: string; address: string; prefixLength: number }[];
  runs: { interface: string; probe: string; status: ProbeStatus; devices: number; message?: string }[];
  /** Caps, skipped subnets, a Docker bridge network: said here and logged. */
  notes: string[];
}

/**
 * Who the assessment is for and by (`--site`, `--client`, `--assessor`, or the serve config's
 * keys). Free text from the operator, never from a device; shown on the report's cover and
 * sign-off. Added in schema revision 1.1 (optional, so v1 readers and older reports still fit).
 */
export interface Engagement {
  site?: string;
  client?: string;
  assessor?: string;
}

/** Longest engagement value accepted (a name or a site, not a document). */
export const ENGAGEMENT_MAX = 200;

export interface Report {
  schema: typeof REPORT_SCHEMA;
  tool: { name: 'oemscan'; version: string };
  scan: {
    id: string;
    startedAt: string;
    finishedAt: string;
    targets: string[];
    policies: string[];
    /** Scan settings; absent when the report was re-identified from a file. */
    options?: {
      ports: number[];
      portOffset: number;
      timeoutMs: number;
      concurrency: number;
      rate?: number;
      maxHostRate?: number;
      discoverOnly?: boolean;
    };
    discovery?: ScanDiscovery;
    /** Site, client and assessor of the engagement, when given (schema revision 1.1). */
    engagement?: Engagement;
  };
  devices: Device[];
  summary: {
    addresses: number;
    responsive: number;
    devices: number;
    flagged: number;
    unverified: number;
    clear: number;
    byOem: Record<string, number>;
  };
}
