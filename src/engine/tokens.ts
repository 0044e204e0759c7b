/**
 * @module engine/tokens
 * Identity tokens in free text (issue 12): a model or firmware string of a vendor's grammar is
 * evidence wherever it appears (a page body, a key=value or XML answer, a title, a realm, a
 * UPnP name, a scope), not only in the fixed field the grammar was written for. The grammars
 * are the library's own field signatures, chosen in fingerprints/tokens/grammars.yaml; a hit
 * in free text is weaker than the same string in its own field (family strength).
 */
import type { Evidence, EvidenceField } from '../evidence/types.js';
import { FIELDS } from '../probes/registry.js';
import type { Signature, SignatureMatch } from './types.js';

/** Fields whose values are free text a vendor's identity strings can hide in (the descriptors' `text` role). */
export const TEXT_FIELDS: ReadonlySet<EvidenceField> = FIELDS.text;

/** A hit in free text counts at most this much, and as family strength. */
export const TOKEN_CERTAINTY = 0.6;
/** Bounds, so a 64 KiB body costs a few milliseconds. */
const MAX_TOKENS = 8192;
const MIN_LEN = 4;
const MAX_LEN = 64;

// Separators of markup, key=value, JSON, URLs and prose. `-`, `.`, `_`, `(`, `)` stay: they are
// part of model and firmware grammars (DS-KV8213-WME1(C), 2.420.AC00.15.R).
const SEPARATORS = /[\s"'<>=,;:&?#{}[\]|\\`/*!^$~+]+/;

/** Percent-escapes (ONVIF name scopes: `HIKVISION%20DS-2CD2143G0-I`) read as text, if they decode. */
function decoded(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%20/gi, ' ');
  }
}

/** Strips punctuation a sentence or markup puts around a token, keeping balanced parentheses. */
function trimToken(t: string): string {
  let s = t.replace(/^[.(_-]+/, '').replace(/[._-]+$/, '');
  while (s.endsWith(')') && (s.match(/\(/g)?.length ?? 0) < (s.match(/\)/g)?.length ?? 0)) s = s.slice(0, -1);
  return s;
}

/**
 * The candidate tokens of a text: single words, and runs of two and three words for grammars
 * with spaces (`V5.5.61 build 180718`, `AXIS M1014`); only runs that start with a word
 * holding a digit or an upper-case letter, to keep the count down.
 */
export function tokensOf(text: string): string[] {
  const words = decoded(text)
    .split(SEPARATORS)
    .slice(0, MAX_TOKENS)
    .map(trimToken)
    .filter((w) => w.length > 0 && w.length <= MAX_LEN);
  const out = new Set<string>();
  words.forEach((w, i) => {
    if (w.length >= MIN_LEN && /\d/.test(w)) out.add(w);
    if (!/[\dA-Z]/.test(w)) return;
    const two = `${w} ${words[i + 1] ?? ''}`.trim();
    const three = `${two} ${words[i + 2] ?? ''}`.trim();
    if (two !== w && /\d/.test(two)) out.add(two);
    if (three !== two && /\d/.test(three)) out.add(three);
  });
  return [...out];
}

/** The in-text form of a field grammar: same pattern and captures, family strength, capped certainty. */
export function tokenGrammar(sig: Signature): Signature {
  return {
    ...sig,
    id: `${sig.id}.in-text`,
    strength: 'family',
    certainty: Math.min(sig.certainty, TOKEN_CERTAINTY),
  };
}

/** The first token grammar (library order) that one of the value's tokens matches. */
export function matchTokens(grammars: readonly Signature[], ev: Evidence): SignatureMatch | undefined {
  if (grammars.length === 0 || !TEXT_FIELDS.has(ev.field)) return undefined;
  const tokens = tokensOf(ev.value);
  for (const signature of grammars) {
    for (const token of tokens) {
      const m = signature.pattern.exec(token);
      if (!m) continue;
      const captured: SignatureMatch['captured'] = {};
      for (const [group, name] of Object.entries(signature.captures)) {
        const v = m[Number(group)];
        if (v && name) captured[name] = v.trim();
      }
      return { signature, evidence: ev, captured };
    }
  }
  return undefined;
}
