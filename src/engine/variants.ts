/**
 * @module engine/variants
 * Generates variants of a signature's examples that the vendor's grammar allows and that are
 * the same observation: case where the field is case-insensitive in practice, whitespace the
 * evidence normaliser collapses, certificate names in another attribute order or with the
 * non-identifying attributes dropped, version components and serials of other lengths, other
 * build dates. The self-check (`oemscan signatures verify`, test/engine/variants.test.ts)
 * requires every variant to still name the signature's vendor, so a pattern written from the
 * one string found fails until it covers the vendor's grammar.
 *
 * The kinds of a signature come from its `variants:` key, else from its field's defaults.
 */
import { type EvidenceField, isLayoutField } from '../evidence/types.js';
import { FIELDS } from '../probes/registry.js';

export const VARIANT_KINDS = [
  /** Extra spaces, tabs, NBSP and padding: gone after evidence normalisation (in a layout, CRLF and padding). */
  'whitespace',
  /** The whole value upper- and lower-case (server tokens, manufacturer names). */
  'case',
  /** Hex runs of 12+ characters (MACs, digests) in the other case. */
  'hex-case',
  /** Distinguished names: attributes reversed and rotated. */
  'dn-order',
  /** Distinguished names: each of C, ST, L, OU, emailAddress, serialNumber dropped, and all of them. */
  'dn-subset',
  /** Distinguished names: attribute names as Node (`serialNumber`) or Go/Java (`SERIALNUMBER`) print
   * them, values upper, lower and capitalised (`HangZhou`/`Hangzhou`). */
  'dn-case',
  /** Firmware: the last numeric version component one digit shorter and longer (V5.5.6, V5.5.161). */
  'version-digits',
  /** Firmware: another build date in the same format. */
  'build-date',
  /** The captured serial at other lengths of the vendor's range: `{serial-length: [min, max]}`. */
  'serial-length',
] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

export interface VariantSpec {
  kind: VariantKind;
  /** serial-length: the vendor's range of serial lengths (inclusive). */
  min?: number;
  max?: number;
}

export interface Variant {
  kind: VariantKind;
  value: string;
}

const DN_FIELDS: readonly EvidenceField[] = ['tls.subject', 'tls.issuer'];
/** Product tokens whose version numbers change from release to release. */
const SERVER_FIELDS: readonly EvidenceField[] = ['http.header.server', 'rtsp.header.server', 'ssdp.server'];
/** Servers, maker names (the descriptors' `manufacturer` role) and hex digests compare caselessly. */
const CASELESS_FIELDS: readonly EvidenceField[] = [
  ...SERVER_FIELDS,
  ...FIELDS.manufacturer,
  'http.favicon.md5',
];
/** Firmware versions: the descriptors' `firmware` role. */
const FIRMWARE_FIELDS: readonly EvidenceField[] = [...FIELDS.firmware.stated, ...FIELDS.firmware.fallback];

/** Kinds a field gets when the signature does not declare its own (`whitespace` always applies). */
export function defaultVariantKinds(field: EvidenceField): VariantKind[] {
  const out: VariantKind[] = ['hex-case'];
  if (DN_FIELDS.includes(field)) out.push('dn-order', 'dn-subset', 'dn-case');
  if (CASELESS_FIELDS.includes(field)) out.push('case');
  if (FIRMWARE_FIELDS.includes(field)) out.push('version-digits', 'build-date');
  else if (SERVER_FIELDS.includes(field)) out.push('version-digits');
  return out;
}

/**
 * Parses a signature's `variants:` value: a list of kind names, or `{serial-length: [min, max]}`.
 * Returns an error message instead of throwing, for the loader's `file:line` report.
 */
