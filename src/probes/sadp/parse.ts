/**
 * @module probes/sadp/parse
 * Hikvision SADP (Search Active Devices Protocol) over UDP 37020: the XML inquiry and a defensive
 * parser for the `<ProbeMatch>` reply. Pure functions, no sockets.
 *
 * Format: research §2.10 [T1][T2]; framing as sent by cameronnewman/hikvision-tooling
 * internal/sadp/scanner.go (one XML document per datagram, no header).
 */
import { randomUUID } from 'node:crypto';
import { normaliseMac } from '../../evidence/mac.js';
import { bool, boundedInt, boundedText, compact, ipv4, MAX_FIELD, port } from '../shared/bounded.js';
import { MAX_XML_INPUT, parseXmlStrict, pick } from '../shared/xml.js';

export const SADP_PORT = 37020;
export const SADP_MULTICAST = '239.255.255.250';

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
