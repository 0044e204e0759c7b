/**
 * @module probes/tdp/parse
 * TP-Link's discovery protocol (TDP) on UDP 20002, as python-kasa's `Discover` speaks it to Tapo
 * cameras, doorbells, hubs and plugs (kasa/discover.py `_AesDiscoveryQuery`): a 16-byte header
 * (version 2, message type 0, op code 1 = probe, payload length, flags 17, a random 32-bit
 * serial, then a CRC-32 over the whole datagram computed with 0x5A6B7C8D in its place) and a JSON
 * payload `{"params":{"rsa_key":"<PEM public key>"}}`. The answer is a 16-byte header and JSON
 * `{"error_code":0,"result":{device_type, device_model, firmware_version, mac, ...}}` read from
 * byte 16 on (kasa `_get_discovery_json`); only `encrypt_info` is sealed with the key, and it is
 * not read. Pure functions, no sockets.
 */
import { crc32 } from 'node:zlib';
import { normaliseMac } from '../../evidence/mac.js';
import { boundedText, compact, jsonObject } from '../shared/bounded.js';
import { beforeNul } from '../shared/c-string.js';

export const TDP_PORT = 20002;
const HEADER_LENGTH = 16;
const VERSION = 2;
const OP_PROBE = 1;
const FLAGS = 17;
const INITIAL_CRC = 0x5a6b7c8d;

/** A probe datagram carrying this public key (PEM) and serial, its CRC filled in as python-kasa does. */
export function tdpProbeDatagram(publicKeyPem: string, serial: number): Buffer {
  const payload = Buffer.from(JSON.stringify({ params: { rsa_key: publicKeyPem } }), 'utf8');
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(VERSION, 0);
  header.writeUInt8(0, 1); // message type
  header.writeUInt16BE(OP_PROBE, 2);
  header.writeUInt16BE(payload.length, 4);
  header.writeUInt8(FLAGS, 6);
  header.writeUInt8(0, 7);
  header.writeUInt32BE(serial >>> 0, 8);
  return sealTdp(Buffer.concat([header, payload]));
}

/** Fills in a datagram's CRC (bytes 12-15): CRC-32 of the whole datagram with 0x5A6B7C8D there. */
export function sealTdp(datagram: Buffer): Buffer {
  const out = Buffer.from(datagram);
  out.writeUInt32BE(INITIAL_CRC, 12);
  out.writeUInt32BE(crc32(out), 12);
  return out;
}

/**
 * The public key the probe offers (RSA 2048, SPKI PEM, the JSON around it compact as python-kasa's
 * `json_dumps`). Devices seal only `encrypt_info` with it,
 * which oemscan does not read, so it was generated once for oemscan and its private half thrown
 * away: nothing a device seals to it can be opened, and no scan pays for making a key.
 */
export const TDP_PUBLIC_KEY = [
  '-----BEGIN PUBLIC KEY-----',
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzwdYq7PHdgSSUoBDO8HE',
  '3n9nidPhpEHfzwRKRHYQ6ZinC0OlrS0v3rA2qUAjzG1b6Uu8XgW668/yytqyMysW',
  'GkB9efXQy7YpCuOfBW2IpsKYC3A1eUxIcodmSooTm1ijFMvVZ/Or/ERLfLmJTMDo',
  'UMKQqH4X2y8qfJSsaue1vfIRwlcaxdDgeavbtbt04VpBMqCm2Tf6lIbyeeRlRb/3',
  'r8X25VvZMszCu3BhP/elwstT+mWtO/UCh4USW/UofYn4FxdCit6drlSSYMWxBy4G',
  'o7RifkcjkKIVjcMM6pYdVIjugWv2rVdJRHoDcEabeJQkZjZkDZ8Y0C3GnWl1dEGc',
  'kwIDAQAB',
  '-----END PUBLIC KEY-----',
  '', // ends in a newline, as the PEM python-kasa sends (cryptography's public_bytes)
].join('\n');

export interface TdpDevice {
  /** `device_type`: TP-Link's product class, e.g. `SMART.IPCAMERA`, `SMART.TAPODOORBELL`. */
  deviceType: string;
  /** `device_model`, e.g. `C210`, `TC70`, `P110(EU)`. */
  model?: string;
  /** `firmware_version`, e.g. `1.4.3 Build 241010 Rel.33858n`. */
  firmware?: string;
  mac?: string;
}

/** Bytes of JSON read at most (real answers are about 700). */
const MAX_PAYLOAD = 16 * 1024;

/**
 * A TDP answer, or undefined for anything else: not version 2, too short, no JSON object, or no
 * `result.device_type` (our own probe echoed back carries `params`, not `result`).
 */
export function parseTdpReply(msg: Buffer): TdpDevice | undefined {
  if (msg.length <= HEADER_LENGTH || msg[0] !== VERSION) return undefined;
  const payload = msg.subarray(HEADER_LENGTH, HEADER_LENGTH + MAX_PAYLOAD);
  let parsed: unknown;
  try {
    parsed = JSON.parse(beforeNul(payload.toString('utf8')));
  } catch {
    return undefined;
  }
  const result = jsonObject(jsonObject(parsed)?.result);
  const deviceType = boundedText(result?.device_type, 64);
  if (!result || !deviceType) return undefined;
  return compact({
    deviceType,
    model: boundedText(result.device_model, 64),
    firmware: boundedText(result.firmware_version, 128),
    mac: normaliseMac(result.mac),
  });
}