export function parseVariantSpecs(raw: unknown): VariantSpec[] | string {
  if (!Array.isArray(raw)) return 'variants must be a list of kinds';
  const out: VariantSpec[] = [];
  for (const item of raw) {
    if (typeof item === 'string') {
      if (!(VARIANT_KINDS as readonly string[]).includes(item))
        return `unknown variant kind "${item}" (known: ${VARIANT_KINDS.join(', ')})`;
      if (item === 'serial-length') return 'serial-length needs its range: {serial-length: [min, max]}';
      out.push({ kind: item as VariantKind });
      continue;
    }
    const entries = item && typeof item === 'object' ? Object.entries(item as Record<string, unknown>) : [];
    const [key, range] = entries[0] ?? [];
    if (entries.length !== 1 || key !== 'serial-length') return `bad variant ${JSON.stringify(item)}`;
    const [min, max] = Array.isArray(range) ? range : [];
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min || max > 64)
      return 'serial-length range must be [min, max] with 1 <= min <= max <= 64';
    out.push({ kind: 'serial-length', min, max });
  }
  return out;
}

interface VariantTarget {
  field: EvidenceField;
  pattern: RegExp;
  captures: Partial<Record<number, string>>;
  variants?: VariantSpec[];
}

/** The kinds that apply to a signature: its own declaration, else the field's defaults. */
export function variantSpecsOf(sig: VariantTarget): VariantSpec[] {
  const declared = sig.variants ?? defaultVariantKinds(sig.field).map((kind) => ({ kind }));
  return [{ kind: 'whitespace' }, ...declared.filter((s) => s.kind !== 'whitespace')];
}

/** Variants of one example value, without the value itself and without duplicates. */
export function variantsOf(sig: VariantTarget, value: string): Variant[] {
  const out: Variant[] = [];
  const seen = new Set([value]);
  const add = (kind: VariantKind, v: string) => {
    if (seen.has(v)) return;
    seen.add(v);
    out.push({ kind, value: v });
  };
  for (const spec of variantSpecsOf(sig)) {
    for (const v of generate(spec, sig, value)) add(spec.kind, v);
  }
  return out;
}

function generate(spec: VariantSpec, sig: VariantTarget, value: string): string[] {
  switch (spec.kind) {
    case 'whitespace':
      // In a layout the spacing is the observation: only line ends and the edges may differ.
      if (isLayoutField(sig.field)) return [` ${value}\n`, value.replace(/\n/g, '\r\n')];
      return [
        ` ${value}\t`,
        value.replace(/ /g, '  '),
        value.replace(/ /g, '\t'),
        value.replace(/ /g, '\u00a0'),
        value.replace(/ /g, ' \r\n '),
      ];
    case 'case':
      return [value.toUpperCase(), value.toLowerCase()];
    case 'hex-case':
      return hexCase(value);
    case 'dn-order':
      return dnOrder(value);
    case 'dn-subset':
      return dnSubset(value);
    case 'dn-case':
      return dnCase(value);
    case 'version-digits':
      return versionDigits(value);
    case 'build-date':
      return buildDate(value);
    case 'serial-length':
      return serialLength(sig, value, spec.min ?? 1, spec.max ?? 64);
  }
}

function hexCase(value: string): string[] {
  const runs = /(?<![0-9A-Za-z])[0-9A-Fa-f]{12,}(?![0-9A-Za-z])/g;
  if (!runs.test(value)) return [];
  const flip = (up: boolean) => value.replace(runs, (r) => (up ? r.toUpperCase() : r.toLowerCase()));
  return [flip(true), flip(false)];
}

// --- distinguished names ------------------------------------------------------------------

interface Rdn {
  name: string;
  value: string;
}

/** Splits our `A=v, B=w` serialisation; a ", " inside a value is kept (only "<attr>=" starts one). */
export function parseDn(value: string): Rdn[] | undefined {
  const parts = value.split(/, (?=[A-Za-z][A-Za-z0-9.]*=)/);
  const rdns: Rdn[] = [];
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 1) return undefined;
    rdns.push({ name: p.slice(0, eq), value: p.slice(eq + 1) });
  }
  return rdns;
}

const formatRdns = (rdns: readonly Rdn[]) => rdns.map((r) => `${r.name}=${r.value}`).join(', ');

function dnOrder(value: string): string[] {
  const rdns = parseDn(value);
  if (!rdns || rdns.length < 2) return [];
  return [formatRdns([...rdns].reverse()), formatRdns([...rdns.slice(1), ...rdns.slice(0, 1)])];
}

