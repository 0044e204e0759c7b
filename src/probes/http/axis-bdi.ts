/**
 * @module probes/http/axis-bdi
 * Axis's Basic Device Information API, the one method it answers anonymously:
 * `POST /axis-cgi/basicdeviceinfo.cgi` with `getAllUnrestrictedProperties` (AXIS OS 8.40 and
 * later; security level "Anonymous" in the VAPIX documentation,
 * https://developer.axis.com/vapix/network-video/basic-device-information/). An Axis unit answers
 * it before any user exists, with its brand, product number, firmware version and serial number
 * (the MAC) in Axis's own JSON format; the documentation calls it the entry point for
 * identifying a device before it is configured. It reads and changes nothing and logs nobody in.
 */
import { boundedText, jsonObject } from '../shared/bounded.js';

export const AXIS_BDI_PATH = '/axis-cgi/basicdeviceinfo.cgi';

/** The request as the documentation's anonymous example sends it (API version 1.0 is the oldest). */
export const AXIS_BDI_REQUEST = JSON.stringify({
  apiVersion: '1.0',
  context: 'oemscan',
  method: 'getAllUnrestrictedProperties',
});

/** A real answer is well under a kilobyte; anything far larger is not read as one. */
const MAX_BDI_BYTES = 16 * 1024;
/** Longest value kept from the answer (a product name, version or serial is far shorter). */
export const MAX_BDI_VALUE = 128;

export interface AxisBdi {
  brand?: string;
  /** `ProdNbr` (`Q1785-LE`), the product number Axis's ONVIF Model states too. */
  model?: string;
  /** `Version` (`8.20.1`). */
  firmware?: string;
  /** `SerialNumber`, on Axis the unit's MAC as 12 hex digits. */
  serial?: string;
}

/**
 * The identity in an answer, or undefined when the body is not one: a JSON object whose
 * `data.propertyList` is an object naming at least a brand or a product number. Values are
 * bounded text; anything else in the property list is ignored. Never throws.
 */
export function parseAxisBdi(body: string): AxisBdi | undefined {
  if (body.length > MAX_BDI_BYTES || !body.includes('propertyList')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return undefined;
  }
  const list = jsonObject(jsonObject(jsonObject(doc)?.data)?.propertyList);
  if (!list) return undefined;
  const found: AxisBdi = {};
  const take = (key: keyof AxisBdi, v: unknown) => {
    const s = boundedText(typeof v === 'string' ? v : undefined, MAX_BDI_VALUE);
    if (s) found[key] = s;
  };
  take('brand', list.Brand);
  take('model', list.ProdNbr);
  take('firmware', list.Version);
  take('serial', list.SerialNumber);
  return found.brand || found.model ? found : undefined;
}
