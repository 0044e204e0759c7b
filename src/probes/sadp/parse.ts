/**
 * @module probes/sadp/parse
 * Hikvision SADP (Search Active Devices Protocol) over UDP 37020: the XML inquiry and a defensive
 * parser for the `<ProbeMatch>` reply. Pure functions, no sockets. Also holds the small bounded-value
 * helpers the other vendor discovery parsers (DHIP, SSDP/UPnP) share.
 *
 * Format: research §2.10 [T1][T2]; framing as sent by cameronnewman/hikvision-tooling
 * internal/sadp/scanner.go (one XML document per datagram, no header).
 */
import { randomUUID } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { normaliseMac } from '../../evidence/mac.js';
import { cleanValue } from '../../evidence/types.js';
import { pick } from '../onvif/soap.js';

export const SADP_PORT = 37020;
export const SADP_MULTICAST = '239.255.255.250';

/** Longest string any discovery parser returns. */
export const MAX_FIELD = 256;
/** Datagrams / documents larger than this are not parsed at all. */
export const MAX_XML_INPUT = 64 * 1024;

// ---------- shared helpers ----------

const XML_TEXT_ENTITY = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and character references in one pass (nothing recursive). */
function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(XML_TEXT_ENTITY, (whole, name: string) => {
    const named = NAMED[name.toLowerCase()];
    if (named !== undefined) return named;
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    if (!Number.isInteger(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
    return String.fromCodePoint(code);
  });
}

/** A string or number as cleaned text (control characters removed, whitespace collapsed, at most `max`). */
export function boundedText(v: unknown, max = MAX_FIELD, xml = false): string | undefined {
  const raw = typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
  if (raw === undefined) return undefined;
  const s = cleanValue(xml ? decodeXmlText(raw.slice(0, max * 8)) : raw.slice(0, max * 4), max);
  return s === '' ? undefined : s;
}

/** A non-negative integer no larger than `max`, from a decimal string or a JSON number. */
export function boundedInt(v: unknown, max: number, min = 0): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*\d{1,9}\s*$/.test(v)) n = Number(v);
  return n !== undefined && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

export const port = (v: unknown) => boundedInt(v, 65535, 1);

export function ipv4(v: unknown): string | undefined {
  const s = typeof v === 'string' ? v.trim() : undefined;
  return s && s.length <= 15 && isIPv4(s) ? s : undefined;
}

export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

const xmlParser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  processEntities: false,
  parseTagValue: false,
  trimValues: true,
});

/**
 * Parses a small, well-formed XML document. Refuses (undefined) anything over `MAX_XML_INPUT`, anything
 * with a DOCTYPE / ENTITY declaration (no device needs one; it is how entity bombs start) and anything the
 * validator rejects. Never throws.
 */
export function parseXmlStrict(text: string): Record<string, unknown> | undefined {
  if (text.length === 0 || text.length > MAX_XML_INPUT) return undefined;
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) return undefined;
  try {
    if (XMLValidator.validate(text) !== true) return undefined;
    const out = xmlParser.parse(text) as unknown;
    return out && typeof out === 'object' && !Array.isArray(out)
      ? (out as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Drops undefined members so results compare and serialise cleanly. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// ---------- SADP ----------

/**
 * The SADP inquiry datagram. `uuid` is reduced to hex digits and dashes (it is spliced into XML);
 * by default a fresh random UUID, upper-case as in SADP captures.
 */
export function sadpInquiry(uuid?: string): string {
  const id = (uuid ?? randomUUID().toUpperCase()).replace(/[^0-9A-Fa-f-]/g, '').slice(0, 64);
  return `<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>${id}</Uuid><Types>inquiry</Types></Probe>`;
}

export interface SadpDevice {
  uuid?: string;
  types?: string;
  deviceType?: string;
  /** `DeviceDescription`: the model, e.g. `DS-2CD2143G0-I`. */
  model?: string;
  serial?: string;
  commandPort?: number;
  httpPort?: number;
  mac?: string;
  ipv4?: string;
  subnetMask?: string;
  gateway?: string;
  dhcp?: boolean;
  softwareVersion?: string;
  dspVersion?: string;
  bootTime?: string;
  oemInfo?: string;
  activated?: boolean;
  analogChannels?: number;
  digitalChannels?: number;
}

/** Parses a SADP `<ProbeMatch>` datagram; undefined for anything else (including an echoed `<Probe>`). */
export function parseSadpReply(data: Buffer): SadpDevice | undefined {
  if (data.length > MAX_XML_INPUT) return undefined;
  const doc = parseXmlStrict(data.toString('utf8'));
  const m = pick(doc, 'ProbeMatch');
  if (!m || typeof m !== 'object') return undefined;
  const t = (key: string) => boundedText(pick(m, key), MAX_FIELD, true);
  const device = compact<SadpDevice>({
    uuid: t('Uuid'),
    types: t('Types'),
    deviceType: t('DeviceType'),
    model: t('DeviceDescription'),
    serial: t('DeviceSN'),
    commandPort: port(pick(m, 'CommandPort')),
    httpPort: port(pick(m, 'HttpPort')),
    mac: normaliseMac(pick(m, 'MAC')),
    ipv4: ipv4(pick(m, 'IPv4Address')),
    subnetMask: ipv4(pick(m, 'IPv4SubnetMask')),
    gateway: ipv4(pick(m, 'IPv4Gateway')),
    dhcp: bool(pick(m, 'DHCP')),
    softwareVersion: t('SoftwareVersion'),
    dspVersion: t('DSPVersion'),
    bootTime: t('BootTime'),
    oemInfo: t('OEMInfo'),
    activated: bool(pick(m, 'Activated')),
    analogChannels: boundedInt(pick(m, 'AnalogChannelNum'), 1024),
    digitalChannels: boundedInt(pick(m, 'DigitalChannelNum'), 1024),
  });
  // a ProbeMatch that names no device at all is not a device
  if (!device.mac && !device.serial && !device.ipv4 && !device.model && !device.uuid) return undefined;
  return device;
}
