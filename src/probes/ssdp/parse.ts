/**
 * @module probes/ssdp/parse
 * SSDP (UDP 1900) M-SEARCH replies and NOTIFY announcements, and the UPnP device description XML a
 * LOCATION points to. Pure, bounded, never throw. Research §2.9: SSDP is class-level evidence only.
 */

import { boundedText, compact, MAX_FIELD } from '../shared/bounded.js';
import { parseXmlStrict, pick } from '../shared/xml.js';

/** Only this much of a datagram is read as the message head. */
export const MAX_SSDP_HEAD = 8 * 1024;
const MAX_HEADER_LINES = 64;
const MAX_URL = 1024;

/**
 * A unicast M-SEARCH (UPnP Device Architecture 1.1 §1.3.2/§1.3.3): `HOST` names the device's own
 * address and port, and there is no `MX` (a unicast search is answered at once).
 */
export function unicastMSearch(ip: string, port: number, st = 'ssdp:all'): string {
  return `M-SEARCH * HTTP/1.1\r\nHOST: ${ip}:${port}\r\nMAN: "ssdp:discover"\r\nST: ${st}\r\n\r\n`;
}

export interface SsdpMessage {
  kind: 'response' | 'notify';
  /** HTTP status of an M-SEARCH reply. */
  status?: number;
  location?: string;
  server?: string;
  st?: string;
  nt?: string;
  nts?: string;
  usn?: string;
}

function httpUrl(v: string | undefined): string | undefined {
  if (!v || v.length > MAX_URL || !/^https?:\/\/[^\s/?#]+\S*$/i.test(v)) return undefined;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Parses an M-SEARCH reply (`HTTP/1.1 200 OK`) or a `NOTIFY * HTTP/1.1`; undefined for anything else. */
export function parseSsdpResponse(data: Buffer): SsdpMessage | undefined {
  const text = data.subarray(0, MAX_SSDP_HEAD).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const lines = (end >= 0 ? text.slice(0, end) : text).split(/\r?\n/, MAX_HEADER_LINES + 1);
  const start = (lines[0] ?? '').trim();
  let kind: SsdpMessage['kind'];
  let status: number | undefined;
  const resp = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/i.exec(start);
  if (resp) {
    kind = 'response';
    status = Number(resp[1]);
  } else if (/^NOTIFY \* HTTP\/1\.[01]$/i.test(start)) kind = 'notify';
  else return undefined;
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0 || i > 64) continue;
    const name = line.slice(0, i).trim().toUpperCase();
    if (!headers.has(name)) headers.set(name, line.slice(i + 1).trim());
  }
  const h = (name: string, max = MAX_FIELD) => boundedText(headers.get(name), max);
  return compact<SsdpMessage>({
    kind,
    status,
    location: httpUrl(h('LOCATION', MAX_URL)),
    server: h('SERVER'),
    st: h('ST'),
    nt: h('NT'),
    nts: h('NTS'),
    usn: h('USN'),
  });
}

export interface UpnpDevice {
  deviceType?: string;
  friendlyName?: string;
  manufacturer?: string;
  manufacturerUrl?: string;
  modelName?: string;
  modelNumber?: string;
  modelDescription?: string;
  serialNumber?: string;
  udn?: string;
  presentationUrl?: string;
}

/** Reads `root.device` of a UPnP device description; undefined when it is not one. */
export function parseUpnpDescription(xml: string): UpnpDevice | undefined {
  const doc = parseXmlStrict(xml);
  const device = pick(doc, 'root', 'device');
  if (!device || typeof device !== 'object') return undefined;
  const t = (key: string, max = MAX_FIELD) => boundedText(pick(device, key), max, true);
  const out = compact<UpnpDevice>({
    deviceType: t('deviceType'),
    friendlyName: t('friendlyName'),
    manufacturer: t('manufacturer'),
    manufacturerUrl: t('manufacturerURL', MAX_URL),
    modelName: t('modelName'),
    modelNumber: t('modelNumber'),
    modelDescription: t('modelDescription'),
    serialNumber: t('serialNumber'),
    udn: t('UDN'),
    presentationUrl: t('presentationURL', MAX_URL),
  });
  return Object.keys(out).length > 0 ? out : undefined;
}
