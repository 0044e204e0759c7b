/**
 * @module validation/records
 * The real-device records of test/fixtures/real-devices/*.yaml (format in that folder's
 * README): every yaml file there except split.yaml, picked up as it is added.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { EvidenceField } from '../evidence/types.js';
import { dataPath } from '../util/paths.js';

/** The APIs the lab replays; records may name others (`tapo`), not yet probed. */
export type RecordApi =
  | 'isapi'
  | 'dahua-cgi'
  | 'lapi'
  | 'dvrip'
  | 'onvif'
  | 'reolink'
  | 'vapix'
  | (string & {});

export interface RecordItem {
  field: EvidenceField;
  value: string;
  /** Where the device served it over HTTP (default `/`). */
  path?: string;
  /** When not the protocol's standard port. */
  port?: number;
  /** Shown only after HTTP login. */
  auth?: boolean;
}

export interface RealDeviceRecord {
  name: string;
  source: string;
  truth: string | null;
  brand?: string;
  api?: RecordApi;
  knownGap?: string;
  /** The source shows the unit answering a SADP inquiry sent to its own address (docs/probes.md). */
  sadpUnicast?: boolean;
  evidence: RecordItem[];
  /** The file it came from (set by the loader). */
  file: string;
}

export const recordsDir = () => dataPath('test', 'fixtures', 'real-devices');

export function loadRecords(dir = recordsDir()): RealDeviceRecord[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'split.yaml' && !f.startsWith('validation-'))
    .sort()
    .flatMap((f) => {
      const doc = parse(readFileSync(join(dir, f), 'utf8')) as { devices?: Omit<RealDeviceRecord, 'file'>[] };
      return (doc?.devices ?? []).map((d) => ({ ...d, evidence: d.evidence ?? [], file: f }));
    });
}
