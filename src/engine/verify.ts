/**
 * @module engine/verify
 * The library's self-check, shared by `oemscan signatures verify` and the test suite: every
 * example matches its own signature first and yields its captures, and no oem/family
 * signature fires on a known negative. Also the coverage table (signatures per vendor per
 * evidence class).
 */
import { normaliseValue } from '../evidence/types.js';
import type { SignatureLibrary } from './load.js';
import { matchValue, signaturesFor } from './match.js';
import { matchTokens } from './tokens.js';
import type { Signature } from './types.js';
import { variantsOf } from './variants.js';

export interface Failure {
  file: string;
  line: number;
  id: string;
  reason: string;
}

export const formatFailure = (f: Failure) => `${f.file}:${f.line}: ${f.id}: ${f.reason}`;

/** Problems with one signature's examples. */
export function checkExamples(lib: SignatureLibrary, sig: Signature): Failure[] {
  const out: Failure[] = [];
  for (const [i, ex] of sig.examples.entries()) {
    const fail = (reason: string) =>
      out.push({ file: sig.file, line: sig.line, id: sig.id, reason: `example ${i + 1}: ${reason}` });
    const hit = matchValue(lib, sig.field, ex.value);
    if (!hit) {
      fail(`${JSON.stringify(ex.value)} matches nothing`);
      continue;
    }
    if (hit.signature.id !== sig.id) {
      fail(`${JSON.stringify(ex.value)} is taken first by ${hit.signature.id}`);
      continue;
    }
    for (const [k, v] of Object.entries(ex.expect ?? {})) {
      const got = hit.captured[k as keyof typeof hit.captured];
      if (got !== v) fail(`capture ${k} is ${JSON.stringify(got)}, expected ${JSON.stringify(v)}`);
    }
  }
  return out;
}

const decides = (s: Signature) => s.strength === 'oem' || s.strength === 'family';

/**
 * Variants of an oem/family signature's examples (engine/variants.ts) that no longer name its
 * vendor: matched by nothing, or first by another vendor's or a weaker signature.
 */
export function checkVariants(lib: SignatureLibrary, sig: Signature): Failure[] {
  if (!decides(sig)) return [];
  const out: Failure[] = [];
  for (const [i, ex] of sig.examples.entries()) {
    for (const variant of variantsOf(sig, ex.value)) {
      const value = normaliseValue(sig.field, variant.value);
      const hit = matchValue(lib, sig.field, value);
      if (hit && hit.signature.vendor === sig.vendor && decides(hit.signature)) continue;
      out.push({
        file: sig.file,
        line: sig.line,
        id: sig.id,
        reason: `example ${i + 1}, ${variant.kind} variant ${JSON.stringify(value)} ${
          hit ? `is taken by ${hit.signature.id}` : 'matches nothing'
        }`,
      });
    }
  }
  return out;
}

/**
 * Negatives matched by any oem/family signature of their field, not only the first that
 * matches: a class signature earlier in the file must not hide a vendor pattern that is too wide.
 */
export function checkNegativesEverywhere(lib: SignatureLibrary): Failure[] {
  return lib.negatives.flatMap((neg) =>
    signaturesFor(lib, neg.field)
      .filter((s) => decides(s) && s.pattern.test(neg.value))
      .map((s) => ({
        file: neg.file,
        line: neg.line,
        id: 'negative',
        reason: `${JSON.stringify(neg.value)} matches ${s.id}`,
      })),
  );
}

/** Negatives hit by an oem/family signature. */
export function checkNegatives(lib: SignatureLibrary): Failure[] {
  return lib.negatives.flatMap((neg) => {
    const hit = matchValue(lib, neg.field, neg.value);
    if (!hit || (hit.signature.strength !== 'oem' && hit.signature.strength !== 'family')) return [];
    return [
      {
        file: neg.file,
        line: neg.line,
        id: 'negative',
        reason: `${JSON.stringify(neg.value)} matched ${hit.signature.id}`,
      },
    ];
  });
}

/** Every in-text grammar finds its own token in each of its free-text examples, before any other grammar. */
export function checkTokenExamples(lib: SignatureLibrary, grammar: Signature): Failure[] {
  return grammar.examples.flatMap((ex, i) => {
    const hit = ex.field
      ? matchTokens(lib.tokenGrammars, { ...probeFree, field: ex.field, value: ex.value })
      : undefined;
    if (hit?.signature.id === grammar.id) return [];
    const why = hit ? `is taken first by ${hit.signature.id}` : 'yields no token of this grammar';
    return [
      {
        file: grammar.file,
        line: grammar.line,
        id: grammar.id,
        reason: `example ${i + 1}: ${JSON.stringify(ex.value)} ${why}`,
      },
    ];
  });
}

const probeFree = { probe: 'verify', ip: '127.0.0.1', port: 0, transport: 'tcp' as const, observedAt: '' };

/** Negatives (other makers' and generic banners) in which an in-text grammar finds a token. */
export function checkTokenNegatives(lib: SignatureLibrary): Failure[] {
  return lib.negatives.flatMap((neg) => {
    const hit = matchTokens(lib.tokenGrammars, { ...probeFree, field: neg.field, value: neg.value });
    return hit
      ? [
          {
            file: neg.file,
            line: neg.line,
            id: 'negative',
            reason: `${JSON.stringify(neg.value)} holds a token of ${hit.signature.id}`,
          },
        ]
      : [];
  });
}

export function verifyLibrary(lib: SignatureLibrary): Failure[] {
  return [
    ...lib.signatures.flatMap((s) => [...checkExamples(lib, s), ...checkVariants(lib, s)]),
    ...checkNegativesEverywhere(lib),
    ...lib.tokenGrammars.flatMap((g) => checkTokenExamples(lib, g)),
    ...checkTokenNegatives(lib),
  ];
}

/** Evidence classes for the coverage table: the part of the field before its last dot. */
const evidenceClass = (field: string) => field.replace(/\.[^.]+$/, '').replace(/^http\.header$/, 'http');

/** Row label: the vendor, else the badge in parentheses, else "(class)". */
const rowOf = (x: { vendor?: string; brand?: string }) => x.vendor ?? (x.brand ? `(${x.brand})` : '(class)');

export function coverageTable(lib: SignatureLibrary): string {
  const classes = [...new Set(lib.signatures.map((s) => evidenceClass(s.field)))].sort();
  const rows = new Map<string, Map<string, number>>();
  const bump = (who: string, column: string) => {
    const row = rows.get(who) ?? new Map<string, number>();
    row.set(column, (row.get(column) ?? 0) + 1);
    rows.set(who, row);
  };
  for (const s of lib.signatures) bump(rowOf(s), evidenceClass(s.field));
  // IEEE prefixes are counted apart: they are registry data, not signatures with examples.
  for (const e of lib.oui.entries) bump(rowOf(e), 'oui');
  const header = ['vendor', ...classes, 'total', 'oui'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const [who, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    const total = classes.reduce((n, c) => n + (row.get(c) ?? 0), 0);
    const cells = [...classes, 'total', 'oui'].map((c) =>
      c === 'total' ? String(total || '') : String(row.get(c) ?? ''),
    );
    lines.push(`| ${[who, ...cells].join(' | ')} |`);
  }
  const examples = lib.signatures.reduce((n, s) => n + s.examples.length, 0);
  lines.push(
    '',
    `${lib.signatures.length} signatures, ${examples} sourced examples, ${lib.negatives.length} negatives; ${lib.oui.size} IEEE OUI prefixes (column oui, not counted as signatures).`,
  );
  return `${lines.join('\n')}\n`;
}