/** Attributes that say where or who to mail, not who made the certificate. */
const NON_IDENTIFYING = new Set(['c', 'st', 'l', 'ou', 'emailaddress', 'serialnumber']);

function dnSubset(value: string): string[] {
  const rdns = parseDn(value);
  if (!rdns) return [];
  const droppable = rdns.filter((r) => NON_IDENTIFYING.has(r.name.toLowerCase()));
  const out = droppable.map((d) => formatRdns(rdns.filter((r) => r !== d)));
  const kept = rdns.filter((r) => !droppable.includes(r));
  if (droppable.length > 1 && kept.length > 0) out.push(formatRdns(kept));
  return out;
}

const NODE_NAMES: Record<string, string> = { serialnumber: 'serialNumber', emailaddress: 'emailAddress' };

function dnCase(value: string): string[] {
  const rdns = parseDn(value);
  if (!rdns) return [];
  const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  const names = (f: (n: string) => string) => formatRdns(rdns.map((r) => ({ ...r, name: f(r.name) })));
  const values = (f: (v: string) => string) => formatRdns(rdns.map((r) => ({ ...r, value: f(r.value) })));
  return [
    names((n) => n.toUpperCase()),
    names((n) => NODE_NAMES[n.toLowerCase()] ?? n.toUpperCase()),
    values((v) => v.toUpperCase()),
    values((v) => v.toLowerCase()),
    values(capitalise),
  ];
}

// --- firmware -----------------------------------------------------------------------------

/** A date-looking component (yymmdd, yyyymmdd) is a build date, not a version digit. */
const isDate = (s: string) => /^(?:\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])|20\d{6})$/.test(s);

function versionDigits(value: string): string[] {
  const m = /V?\d[0-9A-Za-z]*(?:\.[0-9A-Za-z]+)+/i.exec(value);
  if (!m) return [];
  const comps = m[0].split('.');
  let i = comps.length - 1;
  while (i >= 0 && !(/^\d{1,5}$/.test(comps[i] ?? '') && !(i > 1 && isDate(comps[i] ?? '')))) i--;
  if (i < 0) return [];
  const digits = comps[i] ?? '';
  const forms = [`1${digits}`];
  if (digits.length > 1) forms.push(digits.slice(1));
  return forms.map((d) => {
    const next = [...comps];
    next[i] = d;
    return value.slice(0, m.index) + next.join('.') + value.slice(m.index + m[0].length);
  });
}

function buildDate(value: string): string[] {
  const out = new Set<string>();
  const other = (s: string, a: string, b: string) => (s === a ? b : a);
  out.add(
    value.replace(/(build ?)(\d{6})\b/i, (_m, p: string, d: string) => p + other(d, '231130', '190101')),
  );
  out.add(value.replace(/\b20\d{2}-\d{2}-\d{2}\b/, (d) => other(d, '2023-11-30', '2019-01-01')));
  out.add(value.replace(/\.(20\d{6})\b/, (_m, d: string) => `.${other(d, '20231130', '20190101')}`));
  out.delete(value);
  return [...out];
}

// --- serials ------------------------------------------------------------------------------

function serialLength(sig: VariantTarget, value: string, min: number, max: number): string[] {
  const group = Number(Object.entries(sig.captures).find(([, name]) => name === 'serial')?.[0]);
  if (!group) return [];
  const flags = sig.pattern.flags.includes('d') ? sig.pattern.flags : `${sig.pattern.flags}d`;
  const m = new RegExp(sig.pattern.source, flags).exec(value);
  const span = m?.indices?.[group];
  const serial = m?.[group];
  if (!span || !serial) return [];
  const lengths = new Set(
    [min, max, serial.length - 1, serial.length + 1].filter((n) => n >= min && n <= max),
  );
  const resize = (n: number) => {
    if (n <= serial.length) return serial.slice(0, n);
    let s = serial;
    while (s.length < n) s += serial.slice(-(n - s.length));
    return s.slice(0, n);
  };
  return [...lengths].map((n) => value.slice(0, span[0]) + resize(n) + value.slice(span[1]));
}
