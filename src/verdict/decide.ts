/**
 * @module verdict/decide
 * Fuses signature matches into one verdict per device: who claims to have made it (brand),
 * who really built it (oem, with a confidence), what it is, and its identity fields.
 *
 * Scoring: each distinct oem/family signature hit adds its certainty to its vendor as an
 * independent signal (1 - Π(1 - c)); a vendor's own brand claim adds 0.6; a rebrand badge
 * with publicly reported OEMs adds only a 0.25 hint, which counts as a second signal only when
 * the badge has one documented maker; a hint field's hit (an open port's number) counts as none. Competing vendors dilute the winner
 * (confidence = top × top / Σ), and nothing below 0.5 is established; a vendor needs one
 * oem-strength hit or two independent signals. Independent means different observations: hits
 * on one evidence item, or of one signature, count once. Short of that, a maker at least twice
 * as likely as any other, on a stack signature or its own name (never a rebrand badge alone), is named as `probable` with a lower confidence.
 *
 * Authority: when answers the device gave over an authenticated session (ONVIF
 * GetDeviceInformation with a UsernameToken, ISAPI deviceInfo, Dahua magicBox, Uniview LAPI,
 * XiongMai DVRIP SystemInfo) name a maker,
 * the OEM is decided from those alone; the unauthenticated inference is kept beside it and
 * the basis says whether the two agree.
 */

import type { CaptureName, DeviceType, SignatureMatch } from '../engine/types.js';
import type { BrandEntry, Vocabulary } from '../engine/vocabulary.js';
import { onvifScopeValue } from '../evidence/onvif-scope.js';
import type { Evidence, EvidenceField } from '../evidence/types.js';
import type { FieldCatalog } from '../probes/catalog.js';
import { FIELDS } from '../probes/registry.js';
import type { Oem } from '../report/types.js';

export const DECISION_THRESHOLD = 0.5;
const OWN_BRAND_CERTAINTY = 0.6;
const REBRAND_HINT_CERTAINTY = 0.25;

export interface Verdict {
  oem: Oem;
  brand: string | null;
  brandClaimed: string | null;
  model: string | null;
  firmware: string | null;
  serial: string | null;
  type: DeviceType;
}

/**
 * `fields` says which evidence fields state the model, firmware, serial and badge, and how far
 * each is believed: derived from the probe descriptors (src/probes/registry.ts).
 */
export function decide(
  evidence: readonly Evidence[],
  matches: readonly SignatureMatch[],
  vocab: Vocabulary,
  fields: FieldCatalog = FIELDS,
): Verdict {
  const brandClaim = claimedBrand(evidence, matches, vocab, fields);
  const oem = decideWithAuthority(matches, brandClaim, vocab, fields.hints);
  const brandCompany = brandClaim?.entry.company;
  oem.rebranded = Boolean(oem.vendor && brandCompany && brandCompany !== oem.vendor);
  return {
    oem,
    brand: brandClaim?.entry.name ?? null,
    brandClaimed: brandClaim?.raw ?? null,
    model:
      identity(evidence, matches, fields.model.stated, 'model') ??
      scope(evidence, 'hardware') ??
      stated(evidence, fields.model.fallback) ??
      null,
    firmware:
      identity(evidence, matches, fields.firmware.stated, 'firmware') ??
      stated(evidence, fields.firmware.fallback) ??
      null,
    serial:
      identity(evidence, matches, fields.serial.stated, 'serial') ??
      stated(evidence, fields.serial.fallback) ??
      null,
    type: deviceType(evidence, matches, oem.vendor, fields.video),
  };
}

const namesMaker = (m: SignatureMatch) =>
  Boolean(m.signature.vendor) && (m.signature.strength === 'oem' || m.signature.strength === 'family');

function decideWithAuthority(
  matches: readonly SignatureMatch[],
  brand: BrandClaim | undefined,
  vocab: Vocabulary,
  hints: ReadonlySet<EvidenceField>,
): Oem {
  const authed = matches.filter((m) => m.evidence.authenticated);
  const fromDevice = authed.some(namesMaker) ? decideOem(authed, brand, vocab, hints) : undefined;
  if (!fromDevice?.vendor) return decideOem(matches, brand, vocab, hints);
  // What the device shows without a login: a badge read over the login is not part of it.
  const inferred = decideOem(
    matches.filter((m) => !m.evidence.authenticated),
    brand?.evidence?.authenticated ? undefined : brand,
    vocab,
    hints,
  );
  const versus = !inferred.vendor
    ? 'the unauthenticated evidence alone named no maker'
    : inferred.vendor === fromDevice.vendor
      ? 'the unauthenticated inference agrees'
      : `this outranks the unauthenticated inference (${inferred.vendor} at ${inferred.confidence})`;
  return {
    ...fromDevice,
    basis: `authenticated device answers: ${fromDevice.basis}; ${versus}`,
    authenticated: true,
    unauthenticated: { vendor: inferred.vendor, confidence: inferred.confidence, basis: inferred.basis },
  };
}

