/**
 * @module store/types
 * What the store hands out: scan rows and devices with their history. The API returns these
 * shapes as they are.
 */
import type { DeviceRef } from '../diff/types.js';
import type { Device, Flag } from '../report/types.js';

/** `incomplete`: the process stopped (killed, or shut down) before the scan finished. */
export type ScanStatus = 'running' | 'complete' | 'incomplete' | 'failed';
export type ScanTrigger = 'schedule' | 'manual';

export interface ScanRecord {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: ScanStatus;
  trigger: ScanTrigger;
  /** Devices stored so far (for an incomplete scan: those decided before it stopped). */
  devices: number;
  flagged: number;
  unverified: number;
  message: string | null;
}

export interface Sighting {
  scanId: string;
  startedAt: string;
  ip: string;
  status: Device['status'];
  oem: string | null;
}

export interface DeviceRecord extends DeviceRef {
  /** How sightings are tied together across scans: `serial:...`, `mac:...` or `ip:...`. */
  key: string;
  hostname: string | null;
  type: Device['type'];
  firmware: string | null;
  oemConfidence: number;
  /** The maker is named as probable, not established (report `oem.probable`). */
  oemProbable: boolean;
  rebranded: boolean;
  flags: Flag[];
  firstSeen: string;
  lastSeen: string;
  /** Every complete scan that saw this device, newest first. */
  history: Sighting[];
}

export interface Retention {
  /** Keep at most this many scans (newest first). */
  scans?: number;
  /** Drop scans that started more than this many days ago. */
  days?: number;
}
