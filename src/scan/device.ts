/**
 * @module scan/device
 * Turns one host's evidence into a report device: engine matches, verdict, policy flags,
 * and the evidence chain as the report shows it.
 */
import type { SignatureLibrary } from '../engine/load.js';
import { capturedIdentity, matchEvidence } from '../engine/match.js';
import type { SignatureMatch } from '../engine/types.js';
import { normaliseMac } from '../evidence/mac.js';
import type { Evidence } from '../evidence/types.js';
import { evaluate } from '../policy/evaluate.js';
import type { PolicyPack } from '../policy/load.js';
import type { ChannelCamera } from '../probes/types.js';
import type { Device, ReportEvidence } from '../report/types.js';
import { decide } from '../verdict/decide.js';
import type { HostResult } from './host.js';

const EXCERPT = 80;

/** The host's MAC (`aa:bb:cc:dd:ee:ff`) from any probe that saw one, or null. */
function macOf(evidence: readonly Evidence[]): string | null {
  for (const e of evidence) {
    const mac = e.field === 'mac.address' ? normaliseMac(e.value) : undefined;
    if (mac) return mac;
  }
  return null;
}

/** Signature matches and the verdict for one device's evidence, plus the identity values signatures read out of it. */
export function fingerprint(observedEvidence: readonly Evidence[], lib: SignatureLibrary) {
  const observed = matchEvidence(lib, observedEvidence);
  // Observed MACs come first, so macOf prefers them to one a signature read out of a realm.
  const derived = capturedIdentity(observed, observedEvidence);
  const evidence = [...observedEvidence, ...derived];
  const matches = [...observed, ...matchEvidence(lib, derived)];
  return { evidence, matches, verdict: decide(evidence, matches, lib.vocabulary) };
}

export function buildDevice(
  host: HostResult,
  lib: SignatureLibrary,
  policies: readonly PolicyPack[],
): Device {
  const { evidence, matches, verdict } = fingerprint(host.evidence, lib);
  const flags = evaluate(verdict, policies, lib.vocabulary);
  return {
    ip: host.ip,
    hostname: host.hostname ?? null,
    mac: macOf(evidence),
    type: verdict.type,
    brand: verdict.brand,
    brandClaimed: verdict.brandClaimed,
    model: verdict.model,
    firmware: verdict.firmware,
    serial: verdict.serial,
    oem: verdict.oem,
    status: flags.length > 0 ? 'flagged' : verdict.oem.vendor ? 'clear' : 'unverified',
    services: host.services,
    evidence: reportEvidence(evidence, matches),
    flags,
    errors: host.errors,
    ...(host.via ? { via: host.via } : {}),
    ...(host.discovery ? { discovery: host.discovery } : {}),
  };
}

/** The cameras a recorder listed, each fingerprinted like any device from what the recorder said. */
export function channelDevices(
  host: HostResult,
  lib: SignatureLibrary,
  policies: readonly PolicyPack[],
): Device[] {
  return (host.channels ?? []).flatMap((c: ChannelCamera) =>
    c.ip
      ? [
          buildDevice(
            {
              ip: c.ip,
              responsive: true,
              evidence: c.evidence,
              services: [],
              errors: [],
              via: { ip: host.ip, channel: c.channel, ...(c.protocol ? { protocol: c.protocol } : {}) },
            },
            lib,
            policies,
          ),
        ]
      : [],
  );
}

/** Matched items first; open ports and raw page bodies only when a signature used them (a body as an excerpt). */
function reportEvidence(evidence: readonly Evidence[], matches: readonly SignatureMatch[]): ReportEvidence[] {
  const byItem = new Map(matches.map((m) => [m.evidence, m]));
  const out: ReportEvidence[] = [];
  const seen = new Set<string>();
  for (const ev of evidence) {
    const m = byItem.get(ev);
    if ((ev.field === 'tcp.open' || ev.field === 'http.body') && !m) continue;
    // The same banner on several paths of one port is one observation.
    const key = `${ev.field}\u0000${ev.value}\u0000${ev.port}\u0000${ev.probe}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const value = ev.field === 'http.body' && m ? excerpt(ev.value, m.signature.pattern) : ev.value;
    out.push({
      field: ev.field,
      value,
      probe: ev.probe,
      port: ev.port,
      transport: ev.transport,
      ...(ev.request ? { request: ev.request } : {}),
      observedAt: ev.observedAt,
      ...(ev.authenticated ? { authenticated: true } : {}),
      ...(m
        ? {
            signature: m.signature.id,
            strength: m.signature.strength,
            ...(m.signature.vendor ? { vendor: m.signature.vendor } : {}),
            ...(m.signature.brand ? { brand: m.signature.brand } : {}),
          }
        : {}),
    });
  }
  return out.sort((a, b) => Number(Boolean(b.signature)) - Number(Boolean(a.signature)));
}

function excerpt(body: string, pattern: RegExp): string {
  const m = pattern.exec(body);
  if (!m) return body.slice(0, EXCERPT * 2);
  const start = Math.max(0, m.index - EXCERPT);
  const end = Math.min(body.length, m.index + m[0].length + EXCERPT);
  return `${start > 0 ? '…' : ''}${body.slice(start, end)}${end < body.length ? '…' : ''}`;
}
