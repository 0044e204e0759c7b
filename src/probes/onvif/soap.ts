/**
 * @module probes/onvif/soap
 * SOAP envelopes for the unauthenticated ONVIF device-service calls and a defensive parser
 * for their replies (fast-xml-parser, namespace prefixes removed, entities not expanded).
 */
import { XMLParser } from 'fast-xml-parser';

const ENV_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">' +
  '<s:Body>';
const ENV_CLOSE = '</s:Body></s:Envelope>';

export const soapBody = (operation: 'GetSystemDateAndTime' | 'GetDeviceInformation') =>
  `${ENV_OPEN}<tds:${operation}/>${ENV_CLOSE}`;

export const SOAP_ACTION = (operation: string) => `http://www.onvif.org/ver10/device/wsdl/${operation}`;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  processEntities: false,
  parseTagValue: false,
  trimValues: true,
});

/** Parses XML; returns undefined for anything that is not well-formed. */
export function parseXml(text: string): Record<string, unknown> | undefined {
  try {
    const out = parser.parse(text) as unknown;
    return out && typeof out === 'object' ? (out as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Walks `obj` along `path`, tolerating arrays (first element) and missing levels. */
export function pick(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (Array.isArray(cur)) cur = cur[0];
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return Array.isArray(cur) ? cur[0] : cur;
}

export const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

export type SoapOutcome =
  | { kind: 'body'; body: Record<string, unknown> }
  | { kind: 'fault'; notAuthorized: boolean; reason: string }
  | { kind: 'invalid'; reason: string };

export function parseSoapReply(xml: string): SoapOutcome {
  const doc = parseXml(xml);
  const body = pick(doc, 'Envelope', 'Body');
  if (!body || typeof body !== 'object') return { kind: 'invalid', reason: 'not a SOAP envelope' };
  const fault = pick(body, 'Fault');
  if (fault !== undefined) {
    const flat = JSON.stringify(fault).slice(0, 2000);
    const reason = text(pick(fault, 'Reason', 'Text')) ?? text(pick(fault, 'faultstring')) ?? 'SOAP fault';
    return {
      kind: 'fault',
      notAuthorized: /NotAuthorized|Sender not Authorized|not ?authori[sz]ed/i.test(flat),
      reason,
    };
  }
  return { kind: 'body', body: body as Record<string, unknown> };
}

export interface DeviceInformation {
  manufacturer?: string;
  model?: string;
  firmware?: string;
  serial?: string;
  hardwareId?: string;
}

export function deviceInformation(body: Record<string, unknown>): DeviceInformation | undefined {
  const r = pick(body, 'GetDeviceInformationResponse');
  if (!r) return undefined;
  return {
    manufacturer: text(pick(r, 'Manufacturer')),
    model: text(pick(r, 'Model')),
    firmware: text(pick(r, 'FirmwareVersion')),
    serial: text(pick(r, 'SerialNumber')),
    hardwareId: text(pick(r, 'HardwareId')),
  };
}