/**
 * One independent signal per observation: hits on the same evidence item (a field signature and
 * an in-text grammar token, or a signature and the own-brand claim read from the same ONVIF
 * Manufacturer) are one signal, and so are several hits of one signature (the same banner on
 * two ports or paths). Both keys are joined so neither counts twice. A value a signature
 * captured from another item (`derivedFrom`) is that item's observation.
 */
function observationKey(e: Evidence): string {
  const from = e.derivedFrom ?? e;
  return `${from.field}\u0000${from.value}`;
}

interface Signal {
  signature: string;
  observation: string;
  certainty: number;
  /**
   * A stack signature, or the device naming the maker itself (its own brand); a rebrand badge's
   * reported OEM is only a hint and never names a maker alone.
   */
  direct: boolean;
  /** Read from a hint field (an open port's number): it may make a maker probable, never count as a signal. */
  hint: boolean;
}

/** Collapses signals sharing a signature or an observation into groups; each group counts once at its best certainty. */
function independent(signals: readonly Signal[]): Signal[] {
  const groups: { sigs: Set<string>; obs: Set<string>; best: Signal }[] = [];
  for (const s of signals) {
    const joined = groups.filter((g) => g.sigs.has(s.signature) || g.obs.has(s.observation));
    const merged = {
      sigs: new Set([s.signature, ...joined.flatMap((g) => [...g.sigs])]),
      obs: new Set([s.observation, ...joined.flatMap((g) => [...g.obs])]),
      best: [s, ...joined.map((g) => g.best)].reduce((a, b) => (b.certainty > a.certainty ? b : a)),
    };
    const members = [s, ...joined.map((g) => g.best)];
    merged.best = {
      ...merged.best,
      direct: members.some((x) => x.direct),
      hint: members.every((x) => x.hint),
    };
    for (const g of joined) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  return groups.map((g) => g.best);
}

/** Below this a lone signal names nobody, even as "probable". */
const PROBABLE_MIN_SCORE = 0.4;
/** A probable call stays below every established one. */
const PROBABLE_MAX_CONFIDENCE = 0.49;

function decideOem(
  matches: readonly SignatureMatch[],
  brand: BrandClaim | undefined,
  vocab: Vocabulary,
  hints: ReadonlySet<EvidenceField>,
): Oem {
  const signals = new Map<string, Signal[]>();
  const strong = new Set<string>();
  const add = (vendor: string, s: Signal) => signals.set(vendor, [...(signals.get(vendor) ?? []), s]);
  for (const m of matches) {
    const { signature } = m;
    if (namesMaker(m) && signature.vendor) {
      add(signature.vendor, {
        signature: signature.id,
        observation: observationKey(m.evidence),
        certainty: signature.certainty,
        direct: true,
        hint: hints.has(m.evidence.field),
      });
      if (signature.strength === 'oem' && !hints.has(m.evidence.field)) strong.add(signature.vendor);
    }
  }
  const entry = brand?.entry;
  if (brand && entry) {
    const observation = brand.evidence ? observationKey(brand.evidence) : `brand:${entry.name}`;
    if (vocab.vendors.has(entry.company))
      add(entry.company, {
        signature: `brand:${entry.name}`,
        observation,
        certainty: OWN_BRAND_CERTAINTY,
        direct: true,
        hint: false,
      });
    else
      for (const oem of entry.knownOems)
        add(oem, {
          signature: `brand-hint:${entry.name}`,
          observation,
          certainty: REBRAND_HINT_CERTAINTY,
          direct: false,
          hint: false,
        });
  }
  // A badge sold with several makers' builds (Honeywell) adds weight to each but corroborates none.
  const counts = (s: Signal) =>
    !s.hint && (!s.signature.startsWith('brand-hint:') || entry?.knownOems.length === 1);
  const scored = [...signals].map(([vendor, all]) => {
    const sigs = independent(all);
    return {
      vendor,
      score: 1 - sigs.reduce((p, s) => p * (1 - s.certainty), 1),
      count: sigs.filter(counts).length,
      direct: sigs.some((s) => s.direct),
    };
  });
  scored.sort((a, b) => b.score - a.score || a.vendor.localeCompare(b.vendor));
  const total = scored.reduce((s, v) => s + v.score, 0);
  const top = scored[0];
  const alternatives = scored.slice(1).map(({ vendor, score }) => ({ vendor, score: round(score) }));
  if (!top)
    return {
      vendor: null,
      confidence: 0,
      rebranded: false,
      basis: 'no vendor-specific evidence',
      alternatives,
    };
  const confidence = round(top.score * (top.score / total));
  const signals$ = `${top.count} independent signal${top.count === 1 ? '' : 's'}`;
  if (confidence >= DECISION_THRESHOLD && (strong.has(top.vendor) || top.count >= 2)) {
    return {
      vendor: top.vendor,
      confidence,
      rebranded: false,
      basis: `${signals$} for ${top.vendor}`,
      alternatives,
    };
  }
  // One maker clearly ahead (at least twice any other), resting on a stack signature or the
  // device naming that maker, not on a rebrand badge: named, but as probable and below every
  // established confidence.
  const runnerUp = scored[1]?.score ?? 0;
  // Compared as reported (two decimals), so 1 - (1 - 0.3) is not taken for more than 0.3.
  if (top.direct && round(top.score) >= PROBABLE_MIN_SCORE && round(runnerUp) * 2 <= round(top.score)) {
    return {
      vendor: top.vendor,
      confidence: Math.min(confidence, PROBABLE_MAX_CONFIDENCE),
      rebranded: false,
      probable: true,
      basis: `probable: ${signals$} for ${top.vendor}${runnerUp > 0 ? `, well ahead of ${scored[1]?.vendor}` : ', nothing points elsewhere'}`,
      alternatives,
    };
  }
  return {
    vendor: null,
    confidence,
    rebranded: false,
    basis: `evidence too weak or conflicting (best: ${top.vendor} at ${round(top.score)})`,
    alternatives: scored.map(({ vendor, score }) => ({ vendor, score: round(score) })),
  };
}

interface BrandClaim {
  raw: string;
  entry: BrandEntry;
  /** The item the claim was read from; a signature hit on the same item is the same observation. */
  evidence?: Evidence;
}

/** The badge: ONVIF (or UPnP) Manufacturer first, then a signature naming a brand, then the WS-Discovery name scope. */
function claimedBrand(
  evidence: readonly Evidence[],
  matches: readonly SignatureMatch[],
  vocab: Vocabulary,
  { brandClaim: claimFields, selfNaming }: Pick<FieldCatalog, 'brandClaim' | 'selfNaming'>,
): BrandClaim | undefined {
  // The fields the descriptors mark as a brand claim, in their order: ONVIF's answer first, then the
  // vendor API's; the UPnP description's manufacturer is the same claim, seen without credentials.
  // A placeholder (`General`, `ONVIF`, `--`: a class signature on that value) claims no badge.
  const placeholder = (e: Evidence) =>
    matches.some(
      (m) => m.signature.strength === 'class' && m.evidence.field === e.field && m.evidence.value === e.value,
    );
  const claim = claimFields
    .map((f) => evidence.find((e) => e.field === f && e.value && !placeholder(e)))
    .find(Boolean);
  const manufacturer = claim?.value;
  if (claim && manufacturer) {
    const entry = vocab.resolveBrand(manufacturer);
    if (entry) return { raw: manufacturer, entry, evidence: claim };
  }
  for (const m of matches) {
    // A signature may name the badge whatever its strength (`Interlogix-Webs` names both).
    const name = m.signature.brand ?? m.captured.brand;
    const entry = name ? (vocab.brands.get(name) ?? vocab.resolveBrand(name)) : undefined;
    if (entry) return { raw: m.captured.brand ?? m.evidence.value, entry, evidence: m.evidence };
  }
  const name = scope(evidence, 'name');
  const entry = name ? vocab.resolveBrand(name.split(/[\s_-]/)[0] ?? '') : undefined;
  if (name && entry) return { raw: name, entry, ...optional(scopeItem(evidence, 'name')) };
  const named = selfNamed(evidence, vocab, selfNaming);
  if (named) return named;
  if (claim && manufacturer)
    return {
      evidence: claim,
      raw: manufacturer,
      entry: { name: manufacturer, company: manufacturer, aliases: [], knownOems: [], source: 'device' },
    };
  return undefined;
}

/** ONVIF's own scope keys; any other first segment is a vendor's namespace. */
const ONVIF_SCOPE_KEYS = new Set([
  'type',
  'name',
  'location',
  'hardware',
  'profile',
  'extension',
  'mac',
  'key',
]);

/**
 * A brand named at the start of a self-naming value, as a whole word. The fields are the
 * descriptors' `selfNaming` role, in their order: the realm a device asks a login for, its
 * server's name, its certificate's organisation or name, a scope namespace of its own
 * (`onvif://www.onvif.org/avigilon/…`), its web page's title.
 */
function selfNamed(
  evidence: readonly Evidence[],
  vocab: Vocabulary,
  fields: readonly EvidenceField[],
): BrandClaim | undefined {
  for (const field of fields)
    for (const e of evidence.filter((x) => x.field === field)) {
      const texts =
        field === 'wsd.scope'
          ? [/^onvif:\/\/www\.onvif\.org\/([^/]+)\//i.exec(e.value)?.[1] ?? ''].filter(
              (seg) => !ONVIF_SCOPE_KEYS.has(seg.toLowerCase()),
            )
          : field.startsWith('tls.')
            ? // A value runs to the next attribute, so a legal name keeps its ", Ltd." (`Co.,Ltd.`).
              [...e.value.matchAll(/(?:^|,)\s*(?:O|CN)=(.+?)(?=,\s*[A-Za-z][\w.]*=|$)/g)].map(
                (m) => m[1] ?? '',
              )
            : [e.value];
      for (const text of texts) {
        const hit = vocab.leadingBrand(text);
        if (hit) return { raw: hit.name, entry: hit.entry, evidence: e };
      }
    }
  return undefined;
}

/** Value of an ONVIF scope such as `onvif://www.onvif.org/hardware/DS-2CD2143G0-I`, URL-decoded. */
export function scope(evidence: readonly Evidence[], key: string): string | undefined {
  const hit = scopeItem(evidence, key);
  return hit ? onvifScopeValue(hit.value, key) : undefined;
}

// Identity fields a device states outright, most authoritative first (an authenticated vendor
// API, ONVIF, then the vendor discovery protocols, then UPnP: the descriptors' ranks); a value a
// signature captured is the fallback, and after it the fields ranked to come after the captures
// (UPnP's modelName often carries the maker's name: "AXIS M1065-LW").

function identity(
  evidence: readonly Evidence[],
  matches: readonly SignatureMatch[],
  fields: readonly Evidence['field'][],
  capture: CaptureName,
): string | undefined {
  return stated(evidence, fields) ?? matches.find((m) => m.captured[capture])?.captured[capture];
}

/**
 * An authenticated statement wins; otherwise the device's own identity fields in the order given.
 * A value a signature read out of another item is not a statement of its own (the capture it
 * came from is read after the statements, in `identity`).
 */
function stated(evidence: readonly Evidence[], fields: readonly Evidence['field'][]): string | undefined {
  const said = fields.flatMap((f) => evidence.filter((e) => e.field === f && e.value && !e.derivedFrom));
  return (said.find((e) => e.authenticated) ?? said[0])?.value;
}

const RECORDER_TYPES: readonly DeviceType[] = ['nvr', 'dvr'];

function deviceType(
  evidence: readonly Evidence[],
  matches: readonly SignatureMatch[],
  vendor: string | null,
  videoFields: ReadonlySet<EvidenceField>,
): DeviceType {
  const typed = matches.map((m) => m.signature.deviceType).filter((t): t is DeviceType => Boolean(t));
  // A recorder's pages also carry camera-family markers; the more specific answer wins.
  const recorder = typed.find((t) => RECORDER_TYPES.includes(t));
  if (recorder) return recorder;
  const specific = typed.find((t) => t !== 'other');
  if (specific) return specific;
  const video =
    evidence.some((e) => videoFields.has(e.field)) ||
    evidence.some((e) => e.field === 'wsd.types' && /NetworkVideoTransmitter/i.test(e.value));
  if (video) return 'camera';
  if (typed.length > 0) return typed[0] as DeviceType;
  return vendor ? 'camera' : 'unknown';
}

function scopeItem(evidence: readonly Evidence[], key: string): Evidence | undefined {
  return evidence.find((e) => e.field === 'wsd.scope' && onvifScopeValue(e.value, key) !== undefined);
}

const optional = (evidence: Evidence | undefined) => (evidence ? { evidence } : {});

const round = (n: number) => Math.round(n * 100) / 100;
