/**
 * @module policy/load
 * Policy packs are data, one file each (src/policy/packs/*.yaml): issuer, date, citation, the
 * vendors they name or the attribute they select on (`vendorCountries`), and what they cover.
 * Every pack is validated when it loads; a mistake fails with `file:line`. `--policy` takes a
 * built-in id, a jurisdiction preset (src/policy/packs/presets.yaml: `uk`, `us`, `all`) or the
 * path of a user's own pack (YAML or JSON, same keys). Each vendor a built-in pack names carries
 * a citation: the primary source's URL and a short quote from it that names the vendor.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Vocabulary } from '../engine/vocabulary.js';
import { checkKeys, readYamlSource } from '../engine/yaml-source.js';
import { SignatureError, UsageError } from '../errors/index.js';
import { dataPath } from '../util/paths.js';

/** `ban`: law or regulation; `procurement`: rules for an organisation's own buying and estate. */
export type PolicyKind = 'ban' | 'advisory' | 'procurement' | 'export-control';
export const POLICY_KINDS: readonly PolicyKind[] = ['ban', 'advisory', 'procurement', 'export-control'];

/** Where a primary source names a vendor (or states an attribute rule): URL and a quote from it. */
export interface Citation {
  url: string;
  quote: string;
}

export interface PolicyPack {
  /** Stable id (`us-ndaa-889`); a built-in pack's file is `<id>.yaml`. */
  id: string;
  /** Version of the pack's data, raised whenever its content changes. */
  version: number;
  /** Short name, used in flag reasons ("US NDAA FY2019 §889"). */
  title: string;
  /** Compact label for one-line summaries ("NDAA §889"); the id when the pack has none. */
  label: string;
  /** Jurisdiction the summaries group it under ("UK", "US"); null when the pack names none. */
  jurisdiction: string | null;
  issuer: string;
  /** ISO date the instrument was issued or took effect. */
  date: string;
  /** Primary source. */
  url: string;
  references: string[];
  kind: PolicyKind;
  /** Canonical vendor names (vocabulary) the instrument names. */
  vendors: string[];
  /** Attribute rule: any vendor whose vocabulary `country` is listed (ISO 3166 alpha-2). */
  vendorCountries: string[];
  /** When a vendor was added, where that differs from `date` (YYYY-MM or YYYY-MM-DD). */
  vendorDates: Record<string, string>;
  /** Per vendor: the primary source that names it and a quote from it. */
  citations: Record<string, Citation>;
  /** For an attribute rule: the primary source that states it and a quote from it. */
  ruleCitation: Citation | null;
  /** Whether the instrument's text extends to subsidiaries and affiliates of the named vendors. */
  coversSubsidiaries: boolean;
  /** Whether products the vendor builds for other badges are covered (else only own-brand devices). */
  coversOemProducts: boolean;
  scope: string;
  /** `built-in`, or the path of the user's file. */
  source: string;
}

const REQUIRED = [
  'id',
  'version',
  'title',
  'issuer',
  'date',
  'url',
  'kind',
  'coversSubsidiaries',
  'coversOemProducts',
  'scope',
] as const;
const KEYS = [
  ...REQUIRED,
  'label',
  'jurisdiction',
  'references',
  'vendors',
  'vendorCountries',
  'vendorDates',
  'citations',
  'ruleCitation',
];

const ID = /^[a-z0-9][a-z0-9._-]*$/;
const COUNTRY = /^[A-Z]{2}$/;
const URL_RE = /^https?:\/\/\S+$/;

const BUILT_IN_DIR = () => dataPath('src', 'policy', 'packs');
/** The presets file beside the packs; it is not a pack. */
export const PRESETS_FILE = 'presets.yaml';

