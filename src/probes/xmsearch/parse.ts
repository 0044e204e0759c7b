/**
 * @module probes/xmsearch/parse
 * XiongMai (Sofia/NetSurveillance) IP search on UDP 34569: the search request and a defensive
 * parser for its reply. Pure functions, no sockets.
 *
 * The request is a bare DVRIP header with message id 1530 and no payload, as OpenIPC/python-dvr
 * DeviceManager.py `SearchXM` sends it; the reply is a DVRIP frame with id 1531 whose JSON holds
 * `NetWork.NetCommon` (host name, MAC, serial, firmware `Version`, ports), as recorded from a
 * XiongMai camera in KostasEreksonas/Besder-6024PB-XMA501-ip-camera-security-investigation
 * command_codes/payloads/1531_IPSEARCH_RSP_response.json. Declared lengths are checked against
 * the datagram, never trusted.
 */
import { normaliseMac } from '../../evidence/mac.js';
import { HEADER_BYTES, MSG } from '../dvrip/frame.js';
import { payloadJson } from '../dvrip/parse.js';
import { boundedInt, boundedText, compact, jsonObject, port } from '../shared/bounded.js';

export const XM_SEARCH_PORT = 34569;
/** The object a search reply carries; its name is the answer's signature (fingerprints/xm-answer.yaml). */
export const NET_COMMON = 'NetWork.NetCommon';
/** Payloads above this are refused (the recorded reply is about 600 bytes). */
export const MAX_SEARCH_PAYLOAD = 8 * 1024;

/** The search datagram: head 0xFF, zeroed session and sequence, message id 1530, no payload. */
export function xmSearchRequest(): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h.writeUInt8(0xff, 0);
  h.writeUInt16LE(MSG.ipSearch, 14);
  return h;
}

export interface XmSearchDevice {
  /** The reply's own name for what it carries; set on every accepted reply. */
  answer: string;
  hostName?: string;
  mac?: string;
  serial?: string;
  /** `Version`, XiongMai's firmware string (V5.00.R02.00030747.10010.349f17.0000000). */
  firmware?: string;
  buildDate?: string;
  deviceType?: number;
  /** `TCPPort`: the DVRIP port (34567 by default). */
  dvripPort?: number;
  httpPort?: number;
}

/** Parses one datagram as a search reply; undefined for anything else (an echoed request included). */
export function parseXmSearchReply(data: Buffer): XmSearchDevice | undefined {
  if (data.length <= HEADER_BYTES || data[0] !== 0xff) return undefined;
  if (data.readUInt16LE(14) !== MSG.ipSearchReply) return undefined;
  const length = data.readUInt32LE(16);
  if (length === 0 || length > MAX_SEARCH_PAYLOAD || length > data.length - HEADER_BYTES) return undefined;
  const root = payloadJson(data.subarray(HEADER_BYTES, HEADER_BYTES + length));
  const net = root ? jsonObject(root[NET_COMMON]) : undefined;
  if (!net) return undefined;
  const t = (v: unknown) => boundedText(v, 64);
  return compact<XmSearchDevice>({
    answer: NET_COMMON,
    hostName: t(net.HostName),
    mac: normaliseMac(net.MAC),
    serial: t(net.SN),
    firmware: t(net.Version),
    buildDate: t(net.BuildDate),
    deviceType: boundedInt(net.DeviceType, 1000),
    dvripPort: port(net.TCPPort),
    httpPort: port(net.HttpPort),
  });
}
