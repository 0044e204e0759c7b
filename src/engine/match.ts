/**
 * @module engine/match
 * Matches evidence against the signature library. Within a field the first signature that
 * matches wins (file order, then position), as in recog; the self-test guarantees no earlier
 * signature shadows a later one's examples. Identity fields read over a vendor API (`device.*`)
 * state the same model, firmware and serial strings as ONVIF GetDeviceInformation, so after
 * their own signatures they are matched against the ONVIF grammars; an HTTP Server header is
 * likewise matched against the SSDP SERVER grammars after its own, and ONVIF's `hardware`
 * discovery scope against the model grammars.
 */
import { normaliseMac } from '../evidence/mac.js';
import { onvifScopeValue } from '../evidence/onvif-scope.js';
import type { Evidence, EvidenceField } from '../evidence/types.js';
import { FIELDS } from '../probes/registry.js';
import type { SignatureLibrary } from './load.js';
import { matchTokens } from './tokens.js';
import type { CaptureName, Signature, SignatureMatch } from './types.js';

/** Fields that state the same strings as another field's grammar (the descriptors' `grammarOf`). */
const SHARED_GRAMMAR: ReadonlyMap<EvidenceField, EvidenceField> = FIELDS.grammarOf;

/** The signatures matched against a field: its own, then the shared grammar it reuses. */
export function signaturesFor(lib: Pick<SignatureLibrary, 'byField'>, field: EvidenceField): Signature[] {
  const shared = SHARED_GRAMMAR.get(field);
  return [...(lib.byField.get(field) ?? []), ...(shared ? (lib.byField.get(shared) ?? []) : [])];
}