/** All built-in packs, in file-name order (uk-bscc-2022 first: reports list its flag first). */
export function loadPolicyPacks(vocab: Vocabulary, dir = BUILT_IN_DIR()): PolicyPack[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== PRESETS_FILE)
    .sort()
    .map((f) => {
      const display = `src/policy/packs/${f}`;
      const pack = parsePack(join(dir, f), display, vocab, 'built-in');
      const expected = basename(f, '.yaml');
      if (pack.id !== expected) {
        throw new SignatureError(display, 1, `id "${pack.id}" must match the file name "${expected}"`);
      }
      return pack;
    });
}

/** A user's own pack (YAML or JSON). Problems are UsageErrors; invalid content names `file:line`. */
export function loadPolicyFile(path: string, vocab: Vocabulary): PolicyPack {
  if (!existsSync(path)) throw new UsageError(`policy file ${path} not found`);
  if (!statSync(path).isFile()) throw new UsageError(`policy file ${path} is not a file`);
  try {
    return parsePack(path, path, vocab, path);
  } catch (err) {
    if (err instanceof SignatureError) throw new UsageError(`invalid policy pack ${err.message}`);
    const code = (err as NodeJS.ErrnoException).code;
    if (code) throw new UsageError(`cannot read policy file ${path}: ${code}`);
    throw err;
  }
}

/** A `--policy` value names a file when it has a path separator or a pack file extension. */
export function isPolicyFileSpec(spec: string): boolean {
  return /[/\\]/.test(spec) || /\.(ya?ml|json)$/i.test(spec);
}

/** The preset a scan applies when neither `--policy` nor a config file chooses. */
export const DEFAULT_PRESET = 'all';

/**
 * The packs a scan applies: each spec is a built-in id, a preset name or a path to a pack
 * file; none means the `all` preset. Order follows the specs (a preset expands in its own
 * order); repeats are dropped; two different packs with one id are an error.
 */
export function resolvePolicies(
  specs: readonly string[] | undefined,
  vocab: Vocabulary,
  dir = BUILT_IN_DIR(),
): PolicyPack[] {
  const builtIns = loadPolicyPacks(vocab, dir);
  const presets = loadPresets(dir);
  const wanted = specs && specs.length > 0 ? specs : [DEFAULT_PRESET];
  const chosen: PolicyPack[] = [];
  for (const spec of wanted) {
    const packs = isPolicyFileSpec(spec)
      ? [loadPolicyFile(spec, vocab)]
      : presets.has(spec)
        ? expandPreset(presets, spec).map((id) => builtIn(builtIns, presets, id))
        : [builtIn(builtIns, presets, spec)];
    for (const pack of packs) {
      const prior = chosen.find((p) => p.id === pack.id);
      if (prior && prior.source === pack.source) continue;
      if (prior) {
        throw new UsageError(`policy id "${pack.id}" is used by both ${prior.source} and ${pack.source}`);
      }
      chosen.push(pack);
    }
  }
  return chosen;
}

function builtIn(packs: readonly PolicyPack[], presets: Map<string, Preset>, id: string): PolicyPack {
  const p = packs.find((x) => x.id === id);
  if (!p) {
    throw new UsageError(
      `unknown policy "${id}" (presets: ${[...presets.keys()].join(', ')}; packs: ${packs.map((x) => x.id).join(', ')}; or give the path of a .yaml/.json pack)`,
    );
  }
  return p;
}

/** A jurisdiction preset: a name for a list of built-in packs (`uk`, `us`, `all`). */
export interface Preset {
  name: string;
  description: string;
  /** Pack ids or other preset names, as written in the file. */
  packs: string[];
}

