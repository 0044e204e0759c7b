/**
 * @module engine/types
 * Shapes of the signature data in fingerprints/ and of what the engine returns.
 */
import type { Evidence, EvidenceField } from '../evidence/types.js';

/**
 * How much a hit says (nmap's match/softmatch, recog's certainty):
 * - `oem`: names the maker of the stack (decides an OEM on its own);
 * - `family`: points at a maker but is shared or weak (needs another signal);
 * - `brand`: names the badge on the box, not who built it;
 * - `class`: says only "this is a camera/NVR" (never decides an OEM).
 */
export type Strength = 'oem' | 'family' | 'brand' | 'class';

export const DEVICE_TYPES = [
  'camera',
  'nvr',
  'dvr',
  'encoder',
  'doorbell',
  'thermal',
  'other',
  'unknown',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** Values a signature can pull out of a match. */
export const CAPTURE_NAMES = ['model', 'firmware', 'serial', 'brand', 'mac', 'hardware'] as const;
export type CaptureName = (typeof CAPTURE_NAMES)[number];

export interface SignatureExample {
  value: string;
  expect?: Partial<Record<CaptureName, string>>;
  /** Where the real-world value was published: URL or `owner/repo path`. */
  source: string;
  /** In-text grammar examples only: the free-text field the value was seen in. */
  field?: EvidenceField;
}

export interface Signature {
  id: string;
  field: EvidenceField;
  description: string;
  pattern: RegExp;
  /** Canonical vendor (fingerprints/vocabulary/vendors.yaml); absent for `class` hits. */
  vendor?: string;
  /** Brand named by a `brand` hit (fingerprints/vocabulary/brands.yaml). */
  brand?: string;
  strength: Strength;
  certainty: number;
  deviceType?: DeviceType;
  captures: Partial<Record<number, CaptureName>>;
  examples: SignatureExample[];
  file: string;
  line: number;
}

export interface Negative {
  field: EvidenceField;
  value: string;
  source: string;
  file: string;
  line: number;
}

export interface SignatureMatch {
  signature: Signature;
  evidence: Evidence;
  captured: Partial<Record<CaptureName, string>>;
}