export function matchValue(
  lib: Pick<SignatureLibrary, 'byField'>,
  field: EvidenceField,
  value: string,
  patternOf: (s: Signature) => RegExp = (s) => s.pattern,
): { signature: Signature; captured: Partial<Record<CaptureName, string>> } | undefined {
  for (const signature of signaturesFor(lib, field)) {
    const m = patternOf(signature).exec(value);
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

/**
 * Each item's field signatures first; an item of a free-text field that no maker signature
 * claimed is then searched for identity tokens of the vendors' grammars.
 */
export function matchEvidence(
  lib: Pick<SignatureLibrary, 'byField' | 'oui' | 'tokenGrammars' | 'vocabulary'>,
  evidence: readonly Evidence[],
): SignatureMatch[] {
  const out: SignatureMatch[] = [];
  for (const ev of evidence) {
    if (ev.field === 'mac.address') {
      const oui = lib.oui.lookup(ev.value);
      if (oui) out.push({ signature: oui.signature, evidence: ev, captured: {} });
      continue;
    }
    const own = matchValue(lib, ev.field, ev.value);
    const hit = own?.signature.vendor
      ? own
      : (hardwareScopeModel(lib, ev) ??
        own ??
        (statesModel(ev.field)
          ? (brandPrefixedModel(lib, ev.value) ?? anyCaseModel(lib, ev.field, ev.value))
          : undefined));
    if (hit) out.push({ signature: hit.signature, evidence: ev, captured: hit.captured });
    if (hit?.signature.vendor) continue;
    const token = matchTokens(lib.tokenGrammars, ev);
    if (token) out.push(token);
  }
  return out;
}

/**
 * ONVIF's `hardware` scope states the device's model (ONVIF Core Specification, "Scopes"), the
 * same string GetDeviceInformation's Model gives: when no scope signature named a maker, the
 * decoded value is matched with the model grammars (`onvif.model`), so every vendor's model
 * grammar reaches discovery without a scope signature of its own.
 */
function hardwareScopeModel(lib: Pick<SignatureLibrary, 'byField' | 'vocabulary'>, ev: Evidence) {
  if (ev.field !== 'wsd.scope') return undefined;
  const model = onvifScopeValue(ev.value, 'hardware');
  const hit = model ? (matchValue(lib, 'onvif.model', model) ?? brandPrefixedModel(lib, model)) : undefined;
  return hit?.signature.vendor ? hit : undefined;
}

/**
 * A model value that leads with a maker's or badge's name ("HIKVISION DS-2CD2143G0-I",
 * `Dahua_IPC-HDW5831R-ZE`), as some firmware and web UIs write it and as WS-Discovery's name scope
 * does, is read without that word by the model grammars when nothing matched the whole value.
 * The word is not taken as a claim here (the manufacturer fields make claims), and a value that
 * is only a name has no model to read; a maker's name before another maker's model is left alone.
 */
function brandPrefixedModel(
  lib: Pick<SignatureLibrary, 'byField' | 'vocabulary'>,
  value: string,
  read: (rest: string) => ReturnType<typeof matchValue> = (rest) => matchValue(lib, 'onvif.model', rest),
) {
  const lead = lib.vocabulary.leadingBrand(value);
  if (!lead) return undefined;
  const rest = value
    .trimStart()
    .slice(lead.name.length)
    .replace(/^[\s_:/-]+/, '');
  const hit = rest ? read(rest) : undefined;
  // A maker's name before another maker's model contradicts itself; a badge's name may lead any.
  const named = lib.vocabulary.vendors.has(lead.entry.company) ? lead.entry.company : undefined;
  return hit && (!named || !hit.signature.vendor || hit.signature.vendor === named) ? hit : undefined;
}

/**
 * Makers print their model numbers in one case; an owner, a shop or a URL may write the same number
 * in another (`ip8m-t2499ew-28mm`, `MX-M16B`). A model value that nothing matched is read once more
 * with the model grammars ignoring case (with a leading name, as above); only a reading that names
 * a maker or badge counts.
 */
function anyCaseModel(
  lib: Pick<SignatureLibrary, 'byField' | 'vocabulary'>,
  field: EvidenceField,
  value: string,
) {
  const hit =
    matchValue(lib, field, value, caseless) ??
    brandPrefixedModel(lib, value, (rest) => matchValue(lib, 'onvif.model', rest, caseless));
  return hit?.signature.vendor || hit?.signature.brand ? hit : undefined;
}

const CASELESS = new WeakMap<Signature, RegExp>();
/** A signature's pattern ignoring case, compiled once. */
function caseless(s: Signature): RegExp {
  let re = CASELESS.get(s);
  if (!re) {
    re = s.pattern.flags.includes('i') ? s.pattern : new RegExp(s.pattern.source, `${s.pattern.flags}i`);
    CASELESS.set(s, re);
  }
  return re;
}

/** Whether a field states a model in the ONVIF model grammar (its own, or shared by a vendor API). */
const statesModel = (field: EvidenceField) =>
  field === 'onvif.model' || SHARED_GRAMMAR.get(field) === 'onvif.model';

/** The field a captured value is read as: the vendor-API field whose grammar states that kind of value. */
const CAPTURED_AS: Partial<Record<CaptureName, EvidenceField>> = {
  mac: 'mac.address',
  model: 'device.model',
  firmware: 'device.firmware',
  serial: 'device.serial',
  hardware: 'device.hardware',
};

/**
 * Identity values that signatures captured from other fields, as items of their own kind from
 * the same observation: the MAC in Axis' `AXIS_<MAC>` realm or a bare-MAC RTSP realm weighed by
 * the OUI table, the serial in Dahua's `Login to <serial>` realm or the model in a title read by
 * the serial and model grammars (an `AMC…` serial names the Amcrest badge the realm does not).
 * Each item carries `derivedFrom`, so the verdict counts it as the observation it came from,
 * never as a second signal. A value the host already stated in that field, a value captured
 * twice, and a capture by a signature of that grammar itself (an in-text model token, whose
 * weight is capped on purpose) are not repeated.
 */
export function capturedIdentity(
  matches: readonly SignatureMatch[],
  evidence: readonly Evidence[],
): Evidence[] {
  const keyOf = (field: EvidenceField, value: string) =>
    `${field}\u0000${field === 'mac.address' ? normaliseMac(value) : value.toLowerCase()}`;
  const seen = new Set(evidence.map((e) => keyOf(e.field, e.value)));
  const out: Evidence[] = [];
  for (const m of matches) {
    if (m.evidence.derivedFrom) continue;
    for (const [name, raw] of Object.entries(m.captured) as [CaptureName, string][]) {
      const field = CAPTURED_AS[name];
      const value = field === 'mac.address' ? normaliseMac(raw) : raw;
      if (!field || !value || sameGrammar(m.signature.field, field)) continue;
      const key = keyOf(field, value);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        ...m.evidence,
        field,
        value,
        request: `${m.signature.id} read it from ${m.evidence.field}`,
        derivedFrom: { field: m.evidence.field, value: m.evidence.value },
      });
    }
  }
  return out;
}

/** Whether a signature of `field` is already `target`'s grammar (a model grammar capturing a model). */
const sameGrammar = (field: EvidenceField, target: EvidenceField) =>
  (SHARED_GRAMMAR.get(field) ?? field) === (SHARED_GRAMMAR.get(target) ?? target);
