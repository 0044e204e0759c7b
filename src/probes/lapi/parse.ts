/**
 * @module probes/lapi/parse
 * Uniview LAPI replies: a JSON envelope `{"Response": {"ResponseURL", "ResponseCode",
 * "ResponseString", "StatusCode", "Data"}}` where ResponseCode 0 is success (an unknown path
 * answers ResponseCode 1). `/LAPI/V1.0/System/DeviceInfo` carries the identity in `Data`
 * (DeviceModel, SerialNumber, FirmwareVersion; Manufacturer and MAC where the firmware has them).
 * Every field is type-checked: a hostile device may send any JSON.
 */
import { normaliseMac } from '../../evidence/mac.js';

export interface LapiDeviceInfo {
  manufacturer?: string;
  model?: string;
  firmware?: string;
  serial?: string;
  /** Lower-case, colon-separated; only a well-formed MAC is kept. */
  mac?: string;
}

/** Larger replies are not a device-info envelope; never handed to JSON.parse. */
export const MAX_LAPI_REPLY = 64 * 1024;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v.trim() || undefined : undefined);

/** The envelope's `Data` object when the reply is a successful LAPI answer, else undefined. */
export function lapiData(body: string): Json | undefined {
  if (body.length > MAX_LAPI_REPLY) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    // Not JSON, or nested deeper than the engine allows: not a LAPI answer either way.
    return undefined;
  }
  const response = isObject(doc) ? doc.Response : undefined;
  if (!isObject(response) || response.ResponseCode !== 0) return undefined;
  // StatusCode is the business result; when present it must say success too.
  if (response.StatusCode !== undefined && response.StatusCode !== 0) return undefined;
  return isObject(response.Data) ? response.Data : undefined;
}

export function parseDeviceInfo(body: string): LapiDeviceInfo | undefined {
  const d = lapiData(body);
  if (!d) return undefined;
  const info: LapiDeviceInfo = {
    manufacturer: str(d.Manufacturer),
    model: str(d.DeviceModel),
    firmware: str(d.FirmwareVersion),
    serial: str(d.SerialNumber),
    mac: normaliseMac(d.MAC),
  };
  return Object.values(info).some(Boolean) ? info : undefined;
}
