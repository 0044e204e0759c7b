/**
 * @module probes/onvif/soap
 * SOAP envelopes for the unauthenticated ONVIF device-service calls and a defensive parser
 * for their replies (../shared/xml.ts: namespace prefixes removed, entities not expanded).
 */
import { parseXml, pick, text } from '../shared/xml.js';

const ENV_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">' +
  '<s:Body>';
const ENV_CLOSE = '</s:Body></s:Envelope>';

export const soapBody = (operation: 'GetSystemDateAndTime' | 'GetDeviceInformation') =>
  `${ENV_OPEN}<tds:${operation}/>${ENV_CLOSE}`;

export const SOAP_ACTION = (operation: string) => `http://www.onvif.org/ver10/device/wsdl/${operation}`;

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

/** A root start tag is a few KiB at most (a gSOAP server declares its whole namespace table). */
const MAX_START_TAG = 16 * 1024;

/**
 * The start tag of a reply's root element (`<SOAP-ENV:Envelope xmlns:...>`) as sent, after any
 * XML declaration, comments and processing instructions; undefined when there is none in bounds.
 */
export function envelopeStartTag(xml: string): string | undefined {
  const head = xml.slice(0, MAX_START_TAG);
  const m = /^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*)*(<[A-Za-z_][\w.:-]*\b[^<>]*>)/.exec(head);
  return m?.[1];
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
