/**
 * @module engine/match
 * Matches evidence against the signature library. Within a field the first signature that
 * matches wins (file order, then position), as in recog; the self-test guarantees no earlier
 * signature shadows a later one's examples.
 */
import type { Evidence, EvidenceField } from '../evidence/types.js';
import type { SignatureLibrary } from './load.js';
import type { CaptureName, Signature, SignatureMatch } from './types.js';

export function matchValue(
  lib: Pick<SignatureLibrary, 'byField'>,
  field: EvidenceField,
  value: string,
): { signature: Signature; captured: Partial<Record<CaptureName, string>> } | undefined {
  for (const signature of lib.byField.get(field) ?? []) {
    const m = signature.pattern.exec(value);
    if (!m) continue;
    const captured: Partial<Record<CaptureName, string>> = {};
    for (const [group, name] of Object.entries(signature.captures)) {
      const v = m[Number(group)];
      if (v && name) captured[name] = v.trim();
    }
    return { signature, captured };
  }
  return undefined;
}

export function matchEvidence(
  lib: Pick<SignatureLibrary, 'byField' | 'oui'>,
  evidence: readonly Evidence[],
): SignatureMatch[] {
  const out: SignatureMatch[] = [];
  for (const ev of evidence) {
    if (ev.field === 'mac.address') {
      const oui = lib.oui.lookup(ev.value);
      if (oui) out.push({ signature: oui.signature, evidence: ev, captured: {} });
      continue;
    }
    const hit = matchValue(lib, ev.field, ev.value);
    if (hit) out.push({ signature: hit.signature, evidence: ev, captured: hit.captured });
  }
  return out;
}
