/**
 * @module probes/wsdiscovery/parse
 * WS-Discovery Probe message and ProbeMatches parser (SOAP-over-UDP, ONVIF profile).
 */
import { randomUUID } from 'node:crypto';
import { normaliseMac } from '../../evidence/mac.js';
import type { EvidenceField } from '../../evidence/types.js';
import { parseXml, pick, text } from '../shared/xml.js';

/**
 * The device types a Probe names. A target answers only when it has every type the Probe lists,
 * and ONVIF devices advertise the older `dn:NetworkVideoTransmitter`, the newer `tds:Device` or
 * both ("the old versions define NetworkVideoTransmitter, the new ones tds:Device; ONVIF
 * recommends sending both", after ONVIF-NVT-Definition v2.10 §5.2, blog.csdn.net/q8250356
 * 102877604); the ONVIF test tool probes for each in turn (breeeze/rpos#31). Access controllers
 * advertise tds:Device alone.
 */
export const PROBE_TYPES = ['dn:NetworkVideoTransmitter', 'tds:Device'] as const;

export function probeMessage(
  messageId = `uuid:${randomUUID()}`,
  types: (typeof PROBE_TYPES)[number] = PROBE_TYPES[0],
): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" ' +
    'xmlns:dn="http://www.onvif.org/ver10/network/wsdl" ' +
    'xmlns:tds="http://www.onvif.org/ver10/device/wsdl">' +
    '<s:Header>' +
    `<a:MessageID>${messageId}</a:MessageID>` +
    '<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>' +
    '<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>' +
    '</s:Header>' +
    `<s:Body><d:Probe><d:Types>${types}</d:Types></d:Probe></s:Body>` +
    '</s:Envelope>'
  );
}

export interface ProbeMatch {
  endpoint?: string;
  types: string[];
  scopes: string[];
  xaddrs: string[];
}

const words = (v: unknown) => (text(v) ?? '').split(/\s+/).filter(Boolean).slice(0, 64);

/** Parses a ProbeMatches datagram; undefined when it is not one. */
export function parseProbeMatches(data: Buffer): ProbeMatch[] | undefined {
  const doc = parseXml(data.toString('utf8'));
  const matches = pick(doc, 'Envelope', 'Body', 'ProbeMatches');
  if (!matches || typeof matches !== 'object') return undefined;
  const raw = (matches as Record<string, unknown>).ProbeMatch;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).slice(0, 16);
  return list.map((m) => ({
    endpoint: text(pick(m, 'EndpointReference', 'Address')),
    types: words(pick(m, 'Types')),
    scopes: words(pick(m, 'Scopes')),
    xaddrs: words(pick(m, 'XAddrs')),
  }));
}

const MAC_SCOPE = /^onvif:\/\/www\.onvif\.org\/MAC\/([0-9a-f:-]{12,17})$/i;

/** Evidence from ProbeMatches: types, scopes, XAddrs, endpoint, and the MAC a `MAC/` scope names. */
export function probeMatchObservations(matches: readonly ProbeMatch[]): [EvidenceField, string][] {
  const out: [EvidenceField, string][] = [];
  for (const m of matches) {
    if (m.endpoint) out.push(['wsd.endpoint', m.endpoint]);
    if (m.types.length) out.push(['wsd.types', m.types.join(' ')]);
    for (const s of m.scopes) {
      out.push(['wsd.scope', s]);
      const mac = normaliseMac(MAC_SCOPE.exec(s)?.[1]);
      if (mac) out.push(['mac.address', mac]);
    }
    for (const x of m.xaddrs) out.push(['wsd.xaddr', x]);
  }
  return out;
}