/** The presets in src/policy/packs/presets.yaml, in file order; problems fail with `file:line`. */
export function loadPresets(dir = BUILT_IN_DIR()): Map<string, Preset> {
  const path = join(dir, PRESETS_FILE);
  const out = new Map<string, Preset>();
  if (!existsSync(path)) return out;
  const display = `src/policy/packs/${PRESETS_FILE}`;
  const src = readYamlSource(path, display);
  checkKeys(src.root, ['presets'], display, 1);
  const raw = src.root.presets;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SignatureError(display, 1, '"presets" must map preset names to { description, packs }');
  }
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const v = value as Record<string, unknown> | null;
    const ok =
      ID.test(name) &&
      v !== null &&
      typeof v === 'object' &&
      typeof v.description === 'string' &&
      Array.isArray(v.packs) &&
      v.packs.length > 0 &&
      v.packs.every((x) => typeof x === 'string' && x);
    if (!ok) {
      throw new SignatureError(display, 1, `preset "${name}" needs a description and a list of packs`);
    }
    checkKeys(v as Record<string, unknown>, ['description', 'packs'], display, 1);
    out.set(name, { name, description: v.description as string, packs: v.packs as string[] });
  }
  return out;
}

/** A preset's pack ids, nested presets expanded in place, each id once; a cycle is an error. */
export function expandPreset(presets: Map<string, Preset>, name: string, seen: string[] = []): string[] {
  if (seen.includes(name)) throw new UsageError(`preset "${name}" includes itself`);
  const preset = presets.get(name);
  if (!preset) return [name];
  const ids: string[] = [];
  for (const item of preset.packs) {
    for (const id of presets.has(item) ? expandPreset(presets, item, [...seen, name]) : [item]) {
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

function parsePack(path: string, display: string, vocab: Vocabulary, source: string): PolicyPack {
  const src = readYamlSource(path, display);
  const lines = keyLines(path);
  const p = src.root;
  const at = (key: string) => lines.get(key) ?? 1;
  const fail = (key: string, reason: string): never => {
    throw new SignatureError(src.file, at(key), reason);
  };

  for (const key of Object.keys(p)) checkKeys({ [key]: p[key] }, KEYS, src.file, at(key));
  for (const key of REQUIRED) if (p[key] === undefined || p[key] === null) fail(key, `policy needs "${key}"`);

  const text = (key: string): string => {
    const v = p[key];
    if (typeof v !== 'string' || !v.trim()) fail(key, `"${key}" must be a non-empty string`);
    return (v as string).trim();
  };
  const flag = (key: string): boolean => {
    const v = p[key];
    if (typeof v !== 'boolean') fail(key, `"${key}" must be true or false`);
    return v as boolean;
  };
  const strings = (key: string): string[] => {
    const v = p[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !x)) {
      fail(key, `"${key}" must be a list of strings`);
    }
    return v as string[];
  };

  const id = text('id');
  if (!ID.test(id)) fail('id', `id "${id}" must be lower-case letters, digits, ".", "_" or "-"`);
  const version = p.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    fail('version', '"version" must be a whole number from 1');
  }
  const date = dateText(p.date);
  if (!isIsoDate(date, false)) fail('date', `"date" must be an ISO date (YYYY-MM-DD), got "${date}"`);
  const url = text('url');
  if (!URL_RE.test(url)) fail('url', `"url" must be an http(s) URL, got "${url}"`);
  const references = strings('references');
  for (const r of references)
    if (!URL_RE.test(r)) fail('references', `reference "${r}" is not an http(s) URL`);
  const kind = text('kind') as PolicyKind;
  if (!POLICY_KINDS.includes(kind)) fail('kind', `"kind" must be one of ${POLICY_KINDS.join(', ')}`);

  const vendors = strings('vendors');
  for (const { value, line } of vendors.length > 0 ? src.items('vendors') : []) {
    if (!vocab.vendors.has(String(value))) {
      throw new SignatureError(
        src.file,
        line,
        `unknown vendor "${String(value)}" (not in vocabulary/vendors.yaml)`,
      );
    }
  }
  if (new Set(vendors).size !== vendors.length) fail('vendors', 'a vendor is listed twice');
  const vendorCountries = strings('vendorCountries');
  for (const c of vendorCountries) {
    if (!COUNTRY.test(c)) fail('vendorCountries', `country "${c}" must be an ISO 3166 alpha-2 code, e.g. CN`);
  }
  if (vendors.length === 0 && vendorCountries.length === 0) {
    fail('vendors', 'policy needs "vendors" or "vendorCountries"');
  }
  const vendorDates = datesOf(p.vendorDates, vendors, (reason) => fail('vendorDates', reason));
  const citation = (key: string, v: unknown, what: string): Citation => {
    const c = v as Record<string, unknown> | null;
    if (!c || typeof c !== 'object' || Array.isArray(c)) fail(key, `${what} must be { url, quote }`);
    const obj = c as Record<string, unknown>;
    for (const k of Object.keys(obj))
      if (k !== 'url' && k !== 'quote') fail(key, `${what} has an unknown key "${k}"`);
    if (typeof obj.url !== 'string' || !URL_RE.test(obj.url)) fail(key, `${what} needs an http(s) "url"`);
    if (typeof obj.quote !== 'string' || !obj.quote.trim()) fail(key, `${what} needs a "quote"`);
    return { url: obj.url as string, quote: (obj.quote as string).trim() };
  };
  const citations: Record<string, Citation> = {};
  if (p.citations !== undefined && p.citations !== null) {
    if (typeof p.citations !== 'object' || Array.isArray(p.citations)) {
      fail('citations', '"citations" must map vendor names to { url, quote }');
    }
    for (const [vendor, c] of Object.entries(p.citations as Record<string, unknown>)) {
      if (!vendors.includes(vendor))
        fail('citations', `citations names "${vendor}", which is not in "vendors"`);
      citations[vendor] = citation('citations', c, `citations.${vendor}`);
    }
  }
  const ruleCitation =
    p.ruleCitation === undefined || p.ruleCitation === null
      ? null
      : citation('ruleCitation', p.ruleCitation, '"ruleCitation"');
  const optionalText = (key: string): string | null =>
    p[key] === undefined || p[key] === null ? null : text(key);

  return {
    id,
    version: version as number,
    title: text('title'),
    label: optionalText('label') ?? id,
    jurisdiction: optionalText('jurisdiction'),
    issuer: text('issuer'),
    date,
    url,
    references,
    kind,
    vendors,
    vendorCountries,
    vendorDates,
    citations,
    ruleCitation,
    coversSubsidiaries: flag('coversSubsidiaries'),
    coversOemProducts: flag('coversOemProducts'),
    scope: text('scope').replace(/\s+/g, ' '),
    source,
  };
}

function datesOf(v: unknown, vendors: readonly string[], fail: (reason: string) => never) {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) fail('"vendorDates" must map vendor names to dates');
  const out: Record<string, string> = {};
  for (const [vendor, raw] of Object.entries(v as Record<string, unknown>)) {
    if (!vendors.includes(vendor)) fail(`vendorDates names "${vendor}", which is not in "vendors"`);
    const date = dateText(raw);
    if (!isIsoDate(date, true)) fail(`vendorDates.${vendor} must be YYYY-MM or YYYY-MM-DD, got "${date}"`);
    out[vendor] = date;
  }
  return out;
}

/** YAML 1.1 files may turn dates into Date objects; keep the calendar date either way. */
function dateText(v: unknown): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? '');
}

function isIsoDate(s: string, monthOnlyOk: boolean): boolean {
  if (monthOnlyOk && /^\d{4}-(0[1-9]|1[0-2])$/.test(s)) return true;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Line of each top-level key, so an error names the line of the key at fault. */
function keyLines(path: string): Map<string, number> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter });
  const lines = new Map<string, number>();
  if (!isMap(doc.contents)) return lines;
  for (const pair of doc.contents.items) {
    const key = pair.key;
    if (isScalar(key) && key.range) lines.set(String(key.value), lineCounter.linePos(key.range[0]).line);
  }
  return lines;
}
