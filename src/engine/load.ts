/**
 * @module engine/load
 * Loads and validates every fingerprint file at start-up (nuclei's compile step): unknown
 * keys, bad regexes, unknown vendors, capture-count mismatches and missing sources all stop
 * the load with `file:line: reason`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { SignatureError, UsageError } from '../errors/index.js';
import { EVIDENCE_FIELDS, type EvidenceField } from '../evidence/types.js';
import { dataPath } from '../util/paths.js';
import { loadOui, type OuiTable } from './oui.js';
import { tokenGrammar } from './tokens.js';
import {
  CAPTURE_NAMES,
  type CaptureName,
  DEVICE_TYPES,
  type DeviceType,
  type Negative,
  type Signature,
  type SignatureExample,
  type Strength,
} from './types.js';
import { loadVocabulary, type Vocabulary } from './vocabulary.js';
import { checkKeys, readYamlSource } from './yaml-source.js';

export interface SignatureLibrary {
  signatures: Signature[];
  /** IEEE OUI registrations of the vocabulary's makers. */
  oui: OuiTable;
  byField: Map<EvidenceField, Signature[]>;
  /** Field grammars also searched as tokens in free text (fingerprints/tokens/grammars.yaml). */
  tokenGrammars: Signature[];
  negatives: Negative[];
  vocabulary: Vocabulary;
}

const STRENGTHS: readonly Strength[] = ['oem', 'family', 'brand', 'class'];
const DEFAULT_CERTAINTY: Record<Strength, number> = { oem: 0.9, family: 0.5, brand: 0.9, class: 0 };
const SIG_KEYS = [
  'id',
  'description',
  'pattern',
  'flags',
  'vendor',
  'brand',
  'strength',
  'certainty',
  'deviceType',
  'captures',
  'examples',
];

/** The fingerprints/ folder shipped with the package. */
export const defaultFingerprintDir = () => dataPath('fingerprints');

/**
 * Loads the built-in library, plus a site's own signature folders (`--signatures DIR`). Site
 * files are validated the same way and come first, so a site rule wins over a built-in one.
 */
export function loadSignatureLibrary(
  dir = defaultFingerprintDir(),
  siteDirs: readonly string[] = [],
): SignatureLibrary {
  const vocabulary = loadVocabulary(join(dir, 'vocabulary'));
  const signatures: Signature[] = [];
  const negatives: Negative[] = [];
  const ids = new Set<string>();
  for (const d of [...siteDirs.map((s) => resolve(s)), dir]) {
    if (!existsSync(d)) throw new UsageError(`signature folder ${d} does not exist`);
    const root = dirname(d);
    for (const { src, field } of fieldFiles(d, root, 'signatures')) {
      for (const { value, line } of src.items('signatures')) {
        const sig = parseSignature(value, field, src.file, line, vocabulary);
        if (ids.has(sig.id)) throw new SignatureError(src.file, line, `duplicate id "${sig.id}"`);
        ids.add(sig.id);
        signatures.push(sig);
      }
    }
    negatives.push(...loadNegatives(join(d, 'negatives'), root));
  }
  const byField = new Map<EvidenceField, Signature[]>();
  for (const s of signatures) byField.set(s.field, [...(byField.get(s.field) ?? []), s]);
  const tokenGrammars = loadTokenGrammars(join(dir, 'tokens', 'grammars.yaml'), dirname(dir), signatures);
  return { signatures, byField, tokenGrammars, negatives, vocabulary, oui: loadOui(dir, vocabulary) };
}

/**
 * The field signatures whose grammar is distinctive enough to count wherever one of its tokens
 * appears, each with real free-text examples (value, the field it was seen in, source).
 */
function loadTokenGrammars(file: string, root: string, signatures: readonly Signature[]): Signature[] {
  if (!existsSync(file)) return [];
  const src = readYamlSource(file, relative(root, file));
  checkKeys(src.root, ['description', 'grammars'], src.file, 1);
  const byId = new Map(signatures.map((s) => [s.id, s]));
  const grammars = src.items('grammars').map(({ value, line }) => {
    const g = value as Record<string, unknown>;
    checkKeys(g, ['id', 'examples'], src.file, line);
    const sig = byId.get(String(g.id));
    if (!sig) throw new SignatureError(src.file, line, `unknown signature "${String(g.id)}"`);
    if (sig.strength !== 'oem' && sig.strength !== 'family')
      throw new SignatureError(src.file, line, `${sig.id}: only oem/family grammars name a maker in text`);
    if (!Array.isArray(g.examples) || g.examples.length === 0)
      throw new SignatureError(src.file, line, `${sig.id}: at least one real free-text example is required`);
    const examples = (g.examples as unknown[]).map((e): SignatureExample => {
      const ex = (e ?? {}) as Record<string, unknown>;
      checkKeys(ex, ['field', 'value', 'source'], src.file, line);
      const field = parseField(ex.field, src.file, line);
      if (typeof ex.value !== 'string' || typeof ex.source !== 'string' || ex.source.trim().length < 8)
        throw new SignatureError(src.file, line, `${sig.id}: each example needs field, value and source`);
      return { field, value: ex.value, source: ex.source };
    });
    return { ...tokenGrammar(sig), examples, file: src.file, line };
  });
  // Library order, so the first-match rule between overlapping grammars is the fields' own.
  const rank = new Map(signatures.map((s, i) => [`${s.id}.in-text`, i]));
  return grammars.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
}

/** Each `*.yaml` in `dir` (sorted), with its `field:` header checked. */
function* fieldFiles(dir: string, root: string, listKey: string) {
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const src = readYamlSource(join(dir, name), relative(root, join(dir, name)));
    checkKeys(src.root, ['field', 'description', listKey], src.file, 1);
    yield { src, field: parseField(src.root.field, src.file, 1) };
  }
}

