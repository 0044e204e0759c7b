/**
 * @module verdict/decide
 * Fuses signature matches into one verdict per device: who claims to have made it (brand),
 * who really built it (oem, with a confidence), what it is, and its identity fields.
 *
 * Scoring: each distinct oem/family signature hit adds its certainty to its vendor as an
 * independent signal (1 - Π(1 - c)); a vendor's own brand claim adds 0.6; a rebrand badge
 * with publicly reported OEMs adds only a 0.25 hint, which counts as a second signal only when
 * the badge has one documented maker. Competing vendors dilute the winner
 * (confidence = top × top / Σ), and nothing below 0.5 is called; a vendor needs one
 * oem-strength hit or two independent signals.
 *
 * Authority: when answers the device gave over an authenticated session (ONVIF
 * GetDeviceInformation with a UsernameToken, ISAPI deviceInfo, Dahua magicBox, Uniview LAPI,
 * XiongMai DVRIP SystemInfo) name a maker,
 * the OEM is decided from those alone; the unauthenticated inference is kept beside it and
 * the basis says whether the two agree.
 */

import type { CaptureName, DeviceType, SignatureMatch } from '../engine/types.js';
import type { BrandEntry, Vocabulary } from '../engine/vocabulary.js';
import type { Evidence } from '../evidence/types.js';
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

export function decide(
  evidence: readonly Evidence[],
  matches: readonly SignatureMatch[],
  vocab: Vocabulary,
): Verdict {
  const brandClaim = claimedBrand(evidence, matches, vocab);
  const oem = decideWithAuthority(matches, brandClaim?.entry, vocab);
  const brandCompany = brandClaim?.entry.company;
  oem.rebranded = Boolean(oem.vendor && brandCompany && brandCompany !== oem.vendor);
  return {
    oem,
    brand: brandClaim?.entry.name ?? null,
    brandClaimed: brandClaim?.raw ?? null,
    model:
      identity(evidence, matches, MODEL_FIELDS, 'model') ??
      scope(evidence, 'hardware') ??
      stated(evidence, ['upnp.model-name']) ??
      null,
    firmware: identity(evidence, matches, FIRMWARE_FIELDS, 'firmware') ?? null,
    serial: identity(evidence, matches, SERIAL_FIELDS, 'serial') ?? null,
    type: deviceType(evidence, matches, oem.vendor),
  };
}

const namesMaker = (m: SignatureMatch) =>
  Boolean(m.signature.vendor) && (m.signature.strength === 'oem' || m.signature.strength === 'family');

