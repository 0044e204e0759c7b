/**
 * @module probes/wsdiscovery/parse
 * WS-Discovery Probe message and ProbeMatches parser (SOAP-over-UDP, ONVIF profile).
 */
import { randomUUID } from 'node:crypto';
import { normaliseMac } from '../../evidence/mac.js';
import type { EvidenceField } from '../../evidence/types.js';
import { parseXml, pick, text } from '../shared/xml.js';

export function probeMessage(messageId = `uuid:${randomUUID()}`): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" ' +
    'xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
    '<s:Header>' +
    `<a:MessageID>${messageId}</a:MessageID>` +
    '<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>' +
    '<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>' +
    '</s:Header>' +
    '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>' +
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