function parseField(v: unknown, file: string, line: number): EvidenceField {
  if (typeof v !== 'string' || !(EVIDENCE_FIELDS as readonly string[]).includes(v)) {
    throw new SignatureError(
      file,
      line,
      `unknown field "${String(v)}" (known: ${EVIDENCE_FIELDS.join(', ')})`,
    );
  }
  return v as EvidenceField;
}

function parseSignature(
  raw: unknown,
  field: EvidenceField,
  file: string,
  line: number,
  vocab: Vocabulary,
): Signature {
  if (!raw || typeof raw !== 'object') throw new SignatureError(file, line, 'signature must be a mapping');
  const s = raw as Record<string, unknown>;
  checkKeys(s, SIG_KEYS, file, line);
  const fail = (reason: string): never => {
    throw new SignatureError(file, line, `${String(s.id ?? '?')}: ${reason}`);
  };
  if (typeof s.id !== 'string' || !/^[a-z0-9][a-z0-9.-]+$/.test(s.id)) fail('id must be lower-case dotted');
  if (typeof s.description !== 'string' || !s.description) fail('description required');
  if (typeof s.pattern !== 'string') fail('pattern required');
  const strength = s.strength as Strength;
  if (!STRENGTHS.includes(strength)) fail(`strength must be one of ${STRENGTHS.join('|')}`);
  let pattern: RegExp;
  try {
    pattern = new RegExp(s.pattern as string, typeof s.flags === 'string' ? s.flags : '');
  } catch (err) {
    return fail(`bad regex: ${(err as Error).message}`);
  }
  if (pattern.global || pattern.sticky) fail('flags g and y are not allowed');
  const vendor = s.vendor === undefined ? undefined : String(s.vendor);
  if (vendor !== undefined && !vocab.vendors.has(vendor))
    fail(`vendor "${vendor}" is not in vocabulary/vendors.yaml`);
  if ((strength === 'oem' || strength === 'family') && !vendor) fail(`strength ${strength} needs a vendor`);
  const brand = s.brand === undefined ? undefined : String(s.brand);
  if (brand !== undefined && !vocab.brands.has(brand)) fail(`brand "${brand}" is not in the vocabulary`);
  if (strength === 'brand' && !brand) fail('strength brand needs a brand');
  const deviceType = s.deviceType as DeviceType | undefined;
  if (deviceType !== undefined && !DEVICE_TYPES.includes(deviceType))
    fail(`unknown deviceType "${deviceType}"`);
  const certainty = s.certainty === undefined ? DEFAULT_CERTAINTY[strength] : Number(s.certainty);
  if (!(certainty >= 0 && certainty <= 1)) fail('certainty must be in [0,1]');

  const captures: Partial<Record<number, CaptureName>> = {};
  if (s.captures !== undefined) {
    if (!s.captures || typeof s.captures !== 'object') fail('captures must map group number to a name');
    for (const [k, v] of Object.entries(s.captures as Record<string, unknown>)) {
      if (!/^\d+$/.test(k) || !CAPTURE_NAMES.includes(v as CaptureName))
        fail(`bad capture ${k}: ${String(v)}`);
      captures[Number(k)] = v as CaptureName;
    }
  }
  // recog's rule: declared captures must agree with the regex's groups.
  const groupCount = new RegExp(`${pattern.source}|`, pattern.flags).exec('')?.length ?? 1;
  const maxCapture = Math.max(0, ...Object.keys(captures).map(Number));
  if (maxCapture > groupCount - 1) fail(`capture ${maxCapture} but the pattern has ${groupCount - 1} groups`);

  if (!Array.isArray(s.examples) || s.examples.length === 0) fail('at least one real example is required');
  const examples = (s.examples as unknown[]).map((e, i): SignatureExample => {
    if (!e || typeof e !== 'object') return fail(`example ${i + 1} must be a mapping`);
    const ex = e as Record<string, unknown>;
    checkKeys(ex, ['value', 'expect', 'source'], file, line);
    if (typeof ex.value !== 'string') fail(`example ${i + 1}: value must be a string`);
    if (typeof ex.source !== 'string' || ex.source.trim().length < 8)
      fail(`example ${i + 1}: source required`);
    const expect = ex.expect as Partial<Record<CaptureName, string>> | undefined;
    for (const k of Object.keys(expect ?? {})) {
      if (!Object.values(captures).includes(k as CaptureName))
        fail(`example ${i + 1} expects "${k}", not captured`);
    }
    return { value: ex.value as string, source: ex.source as string, ...(expect ? { expect } : {}) };
  });

  return {
    id: s.id as string,
    field,
    description: s.description as string,
    pattern,
    ...(vendor ? { vendor } : {}),
    ...(brand ? { brand } : {}),
    strength,
    certainty,
    ...(deviceType ? { deviceType } : {}),
    captures,
    examples,
    file,
    line,
  };
}

function loadNegatives(dir: string, root: string): Negative[] {
  if (!existsSync(dir)) return [];
  const out: Negative[] = [];
  for (const { src, field } of fieldFiles(dir, root, 'values')) {
    for (const { value, line } of src.items('values')) {
      const v = value as Record<string, unknown>;
      checkKeys(v, ['value', 'source'], src.file, line);
      if (typeof v.value !== 'string' || typeof v.source !== 'string') {
        throw new SignatureError(src.file, line, 'negative needs value and source');
      }
      out.push({ field, value: v.value, source: v.source, file: src.file, line });
    }
  }
  return out;
}
