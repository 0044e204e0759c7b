/**
 * @module validation/records
 * The real-device records of test/fixtures/real-devices/*.yaml (format in that folder's
 * README): every yaml file there except split.yaml, picked up as it is added.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import type { Vocabulary } from '../engine/vocabulary.js';
import type { EvidenceField } from '../evidence/types.js';
import { dataPath } from '../util/paths.js';

/** The APIs the lab replays; records may name others, not yet probed. */
export type RecordApi =
  | 'isapi'
  | 'dahua-cgi'
  | 'lapi'
  | 'dvrip'
  | 'onvif'
  | 'reolink'
  | 'vapix'
  | 'vivotek'
  | 'foscam'
  | 'tapo'
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
    .flatMap((f) => recordsOf(join(dir, f), f));
}

/** The records of one YAML file (`devices:`), or of every YAML file of a folder. */
export function loadRecordsFrom(path: string): RealDeviceRecord[] {
  if (statSync(path).isDirectory()) return loadRecords(path);
  return recordsOf(path, basename(path));
}

function recordsOf(path: string, file: string): RealDeviceRecord[] {
  const doc = parse(readFileSync(path, 'utf8')) as { devices?: Omit<RealDeviceRecord, 'file'>[] } | null;
  const devices = doc?.devices;
  if (devices !== undefined && !Array.isArray(devices)) throw new Error(`${file}: devices must be a list`);
  return (devices ?? []).map((d, i) => {
    if (typeof d?.name !== 'string' || typeof d.source !== 'string' || d.truth === undefined)
      throw new Error(`${file}: device ${i + 1} needs name, source and truth (a vendor or null)`);
    if (d.evidence !== undefined && !Array.isArray(d.evidence))
      throw new Error(`${file}: device ${i + 1} (${d.name}): evidence must be a list`);
    return {
      ...d,
      evidence: (d.evidence ?? []).map((e, j) =>
        recordItem(e, `${file}: device ${i + 1} (${d.name}), item ${j + 1}`),
      ),
      file,
    };
  });
}

/**
 * One evidence item as the replay needs it. YAML reads `value: 554` as a number and `port: "8080"`
 * as a string, as hand-written records often have them: both are taken as meant; what cannot be
 * meant (no field, no value, a port that is not one) is refused with the item's place.
 */
function recordItem(raw: unknown, where: string): RecordItem {
  const e = (raw ?? {}) as Record<string, unknown>;
  if (typeof e.field !== 'string' || e.value === undefined || e.value === null || typeof e.value === 'object')
    throw new Error(`${where}: needs a field name and a value`);
  // Field names are dotted and lower case (`http.header.server`), as fingerprints/README.md lists them.
  if (!/^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+$/.test(e.field))
    throw new Error(`${where}: "${e.field.slice(0, 60)}" is not an evidence field name (dotted, lower case)`);
  const item: RecordItem = {
    ...(e as object),
    field: e.field as EvidenceField,
    value: String(e.value),
  } as RecordItem;
  if (e.port !== undefined) {
    const port = typeof e.port === 'string' && /^\d+$/.test(e.port.trim()) ? Number(e.port) : e.port;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(`${where}: port must be a number from 1 to 65535`);
    item.port = port;
  }
  if (e.path !== undefined) {
    if (typeof e.path !== 'string') throw new Error(`${where}: path must be text`);
    // A path written without its leading slash (`ISAPI/System/deviceInfo`) is the same path.
    if (!e.path.startsWith('/')) item.path = `/${e.path}`;
  }
  return item;
}

/**
 * Each record's `truth` as the vocabulary's vendor name: records from elsewhere may write the maker
 * as a device or a datasheet does (`HIKVISION`, `Hangzhou Hikvision Digital Technology Co., Ltd.`,
 * `Samsung Techwin`) or by its own brand (`EZVIZ`, `Imou`), and the score compares names. A truth
 * that names no vendor (a badge such as `Amcrest`, or a maker the vocabulary lacks) is kept as
 * written and listed, since no verdict can ever equal it. A `brand` is read as the vocabulary's
 * brand name likewise.
 */
export function canonicalTruths(
  records: readonly RealDeviceRecord[],
  vocab: Vocabulary,
): { records: RealDeviceRecord[]; notVendors: string[] } {
  const notVendors = new Set<string>();
  const out = records.map((rec) => {
    // The badge as the vocabulary names it (`LOREX` -> `Lorex`), as the scan reports it.
    const badge = rec.brand ? vocab.resolveBrand(rec.brand)?.name : undefined;
    const r = badge && badge !== rec.brand ? { ...rec, brand: badge } : rec;
    if (r.truth === null || vocab.vendors.has(r.truth)) return r;
    const company = vocab.resolveBrand(r.truth)?.company;
    if (company && vocab.vendors.has(company)) return { ...r, truth: company };
    notVendors.add(r.truth);
    return r;
  });
  return { records: out, notVendors: [...notVendors].sort() };
}
