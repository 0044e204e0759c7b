/**
 * @module probes/dhip/parse
 * Dahua DHIP discovery (v2) over UDP 37810: the `DHDiscover.search` request and a defensive parser for
 * the `client.notifyDevInfo` reply. Pure functions, no sockets.
 *
 * Framing (research §2.10 [T3][T4]; julienblitte/UniversalScanner UniversalScanner/Dahua2.cs): a 32-byte
 * header `20 00 00 00 'DHIP'`, then little-endian u32 session id, request id, body length, 0, body length,
 * 0; then a JSON body of that length. The declared lengths are checked against the datagram, never trusted.
 * Devices count a C string's end in the body (a VTO2000A-2's reply ends its JSON with `\n\0`), so
 * the JSON ends at the first NUL (shared/c-string).
 */
import { normaliseMac } from '../../evidence/mac.js';
import { bool, boundedInt, boundedText, compact, ipv4, jsonObject, port } from '../shared/bounded.js';
import { beforeNul } from '../shared/c-string.js';

export const DHIP_PORT = 37810;
export const DHIP_MULTICAST = '239.255.255.251';
export const DHIP_HEADER_LENGTH = 32;
/** Bodies above this are refused (real replies are ~700–900 bytes). */
export const MAX_DHIP_BODY = 64 * 1024;

const MAGIC = Buffer.from([0x20, 0x00, 0x00, 0x00, 0x44, 0x48, 0x49, 0x50]);

/** A DHIP datagram: the 32-byte header with both length fields set to the body's length, then the body. */
export function dhipFrame(body: Buffer, requestId = 0): Buffer {
  const header = Buffer.alloc(DHIP_HEADER_LENGTH);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(0, 8); // session id
  header.writeUInt32LE(Number.isInteger(requestId) && requestId >= 0 ? requestId % 2 ** 32 : 0, 12);
  header.writeUInt32LE(body.length, 16);
  header.writeUInt32LE(body.length, 24);
  return Buffer.concat([header, body]);
}

/** The search datagram: DHIP header + `{"method":"DHDiscover.search","params":{"mac":"","uni":1}}`. */
export function dhipSearch(requestId = 0): Buffer {
  const body = JSON.stringify({ method: 'DHDiscover.search', params: { mac: '', uni: 1 } });
  return dhipFrame(Buffer.from(body, 'utf8'), requestId);
}

export interface DhipDevice {
  mac?: string;
  serial?: string;
  /** `DeviceType`: the model, e.g. `IPC-HDW5421S`. */
  deviceType?: string;
  /** `DeviceClass`, e.g. `IPC`, `HCVR`, `VTO`. */
  deviceClass?: string;
  version?: string;
  vendor?: string;
  manufacturer?: string;
  machineName?: string;
  ipv4?: string;
  subnetMask?: string;
  gateway?: string;
  dhcp?: boolean;
  httpPort?: number;
  /** `Port`: the private SDK/DVRIP port (37777 by default). */
  sdkPort?: number;
  videoInputChannels?: number;
}

/** The JSON body of a well-framed DHIP datagram, or undefined. */
export function dhipBody(data: Buffer): string | undefined {
  if (data.length < DHIP_HEADER_LENGTH || !data.subarray(0, 8).equals(MAGIC)) return undefined;
  const len1 = data.readUInt32LE(16);
  const len2 = data.readUInt32LE(24);
  const available = data.length - DHIP_HEADER_LENGTH;
  if (len1 !== len2 || len1 === 0 || len1 > available || len1 > MAX_DHIP_BODY) return undefined;
  return data.subarray(DHIP_HEADER_LENGTH, DHIP_HEADER_LENGTH + len1).toString('utf8');
}

/** Parses a `client.notifyDevInfo` reply; undefined for anything else (including an echoed search). */
export function parseDhipReply(data: Buffer): DhipDevice | undefined {
  const body = dhipBody(data);
  if (body === undefined) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(beforeNul(body));
  } catch {
    return undefined;
  }
  const root = jsonObject(doc);
  if (root?.method !== 'client.notifyDevInfo') return undefined;
  const info = jsonObject(jsonObject(root.params)?.deviceInfo);
  if (!info) return undefined;
  const v4 = jsonObject(info.IPv4Address);
  const t = (v: unknown) => boundedText(v);
  const device = compact<DhipDevice>({
    mac: normaliseMac(root.mac) ?? normaliseMac(info.mac) ?? normaliseMac(info.MAC) ?? normaliseMac(info.Mac),
    serial: t(info.SerialNo),
    deviceType: t(info.DeviceType),
    deviceClass: t(info.DeviceClass),
    version: t(info.Version),
    vendor: t(info.Vendor),
    manufacturer: t(info.Manufacturer),
    machineName: t(info.MachineName),
    ipv4: ipv4(v4?.IPAddress),
    subnetMask: ipv4(v4?.SubnetMask),
    gateway: ipv4(v4?.DefaultGateway),
    dhcp: bool(v4?.DhcpEnable),
    httpPort: port(info.HttpPort),
    sdkPort: port(info.Port),
    videoInputChannels: boundedInt(info.VideoInputChannels, 1024),
  });
  if (!device.mac && !device.serial && !device.deviceType && !device.ipv4) return undefined;
  return device;
}
