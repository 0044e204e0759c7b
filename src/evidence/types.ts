/**
 * @module evidence/types
 * One observation made by a probe, with where and when it was made. Everything the
 * engine decides is traced back to these items, so they carry full provenance.
 */

/** Evidence field names. The fingerprint files are keyed by these. */
export const EVIDENCE_FIELDS = [
  'tcp.open',
  'http.header.server',
  'http.auth.realm',
  'http.title',
  'http.body',
  // A vendor API path that answers differently from a random path on the same server: `<status> <path>`.
  'http.endpoint',
  'http.favicon.md5',
  'http.favicon.mmh3',
  'tls.subject',
  'tls.issuer',
  'rtsp.header.server',
  'rtsp.auth.realm',
  // The session description a DESCRIBE answered with (whitespace collapsed).
  'rtsp.sdp',
  // The head of the answer to OPTIONS as sent: status and header lines joined by \n, spacing kept.
  'rtsp.head',
  'onvif.manufacturer',
  'onvif.model',
  'onvif.firmware',
  'onvif.serial',
  'onvif.hardware-id',
  // The root start tag of the pre-auth GetSystemDateAndTime answer: its namespace declarations.
  'onvif.envelope',
  'wsd.scope',
  'wsd.types',
  'wsd.xaddr',
  'mac.address',
  'ssdp.server',
  'upnp.manufacturer',
  'upnp.model-name',
  'upnp.model-number',
  'upnp.model-description',
  'upnp.friendly-name',
  'upnp.serial',
  'sadp.device-type',
  'sadp.model',
  'sadp.serial',
  'sadp.firmware',
  'sadp.oem-info',
  'dhip.device-type',
  'dhip.vendor',
  'dhip.manufacturer',
  'dhip.firmware',
  'dhip.serial',
  // The realm of Dahua's login challenge over DHIP/TCP (`Login to <device name>`, usually the serial).
  'dhip.realm',
  // The realm Dahua's private protocol (TCP 37777) answers a realm request with.
  'dvrip.realm',
  // Hikvision's SDK port (TCP 8000): the error frame it answers an unparsable frame with, in hex.
  'hiksdk.answer',
  // Reolink's Baichuan port (TCP 9000): the header of its answer to the legacy login frame, in hex.
  'baichuan.answer',
  // XiongMai's IP search reply (UDP 34569): the object it carries, then what it states.
  'xm.answer',
  'xm.firmware',
  'xm.serial',
  'xm.host-name',
  // Axis's anonymous Basic Device Information answer (getAllUnrestrictedProperties).
  'vapix.brand',
  'vapix.model',
  'vapix.firmware',
  'vapix.serial',
  // TP-Link's discovery answer (UDP 20002): product class, model, firmware.
  'tdp.device-type',
  'tdp.model',
  'tdp.firmware',
  // Identity keys for merging sightings (issue 4), kept apart from the shared block above.
  'wsd.endpoint',
  'upnp.udn',

  // Identity a device states over an authenticated vendor API (ISAPI deviceInfo, Dahua
  // magicBox, XiongMai DVRIP SystemInfo), or that a recorder states about a camera on one of
  // its channels.
  'device.manufacturer',
  'device.model',
  'device.firmware',
  'device.serial',
  'device.oem-code',
  // Board/hardware name (DVRIP SystemInfo `HardWare`), matched like an ONVIF HardwareId.
  'device.hardware',
] as const;
export type EvidenceField = (typeof EVIDENCE_FIELDS)[number];

export interface Evidence {
  field: EvidenceField;
  /** Normalised, bounded value as seen on the wire. */
  value: string;
  probe: string;
  ip: string;
  port: number;
  transport: 'tcp' | 'udp';
  /** What was asked, e.g. `GET /doc/page/login.asp` or `RTSP OPTIONS`. */
  request?: string;
  observedAt: string;
  /** Read over a session the device authenticated (credentials accepted). */
  authenticated?: boolean;
  /** A value a signature captured from another item (a serial inside a realm): that item's observation. */
  derivedFrom?: Pick<Evidence, 'field' | 'value'>;
}

/** Longest value kept for an evidence item; device strings beyond this are cut, never trusted. */
export const MAX_EVIDENCE_VALUE = 2048;
/** Page bodies and session descriptions are matched for markers deep inside, so they keep more. */
export const MAX_BODY_VALUE = 64 * 1024;
const LONG_FIELDS: ReadonlySet<EvidenceField> = new Set(['http.body', 'rtsp.sdp', 'onvif.envelope']);
/** A reply head's layout (line order, spacing) is what names its stack, so only its ends are trimmed. */
const LAYOUT_FIELDS: ReadonlySet<EvidenceField> = new Set(['rtsp.head']);

export function makeEvidence(
  base: Pick<Evidence, 'probe' | 'ip' | 'port' | 'transport'> & { request?: string; authenticated?: boolean },
  field: EvidenceField,
  raw: string,
): Evidence {
  return {
    field,
    value: normaliseValue(field, raw),
    probe: base.probe,
    ip: base.ip,
    port: base.port,
    transport: base.transport,
    ...(base.request ? { request: base.request } : {}),
    observedAt: new Date().toISOString(),
    ...(base.authenticated ? { authenticated: true } : {}),
  };
}

/** A value as a field keeps it: a layout as lines, anything else whitespace-collapsed and bounded. */
export function normaliseValue(field: EvidenceField, raw: string): string {
  if (isLayoutField(field)) return cleanLayout(raw);
  return cleanValue(raw, LONG_FIELDS.has(field) ? MAX_BODY_VALUE : MAX_EVIDENCE_VALUE);
}

export const isLayoutField = (field: EvidenceField) => LAYOUT_FIELDS.has(field);

/**
 * A head as lines joined by \n (CR and other control characters removed, NBSP read as a space),
 * each line's spacing kept, blank lines and the ends trimmed, bounded like any value.
 */
export function cleanLayout(raw: string, max = MAX_EVIDENCE_VALUE): string {
  const lines = raw
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\t\u00a0]/g, ' ')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  return lines.join('\n').trim().slice(0, max);
}

/** Strip control characters, collapse whitespace (incl. NBSP some firmwares emit) and bound the length. */
export function cleanValue(raw: string, max = MAX_EVIDENCE_VALUE): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const noCtl = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  const collapsed = noCtl.replace(/[\s\u00a0]+/g, ' ').trim();
  return collapsed.length > max ? collapsed.slice(0, max) : collapsed;
}
