/**
 * @module diff/types
 * The `oemscan.diff/v1` contract: what changed between two scans.
 */
import type { Device, Report } from '../report/types.js';

export const DIFF_SCHEMA = 'oemscan.diff/v1';

export interface DeviceRef {
  ip: string;
  mac: string | null;
  serial: string | null;
  brand: string | null;
  oem: string | null;
  model: string | null;
  status: Device['status'];
  policies: string[];
}

export interface FieldChange {
  field: 'ip' | 'mac' | 'oem' | 'brand' | 'model' | 'firmware' | 'type' | 'status';
  from: string | null;
  to: string | null;
}

export interface Change {
  /** How the two sightings were tied together: serial, MAC or IP. */
  matchedBy: 'serial' | 'mac' | 'ip';
  before: DeviceRef;
  after: DeviceRef;
  changes: FieldChange[];
}

export interface Swap {
  ip: string;
  before: DeviceRef;
  after: DeviceRef;
  /** Why these are two different devices rather than one that changed. */
  reason: string;
}

export interface DiffReport {
  schema: typeof DIFF_SCHEMA;
  from: Pick<Report['scan'], 'id' | 'startedAt' | 'finishedAt'>;
  to: Pick<Report['scan'], 'id' | 'startedAt' | 'finishedAt'>;
  added: DeviceRef[];
  removed: DeviceRef[];
  changed: Change[];
  swapped: Swap[];
  /** Flagged now, and either new or not flagged before (includes swaps and changes). */
  newlyFlagged: DeviceRef[];
  summary: { added: number; removed: number; changed: number; swapped: number; newlyFlagged: number };
}