function decideWithAuthority(
  matches: readonly SignatureMatch[],
  brand: BrandEntry | undefined,
  vocab: Vocabulary,
): Oem {
  const authed = matches.filter((m) => m.evidence.authenticated);
  const fromDevice = authed.some(namesMaker) ? decideOem(authed, brand, vocab) : undefined;
  if (!fromDevice?.vendor) return decideOem(matches, brand, vocab);
  const inferred = decideOem(
    matches.filter((m) => !m.evidence.authenticated),
    brand,
    vocab,
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

function decideOem(
  matches: readonly SignatureMatch[],
  brand: BrandEntry | undefined,
  vocab: Vocabulary,
): Oem {
  const signals = new Map<string, Map<string, number>>();
  const strong = new Set<string>();
  const add = (vendor: string, key: string, certainty: number) => {
    const m = signals.get(vendor) ?? new Map<string, number>();
    m.set(key, Math.max(m.get(key) ?? 0, certainty));
    signals.set(vendor, m);
  };
  for (const m of matches) {
    const { signature } = m;
    if (namesMaker(m) && signature.vendor) {
      add(signature.vendor, signature.id, signature.certainty);
      if (signature.strength === 'oem') strong.add(signature.vendor);
    }
  }
  if (brand) {
    if (vocab.vendors.has(brand.company)) add(brand.company, `brand:${brand.name}`, OWN_BRAND_CERTAINTY);
    else for (const oem of brand.knownOems) add(oem, `brand-hint:${brand.name}`, REBRAND_HINT_CERTAINTY);
  }
  // A badge sold with several makers' builds (Honeywell) adds weight to each but corroborates none.
  const counts = (key: string) => !key.startsWith('brand-hint:') || brand?.knownOems.length === 1;
  const scored = [...signals].map(([vendor, sigs]) => ({
    vendor,
    score: 1 - [...sigs.values()].reduce((p, c) => p * (1 - c), 1),
    count: [...sigs.keys()].filter(counts).length,
  }));
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
  // A lone family-strength hit points at a maker but does not name it.
  if (confidence < DECISION_THRESHOLD || (!strong.has(top.vendor) && top.count < 2)) {
    return {
      vendor: null,
      confidence,
      rebranded: false,
      basis: `evidence too weak or conflicting (best: ${top.vendor} at ${round(top.score)})`,
      alternatives: scored.map(({ vendor, score }) => ({ vendor, score: round(score) })),
    };
  }
  return {
    vendor: top.vendor,
    confidence,
    rebranded: false,
    basis: `${top.count} independent signal${top.count === 1 ? '' : 's'} for ${top.vendor}`,
    alternatives,
  };
}

/** The badge: ONVIF (or UPnP) Manufacturer first, then a signature naming a brand, then the WS-Discovery name scope. */
function claimedBrand(evidence: readonly Evidence[], matches: readonly SignatureMatch[], vocab: Vocabulary) {
  // ONVIF's answer first, then the vendor API's; the UPnP description's manufacturer is the same claim, seen without credentials.
  // A placeholder (`General`, `ONVIF`, `--`: a class signature on that value) claims no badge.
  const placeholder = (e: Evidence) =>
    matches.some(
      (m) => m.signature.strength === 'class' && m.evidence.field === e.field && m.evidence.value === e.value,
    );
  const manufacturer = ['onvif.manufacturer', 'device.manufacturer', 'upnp.manufacturer']
    .map((f) => evidence.find((e) => e.field === f && !placeholder(e))?.value)
    .find(Boolean);
  if (manufacturer) {
    const entry = vocab.resolveBrand(manufacturer);
    if (entry) return { raw: manufacturer, entry };
  }
  for (const m of matches) {
    // A signature may name the badge whatever its strength (`Interlogix-Webs` names both).
    const name = m.signature.brand ?? m.captured.brand;
    const entry = name ? (vocab.brands.get(name) ?? vocab.resolveBrand(name)) : undefined;
    if (entry) return { raw: m.captured.brand ?? m.evidence.value, entry };
  }
  const name = scope(evidence, 'name');
  const entry = name ? vocab.resolveBrand(name.split(/[\s_-]/)[0] ?? '') : undefined;
  if (name && entry) return { raw: name, entry };
  if (manufacturer)
    return {
      raw: manufacturer,
      entry: { name: manufacturer, company: manufacturer, aliases: [], knownOems: [], source: 'device' },
    };
  return undefined;
}

/** Value of an ONVIF scope such as `onvif://www.onvif.org/hardware/DS-2CD2143G0-I`, URL-decoded. */
export function scope(evidence: readonly Evidence[], key: string): string | undefined {
  const prefix = `onvif://www.onvif.org/${key}/`;
  const hit = evidence.find(
    (e) => e.field === 'wsd.scope' && e.value.toLowerCase().startsWith(prefix.toLowerCase()),
  );
  if (!hit) return undefined;
  try {
    return decodeURIComponent(hit.value.slice(prefix.length)).trim() || undefined;
  } catch {
    return hit.value.slice(prefix.length);
  }
}

// Identity fields a device states outright, most authoritative first (an authenticated vendor API, ONVIF, then the vendor
// discovery protocols, then UPnP); a value a signature captured is the fallback. UPnP's
// modelName comes after the captures: it often carries the maker's name ("AXIS M1065-LW").
const MODEL_FIELDS: readonly Evidence['field'][] = [
  'device.model',
  'onvif.model',
  'sadp.model',
  'dhip.device-type',
];
const FIRMWARE_FIELDS: readonly Evidence['field'][] = [
  'device.firmware',
  'onvif.firmware',
  'sadp.firmware',
  'dhip.firmware',
];
const SERIAL_FIELDS: readonly Evidence['field'][] = [
  'device.serial',
  'onvif.serial',
  'sadp.serial',
  'dhip.serial',
  'upnp.serial',
];

function identity(
  evidence: readonly Evidence[],
  matches: readonly SignatureMatch[],
  fields: readonly Evidence['field'][],
  capture: CaptureName,
): string | undefined {
  return stated(evidence, fields) ?? matches.find((m) => m.captured[capture])?.captured[capture];
}

/** An authenticated statement wins; otherwise the device's own identity fields in the order given. */
function stated(evidence: readonly Evidence[], fields: readonly Evidence['field'][]): string | undefined {
  const said = fields.flatMap((f) => evidence.filter((e) => e.field === f && e.value));
  return (said.find((e) => e.authenticated) ?? said[0])?.value;
}

const RECORDER_TYPES: readonly DeviceType[] = ['nvr', 'dvr'];

function deviceType(
  evidence: readonly Evidence[],
  matches: readonly SignatureMatch[],
  vendor: string | null,
): DeviceType {
  const typed = matches.map((m) => m.signature.deviceType).filter((t): t is DeviceType => Boolean(t));
  // A recorder's pages also carry camera-family markers; the more specific answer wins.
  const recorder = typed.find((t) => RECORDER_TYPES.includes(t));
  if (recorder) return recorder;
  const specific = typed.find((t) => t !== 'other');
  if (specific) return specific;
  const video =
    evidence.some((e) => e.field.startsWith('onvif.') || e.field.startsWith('rtsp.')) ||
    evidence.some((e) => e.field === 'wsd.types' && /NetworkVideoTransmitter/i.test(e.value));
  if (video) return 'camera';
  if (typed.length > 0) return typed[0] as DeviceType;
  return vendor ? 'camera' : 'unknown';
}

const round = (n: number) => Math.round(n * 100) / 100;
