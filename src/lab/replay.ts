/**
 * @module lab/replay
 * Turns one real-device record (test/fixtures/real-devices, format in its README) into a lab
 * profile that serves the recorded values where the device served them: HTTP headers, realms
 * and pages on their path and port (Dahua's RPC2_Login challenge to a POST), certificate names,
 * RTSP replies, ONVIF GetDeviceInformation (on its recorded port), unicast WS-Discovery, the link discovery answers
 * (SADP, DHIP, SSDP) and the authenticated vendor API the record names (`api`), behind HTTP
 * Digest with a lab account (Axis VAPIX as param.cgi's Brand and Properties lists).
 * Nothing is made up: what cannot be served on loopback (a MAC without ARP, a favicon hash
 * without its bytes, the lab's own addresses) is listed as not replayable, never faked.
 */
import { createHash } from 'node:crypto';
import { normaliseMac } from '../evidence/mac.js';
import { EVIDENCE_FIELDS, type EvidenceField } from '../evidence/types.js';
import { BAICHUAN_PORT } from '../probes/baichuan/index.js';
import { DVRIP_REALM_PORT } from '../probes/dhip/dvrip-realm.js';
import { DHIP_TCP_PORT } from '../probes/dhip/login.js';
import { HIK_SDK_PORT } from '../probes/hiksdk/index.js';
import { AXIS_BDI_PATH } from '../probes/http/axis-bdi.js';
import { NET_COMMON } from '../probes/xmsearch/parse.js';
import type { RealDeviceRecord, RecordItem } from '../validation/records.js';
import type { CertName, DeviceProfile, HttpRoute, LabAccount } from './profile.js';
import { loadCredentialedProfiles } from './profiles.js';
import { RPC2_LOGIN_PATH } from './rpc2.js';
import { certAttributeType } from './server.js';
import { xmlEscape } from './xml.js';

export interface NotReplayable {
  field: EvidenceField;
  value: string;
  reason: string;
}

export interface Replay {
  profile: DeviceProfile;
  /** Items served somewhere on the wire. */
  served: RecordItem[];
  notReplayable: NotReplayable[];
  /**
   * With `link`: the MAC the device's own interface must carry in a network namespace, so the
   * scanner learns it by ARP as it would on the site's LAN.
   */
  mac?: string;
  /** With `link`: the device answers link-wide discovery (SADP, the XiongMai search), so it needs a namespace of its own. */
  multicast?: boolean;
}

export interface ReplayOptions {
  /** The device will sit on a link of its own (a namespace veth), so its recorded MAC is served by ARP. */
  link?: boolean;
}

/**
 * Where the SSDP LOCATION points (port and path on the device's own address; the lab adds its
 * port offset, so the port stays low enough for the unprivileged offset).
 */
export const SSDP_DESCRIPTION = { port: 5000, path: '/description.xml' } as const;

const TLS_PORTS = new Set([443, 8443]);
/**
 * Paths a device answers whatever their query string (see the HTTP pages below). Vivotek's
 * getparam.cgi answers each parameter asked that it has; a record keeps the answer to the
 * parameters its source asked, which a scan asking more would get too.
 */
const ANY_QUERY_PATHS = new Set([
  '/ISAPI/Security/sessionLogin/capabilities',
  '/cgi-bin/anonymous/getparam.cgi',
  '/cgi-bin/viewer/getparam.cgi',
]);

/** `A=x, B=y` as a certificate name, attributes in recorded order; undefined if a type is unknown. */
export function parseDn(dn: string): CertName | undefined {
  const attributes: { type: string; value: string }[] = [];
  // Values may contain `, ` themselves (`O=Hangzhou ... Co., Ltd.`): a new attribute starts only
  // where `, TYPE=` follows.
  const parts = dn.split(/,\s*(?=[A-Za-z][A-Za-z0-9.-]{0,40}=)/);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const type = part.slice(0, eq).trim();
    if (!certAttributeType(type)) return undefined;
    attributes.push({ type, value: part.slice(eq + 1).trim() });
  }
  return attributes.length > 0 ? { attributes } : undefined;
}

/** The lab account every replayed credentialed endpoint accepts. */
export function replayAccount(password: string, realm = 'lab'): LabAccount {
  return { username: 'validator', password, realm };
}

/** Why a MAC is not served on loopback (the runner replays such records on a namespace link instead). */
export const MAC_NEEDS_LINK = 'MAC address: no ARP on loopback';
/** Why SADP is not served on loopback (likewise). */
export const SADP_NEEDS_LINK = 'SADP: answered on the multicast group only, not on loopback';
/** Why the XiongMai search is not served on loopback (likewise). */
export const XM_NEEDS_LINK = 'XiongMai search: answered by broadcast, not on loopback';

/** The MAC in `aa:bb:..` form if an interface can carry it (unicast, not all zeros). */
function unicastMac(v: string | undefined): string | undefined {
  const mac = normaliseMac(v);
  if (!mac || mac === '00:00:00:00:00:00') return undefined;
  return (Number.parseInt(mac.slice(0, 2), 16) & 1) === 0 ? mac : undefined;
}

interface PortPages {
  tls: boolean;
  byPath: Map<string, RecordItem[]>;
}

/**
 * The profile for one record. `password` is the lab account's (the runner makes one per run);
 * the username is always `validator`.
 */
export function replayProfile(
  record: RealDeviceRecord,
  id: string,
  password: string,
  opts: ReplayOptions = {},
): Replay {
  const served: RecordItem[] = [];
  const notReplayable: NotReplayable[] = [];
  const skip = (i: RecordItem, reason: string) =>
    notReplayable.push({ field: i.field, value: i.value, reason });
  const items = record.evidence;
  const openRealm = items.find((i) => i.field === 'http.auth.realm' && !i.auth)?.value;
  const account = replayAccount(password, openRealm ?? 'lab');
  const basic = /\bBasic realm\b/i.test(record.source);
  const profile: DeviceProfile = {
    id,
    description: record.name,
    sources: [record.source],
    expect: { vendor: record.truth, brand: record.brand ?? null, type: 'unknown', flagged: false },
  };

  const ports = new Map<number, PortPages>();
  const pagesOn = (port: number) => {
    let p = ports.get(port);
    if (!p) {
      p = { tls: TLS_PORTS.has(port), byPath: new Map() };
      ports.set(port, p);
    }
    return p;
  };
  const tlsNames = new Map<number, { subject?: CertName; issuer?: CertName }>();
  const rtsp: {
    server?: string;
    realm?: string;
    port?: number;
    sdp?: string;
    sdpAuth?: string;
    head?: string;
  } = {};
  const onvifOpen: Record<string, string> = {};
  const onvifAuth: Record<string, string> = {};
  let onvifPort: number | undefined;
  let onvifEnvelope: string | undefined;
  const wsd = { types: [] as string[], scopes: [] as string[] };
  const sadp: Record<string, string> = {};
  const xm: Record<string, string> = {};
  let xmAnswer = false;
  const dhip: Record<string, string> = {};
  const tdp: Record<string, string> = {};
  const upnp: Record<string, string> = {};
  let ssdpServer: string | undefined;
  const device: Record<string, string> = {};
  let apiMac: string | undefined;
  let recordedMac: string | undefined;
  let linkMac: string | undefined;

  const ONVIF: Partial<Record<EvidenceField, string>> = {
    'onvif.manufacturer': 'Manufacturer',
    'onvif.model': 'Model',
    'onvif.firmware': 'FirmwareVersion',
    'onvif.serial': 'SerialNumber',
    'onvif.hardware-id': 'HardwareId',
  };
  const SADP: Partial<Record<EvidenceField, string>> = {
    'sadp.device-type': 'DeviceType',
    'sadp.model': 'DeviceDescription',
    'sadp.serial': 'DeviceSN',
    'sadp.firmware': 'SoftwareVersion',
    'sadp.oem-info': 'OEMInfo',
  };
  const XM: Partial<Record<EvidenceField, string>> = {
    'xm.firmware': 'Version',
    'xm.serial': 'SN',
    'xm.host-name': 'HostName',
  };
  const DHIP: Partial<Record<EvidenceField, string>> = {
    'dhip.device-type': 'DeviceType',
    'dhip.vendor': 'Vendor',
    'dhip.manufacturer': 'Manufacturer',
    'dhip.firmware': 'Version',
    'dhip.serial': 'SerialNo',
  };
  const TDP: Partial<Record<EvidenceField, string>> = {
    'tdp.device-type': 'device_type',
    'tdp.model': 'device_model',
    'tdp.firmware': 'firmware_version',
  };
  const UPNP: Partial<Record<EvidenceField, string>> = {
    'upnp.friendly-name': 'friendlyName',
    'upnp.manufacturer': 'manufacturer',
    'upnp.model-description': 'modelDescription',
    'upnp.model-name': 'modelName',
    'upnp.model-number': 'modelNumber',
    'upnp.serial': 'serialNumber',
    'upnp.udn': 'UDN',
  };

  for (const i of items) {
    const f = i.field;
    const first = (bag: Record<string, string>, key: string) => {
      if (bag[key] !== undefined && bag[key] !== i.value) return false;
      bag[key] = i.value;
      return true;
    };
    const take = (ok: boolean, why = 'a second, different value for the same answer') =>
      ok ? served.push(i) : skip(i, why);
    // A blind set may name a field oemscan has no probe for (http.server for http.header.server): say so.
    if (!(EVIDENCE_FIELDS as readonly string[]).includes(f)) skip(i, 'not an evidence field oemscan records');
    else if (f.startsWith('http.favicon.')) skip(i, 'favicon hash without the icon bytes');
    else if (f === 'http.body' && i.path === RPC2_LOGIN_PATH && !i.auth) {
      // Dahua's login challenge, answered to a POST (the first login step), not to a GET.
      if (profile.dahuaRpc2Login && profile.dahuaRpc2Login.reply !== i.value)
        skip(i, 'a second RPC2_Login answer');
      else {
        profile.dahuaRpc2Login = { reply: i.value };
        served.push(i);
      }
    } else if (f.startsWith('http.')) {
      const port = i.port ?? 80;
      const path = i.path ?? '/';
      const page = pagesOn(port);
      page.byPath.set(path, [...(page.byPath.get(path) ?? []), i]);
    } else if (f === 'tls.subject' || f === 'tls.issuer') {
      const name = parseDn(i.value);
      if (!name) skip(i, 'certificate name with an attribute the lab cannot write');
      else {
        const port = i.port ?? 443;
        const t = tlsNames.get(port) ?? {};
        const key = f === 'tls.subject' ? 'subject' : 'issuer';
        if (t[key]) skip(i, 'a second certificate name on the same port');
        else {
          t[key] = name;
          tlsNames.set(port, t);
          pagesOn(port).tls = true;
          served.push(i);
        }
      }
    } else if (
      f === 'rtsp.header.server' ||
      f === 'rtsp.auth.realm' ||
      f === 'rtsp.sdp' ||
      f === 'rtsp.head'
    ) {
      const key =
        f === 'rtsp.header.server'
          ? 'server'
          : f === 'rtsp.auth.realm'
            ? 'realm'
            : f === 'rtsp.head'
              ? 'head'
              : i.auth
                ? 'sdpAuth'
                : 'sdp';
      if (rtsp.port !== undefined && i.port !== undefined && i.port !== rtsp.port)
        skip(i, 'RTSP on a second port');
      else {
        if (i.port !== undefined) rtsp.port = i.port;
        take(first(rtsp as Record<string, string>, key));
      }
    } else if (f === 'onvif.envelope') {
      if (onvifPort !== undefined && i.port !== undefined && i.port !== onvifPort)
        skip(i, 'ONVIF on a second port');
      else if (onvifEnvelope !== undefined && onvifEnvelope !== i.value)
        skip(i, 'a second, different value for the same answer');
      else {
        if (i.port !== undefined) onvifPort = i.port;
        onvifEnvelope = i.value;
        served.push(i);
      }
    } else if (ONVIF[f]) {
      if (onvifPort !== undefined && i.port !== undefined && i.port !== onvifPort)
        skip(i, 'ONVIF on a second port');
      else {
        if (i.port !== undefined) onvifPort = i.port;
        take(first(i.auth ? onvifAuth : onvifOpen, ONVIF[f] as string));
      }
    } else if (f === 'wsd.scope') {
      wsd.scopes.push(i.value);
      served.push(i);
    } else if (f === 'wsd.types') {
      wsd.types.push(i.value);
      served.push(i);
    } else if (f === 'wsd.xaddr' || f === 'wsd.endpoint')
      skip(i, 'the lab answers with its own address and endpoint');
    else if (SADP[f]) {
      // Most Hikvision units answer SADP on the multicast group only: served on a link of its
      // own, or on loopback where the source shows an answer to a unicast inquiry.
      if (opts.link || record.sadpUnicast) take(first(sadp, SADP[f] as string));
      else {
        first(sadp, SADP[f] as string);
        skip(i, SADP_NEEDS_LINK);
      }
    } else if (XM[f] || f === 'xm.answer') {
      // Broadcast back to the search port: served on a link of its own only. Every reply
      // carries NetWork.NetCommon, so an `xm.answer` item is served by any reply.
      if (!opts.link) skip(i, XM_NEEDS_LINK);
      else if (f === 'xm.answer') {
        if (i.value !== NET_COMMON) skip(i, `a XiongMai search reply carries ${NET_COMMON}`);
        else {
          xmAnswer = true;
          served.push(i);
        }
      } else take(first(xm, XM[f] as string));
    } else if (DHIP[f]) take(first(dhip, DHIP[f] as string));
    else if (TDP[f]) take(first(tdp, TDP[f] as string));
    else if (UPNP[f]) take(first(upnp, UPNP[f] as string));
    else if (f === 'ssdp.server') {
      if (ssdpServer !== undefined && ssdpServer !== i.value) skip(i, 'a second SSDP SERVER value');
      else {
        ssdpServer = i.value;
        served.push(i);
      }
    } else if (f.startsWith('device.')) {
      if (!record.api) skip(i, 'device.* item without the API it came from (`api`)');
      else if (!apiFields(record.api)) skip(i, `${record.api} API: no oemscan probe asks it yet`);
      else take(first(device, f));
    } else if (f === 'mac.address') {
      recordedMac ??= i.value;
      // The API answers that carry the MAC: those read after a login, and Tapo's (all are).
      const apiStatesMac =
        record.api === 'tapo' ||
        (i.auth && (record.api === 'isapi' || record.api === 'lapi' || record.api === 'onvif'));
      if (apiStatesMac && !apiMac) {
        apiMac = i.value;
        served.push(i);
      } else if (recordedMac === i.value && items.some((x) => DHIP[x.field]))
        served.push(i); // the DHIP answer carries the recorded MAC (discovery.mac)
      else if (opts.link && !linkMac && unicastMac(i.value)) {
        linkMac = unicastMac(i.value);
        served.push(i);
      } else skip(i, MAC_NEEDS_LINK);
    } else if (f === 'dhip.realm' || f === 'dvrip.realm') {
      // Dahua's login realm over DHIP (TCP 5000) or its private protocol (TCP 37777).
      const key = f === 'dhip.realm' ? 'dhipLogin' : 'dvripRealm';
      if (profile[key] && profile[key].realm !== i.value) skip(i, `a second ${f}`);
      else {
        profile[key] = { realm: i.value };
        served.push(i);
      }
    } else if (f === 'hiksdk.answer' || f === 'baichuan.answer') {
      const key = f === 'hiksdk.answer' ? 'hikSdk' : 'baichuan';
      if (profile[key] && profile[key].answer !== i.value) skip(i, `a second ${f}`);
      else if (!/^(?:[0-9a-f]{2})+$/i.test(i.value)) skip(i, `${f} is not hex`);
      else {
        profile[key] = { answer: i.value };
        served.push(i);
      }
    } else if (f === 'tcp.open') {
      const port = Number(i.value);
      if (Number.isInteger(port) && port > 0 && port < 65536) {
        profile.tcpSilent = [...(profile.tcpSilent ?? []), port];
        served.push(i);
      } else skip(i, 'tcp.open without a port number');
    } else skip(i, `no lab service for ${f}`);
  }

  // HTTP(S) pages, port by port.
  let needsAccount = false;
  for (const [port, pages] of ports) {
    const routes: HttpRoute[] = [];
    for (const [path, list] of pages.byPath) {
      const route = pageRoute(path, list, basic, served, skip);
      if (route.auth) needsAccount = true;
      // Axis's device information is a JSON API answered to a POST (src/probes/http/axis-bdi.ts).
      if (path === AXIS_BDI_PATH)
        Object.assign(route, {
          method: 'POST',
          headers: { ...route.headers, 'Content-Type': 'application/json' },
        });
      routes.push(route);
    }
    // Hikvision's session capabilities are served whatever user name the query asks for (the
    // device's web client puts the name typed at login there; records leave it out), Vivotek's
    // getparam.cgi whatever parameters.
    for (const r of routes)
      if (ANY_QUERY_PATHS.has(r.path.split('?')[0] as string)) {
        r.path = r.path.split('?')[0] as string;
        r.anyQuery = true;
      }
    // A realm protects the directory it was seen in (`/axis-cgi/`, `/cgi-bin/`, `/ISAPI/`), not one file.
    for (const r of routes.filter((x) => x.status === 401)) {
      const dir = /^\/[^/?]+\//.exec(r.path)?.[0];
      if (dir && !routes.some((x) => x.below && x.path === dir))
        routes.push({ ...r, path: dir, below: true });
    }
    // One web server per port: its Server header comes with every answer there, not only the recorded page's.
    const server = routes.map((r) => r.headers?.Server).find(Boolean);
    if (port === 80 && !pages.tls) {
      profile.http = routes;
      if (server) profile.httpServer = server;
    } else {
      const t = tlsNames.get(port);
      profile.httpPorts = [
        ...(profile.httpPorts ?? []),
        {
          port,
          ...(pages.tls ? { tls: true } : {}),
          ...(t?.subject || t?.issuer
            ? { cert: { subject: t.subject ?? t.issuer ?? {}, ...(t.issuer ? { issuer: t.issuer } : {}) } }
            : {}),
          http: routes,
          ...(server ? { server } : {}),
        },
      ];
    }
  }

  if (Object.keys(rtsp).some((k) => k !== 'port')) {
    const server: Record<string, string> = rtsp.server !== undefined ? { Server: rtsp.server } : {};
    const challenged = rtsp.realm !== undefined || rtsp.sdpAuth !== undefined;
    profile.rtsp = {
      ...(rtsp.port !== undefined ? { port: rtsp.port } : {}),
      // A recorded OPTIONS head is sent as recorded; else one is built from the recorded fields.
      options:
        rtsp.head !== undefined
          ? { status: Number(/^RTSP\/\d\.\d (\d{3})/.exec(rtsp.head)?.[1] ?? 200), head: rtsp.head }
          : { status: 200, reason: 'OK', headers: { ...server, Public: 'OPTIONS, DESCRIBE' } },
      describe: challenged
        ? {
            status: 401,
            reason: 'Unauthorized',
            headers: {
              ...server,
              'WWW-Authenticate': `${basic ? 'Basic' : 'Digest'} realm="${rtsp.realm ?? account.realm}"`,
            },
          }
        : {
            status: 200,
            reason: 'OK',
            headers: { ...server },
            ...(rtsp.sdp !== undefined ? { sdp: rtsp.sdp } : {}),
          },
      // Behind the challenge the lab account logs in (the device's one account); a description
      // recorded after the login is served there, else nothing is described (404).
      ...(challenged
        ? {
            login: {
              account: { ...account, realm: rtsp.realm ?? account.realm },
              described:
                rtsp.sdpAuth !== undefined
                  ? { status: 200, reason: 'OK', headers: { ...server }, sdp: rtsp.sdpAuth }
                  : { status: 404, reason: 'Not Found', headers: { ...server } },
            },
          }
        : {}),
    };
  }

  // ONVIF: an open GetDeviceInformation, or one behind the lab account (recorded after login,
  // or the device.* items of an `api: onvif` record).
  const onvifDevice =
    record.api === 'onvif'
      ? Object.fromEntries(
          (
            [
              ['device.manufacturer', 'Manufacturer'],
              ['device.model', 'Model'],
              ['device.firmware', 'FirmwareVersion'],
              ['device.serial', 'SerialNumber'],
              ['device.hardware', 'HardwareId'],
            ] as const
          ).flatMap(([k, tag]) => (device[k] !== undefined ? [[tag, device[k]]] : [])),
        )
      : {};
  const behindLogin = { ...onvifDevice, ...onvifAuth };
  const ownPort = onvifPort !== undefined && onvifPort !== 80 ? { port: onvifPort } : {};
  const envelope = onvifEnvelope !== undefined ? { envelope: onvifEnvelope } : {};
  if (Object.keys(onvifOpen).length > 0) {
    profile.onvif = { ...ownPort, deviceInformation: onvifOpen, ...envelope };
    unserve(
      served,
      skip,
      items,
      (i) => isOnvifBehindLogin(i, record),
      'ONVIF answered without a login already',
    );
  } else if (Object.keys(behindLogin).length > 0) {
    profile.onvif = {
      ...ownPort,
      account: account,
      deviceInformation: behindLogin,
      ...(apiMac && record.api === 'onvif' ? { hwAddress: apiMac } : {}),
      ...envelope,
    };
  } else if (onvifEnvelope !== undefined) {
    // Only the root tag was recorded: the service answers GetSystemDateAndTime and refuses the rest.
    profile.onvif = { ...ownPort, deviceInformation: 'NotAuthorized', ...envelope };
  }

  if (wsd.scopes.length > 0 || wsd.types.length > 0)
    profile.wsDiscovery = { types: wsd.types.join(' '), scopes: wsd.scopes };

  // Link discovery answers (served once the lab answers them on loopback).
  const discovery: NonNullable<DeviceProfile['discovery']> = {};
  if (Object.keys(sadp).length > 0) {
    discovery.sadp = sadp;
    if (record.sadpUnicast) discovery.sadpUnicast = true;
  }
  if (Object.keys(dhip).length > 0) discovery.dhip = { deviceInfo: dhip };
  // The recorded answer's envelope around what the record states (python-kasa's discovery_result).
  if (Object.keys(tdp).length > 0) discovery.tdp = { answer: { error_code: 0, result: tdp } };
  if (xmAnswer || Object.keys(xm).length > 0) discovery.xm = { reply: { [NET_COMMON]: xm, Ret: 100 } };
  if (ssdpServer !== undefined || Object.keys(upnp).length > 0) {
    const udn = upnp.UDN ?? `uuid:${labUuid(id)}`;
    const fields = Object.entries(upnp).filter(([k]) => k !== 'UDN');
    const taken = new Set((profile.httpPorts ?? []).map((h) => h.port));
    let port: number = SSDP_DESCRIPTION.port;
    while (taken.has(port)) port++;
    discovery.ssdp = {
      ...(ssdpServer !== undefined ? { server: ssdpServer } : {}),
      udn,
      port,
      path: SSDP_DESCRIPTION.path,
      ...(fields.length > 0 || upnp.UDN
        ? {
            description:
              '<?xml version="1.0"?>\n<root xmlns="urn:schemas-upnp-org:device-1-0">\n' +
              '<specVersion><major>1</major><minor>0</minor></specVersion>\n<device>\n' +
              [...fields, ['UDN', udn]].map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`).join('\n') +
              '\n</device>\n</root>\n',
          }
        : {}),
    };
  }
  if (Object.keys(discovery).length > 0) {
    if (recordedMac) discovery.mac = recordedMac;
    profile.discovery = discovery;
  }

  // The credentialed API the record's device.* items came from.
  if (record.api && apiFields(record.api)) {
    const carried = new Set<string>(apiFields(record.api) ?? []);
    unserve(
      served,
      skip,
      items,
      (i) => i.field.startsWith('device.') && !carried.has(i.field),
      `the ${record.api} answer has no such field`,
    );
  }
  if (record.api && record.api !== 'onvif' && apiFields(record.api) && Object.keys(device).length > 0) {
    const ok = vendorApi(profile, record.api as VendorApi, device, account, apiMac);
    if (!ok)
      unserve(
        served,
        skip,
        items,
        (i) => i.field.startsWith('device.'),
        `not enough for a ${record.api} answer`,
      );
    else needsAccount = true;
  }
  if (needsAccount) profile.httpAccount = account;
  // A port the device serves anyway is open; a record that also lists it as open adds nothing.
  if (profile.tcpSilent) {
    const busy = new Set([
      ...(profile.onvif?.port ? [profile.onvif.port] : []),
      ...(profile.http ||
      (profile.onvif && !profile.onvif.port) ||
      profile.isapi ||
      profile.dahuaCgi ||
      profile.lapi ||
      profile.reolink ||
      profile.vapix ||
      profile.vivotek ||
      profile.foscam ||
      profile.dahuaRpc2Login
        ? [80]
        : []),
      ...(profile.https || profile.tapo ? [443] : []),
      ...(profile.httpPorts ?? []).map((e) => e.port),
      ...(profile.rtsp ? [profile.rtsp.port ?? 554] : []),
      ...(profile.dvrip ? [34567] : []),
      ...(profile.dhipLogin ? [DHIP_TCP_PORT] : []),
      ...(profile.dvripRealm ? [DVRIP_REALM_PORT] : []),
      ...(profile.hikSdk ? [HIK_SDK_PORT] : []),
      ...(profile.baichuan ? [BAICHUAN_PORT] : []),
    ]);
    profile.tcpSilent = [...new Set(profile.tcpSilent)].filter((port) => !busy.has(port));
  }
  const mac = opts.link ? (linkMac ?? unicastMac(recordedMac)) : undefined;
  const multicast = opts.link && (Object.keys(sadp).length > 0 || discovery.xm !== undefined);
  return { profile, served, notReplayable, ...(mac ? { mac } : {}), ...(multicast ? { multicast } : {}) };
}

/** The device.* fields each authenticated API's answer carries (as its probe reads them). */
const API_FIELDS: Record<string, EvidenceField[]> = {
  isapi: ['device.manufacturer', 'device.model', 'device.serial', 'device.firmware', 'device.oem-code'],
  'dahua-cgi': ['device.manufacturer', 'device.model', 'device.serial', 'device.firmware'],
  lapi: ['device.manufacturer', 'device.model', 'device.serial', 'device.firmware'],
  dvrip: ['device.model', 'device.serial', 'device.firmware', 'device.hardware'],
  onvif: ['device.manufacturer', 'device.model', 'device.firmware', 'device.serial', 'device.hardware'],
  // GetDevInfo's DevInfo: model, firmVer, hardVer, serial (no manufacturer field in any answer seen).
  reolink: ['device.model', 'device.firmware', 'device.hardware', 'device.serial'],
  // param.cgi's Brand (Brand, ProdNbr) and Properties (Firmware.Version, System.SerialNumber, System.HardwareID).
  vapix: ['device.manufacturer', 'device.model', 'device.firmware', 'device.serial', 'device.hardware'],
  // getparam.cgi's system_info_modelname, _firmwareversion, _serialnumber.
  vivotek: ['device.model', 'device.firmware', 'device.serial'],
  // getDevInfo's productName, firmwareVer, hardwareVer.
  foscam: ['device.model', 'device.firmware', 'device.hardware'],
  // getDeviceInfo's basic_info: device_model, sw_version, hw_version, manufacturer_name (and mac).
  tapo: ['device.manufacturer', 'device.model', 'device.firmware', 'device.hardware'],
  // VersionInfo after the Baichuan login: type, firmwareVersion, serialNumber, hardwareVersion.
  baichuan: ['device.model', 'device.firmware', 'device.serial', 'device.hardware'],
};

/** The recorded Baichuan frames of the lab's credentialed Reolink camera (offer, login replies). */
const baichuanLoginCamera = () =>
  loadCredentialedProfiles().find((p) => p.id === 'reolink-camera-baichuan-login')?.baichuan;

/** The fields of a record's `api`, own entries only (a record from elsewhere may name anything). */
const apiFields = (api: string) => (Object.hasOwn(API_FIELDS, api) ? API_FIELDS[api] : undefined);

function isOnvifBehindLogin(i: RecordItem, record: RealDeviceRecord) {
  return (
    (i.field.startsWith('onvif.') && Boolean(i.auth)) ||
    (record.api === 'onvif' && i.field.startsWith('device.'))
  );
}

/** Moves items from served to not replayable. */
function unserve(
  served: RecordItem[],
  skip: (i: RecordItem, reason: string) => void,
  items: RecordItem[],
  which: (i: RecordItem) => boolean,
  reason: string,
) {
  for (const i of items)
    if (which(i)) {
      const at = served.indexOf(i);
      if (at >= 0) {
        served.splice(at, 1);
        skip(i, reason);
      }
    }
}

/**
 * One path's answer: a recorded realm makes it a 401 (with the recorded page, if any, as its
 * body); pages recorded after login sit behind the lab account; a title alone is wrapped in a
 * minimal page.
 */
function pageRoute(
  path: string,
  list: RecordItem[],
  basic: boolean,
  served: RecordItem[],
  skip: (i: RecordItem, reason: string) => void,
): HttpRoute {
  const open = list.filter((i) => !i.auth);
  const closed = list.filter((i) => i.auth);
  const one = (from: RecordItem[], field: EvidenceField) => from.find((i) => i.field === field);
  const server = one(open, 'http.header.server') ?? one(closed, 'http.header.server');
  const realm = one(open, 'http.auth.realm');
  // A recorded `<status> <path>` with nothing else: the path answered that status (a 401 with a
  // challenge whose realm the source did not show, so the lab's neutral one).
  const endpoint = one(open, 'http.endpoint');
  const endpointStatus = Number(/^(200|401|403) /.exec(endpoint?.value ?? '')?.[1] ?? 0);
  const page = (from: RecordItem[]) => {
    const body = one(from, 'http.body');
    const title = one(from, 'http.title');
    if (body) return { body: body.value, used: [body, ...(title ? [title] : [])] };
    if (title)
      return { body: `<html><head><title>${title.value}</title></head><body></body></html>`, used: [title] };
    return undefined;
  };
  const openPage = page(open);
  const closedPage = page(closed);
  const used = new Set<RecordItem>([...(server ? [server] : []), ...(openPage?.used ?? [])]);
  const headers: Record<string, string> = server ? { Server: server.value } : {};
  let route: HttpRoute;
  if (closedPage && !openPage) {
    // Behind the login: the lab account's challenge carries the recorded realm (or `lab`).
    for (const i of closedPage.used) used.add(i);
    if (realm) used.add(realm);
    route = {
      path,
      status: 200,
      headers: { ...headers, 'Content-Type': 'text/html' },
      body: closedPage.body,
      auth: true,
    };
  } else if (realm) {
    used.add(realm);
    route = {
      path,
      status: 401,
      headers: {
        ...headers,
        'WWW-Authenticate': basic
          ? `Basic realm="${realm.value}"`
          : `Digest realm="${realm.value}", qop="auth", nonce="${nonceOf(path)}"`,
        'Content-Type': 'text/html',
      },
      body: openPage?.body ?? '',
    };
  } else {
    const status = !openPage && endpointStatus ? endpointStatus : 200;
    if (endpoint && endpointStatus === status) used.add(endpoint);
    route = {
      path,
      status,
      headers: {
        ...headers,
        ...(status === 401
          ? { 'WWW-Authenticate': `Digest realm="lab", qop="auth", nonce="${nonceOf(path)}"` }
          : {}),
        'Content-Type': 'text/html',
      },
      body: openPage?.body ?? '',
    };
  }
  for (const i of list) {
    if (used.has(i)) served.push(i);
    else
      skip(
        i,
        i.auth
          ? 'a page after login where the same path answers without one'
          : 'a second value for the same page',
      );
  }
  return route;
}

/** A fixed nonce for a replayed challenge (nobody logs in there; the lab account has its own). */
const nonceOf = (path: string) => createHash('md5').update(`replay:${path}`).digest('hex');

const labUuid = (id: string) => {
  const h = createHash('sha1').update(id).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** Fills the profile's vendor API from device.* values; false when the API's answer would need values not recorded. */
type VendorApi =
  | 'isapi'
  | 'dahua-cgi'
  | 'lapi'
  | 'dvrip'
  | 'reolink'
  | 'vapix'
  | 'vivotek'
  | 'foscam'
  | 'tapo'
  | 'baichuan';

function vendorApi(
  profile: DeviceProfile,
  api: VendorApi,
  d: Record<string, string>,
  account: LabAccount,
  mac: string | undefined,
): boolean {
  const model = d['device.model'];
  const firmware = d['device.firmware'];
  const serial = d['device.serial'];
  const manufacturer = d['device.manufacturer'];
  if (api === 'isapi') {
    const el = (tag: string, v: string | undefined) =>
      v !== undefined ? `<${tag}>${xmlEscape(v)}</${tag}>` : '';
    profile.isapi = {
      account,
      deviceInfo:
        '<?xml version="1.0" encoding="UTF-8"?>\n<DeviceInfo version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">\n' +
        el('manufacturer', manufacturer) +
        el('model', model) +
        el('serialNumber', serial) +
        el('macAddress', mac) +
        el('firmwareVersion', firmware) +
        el('OEMCode', d['device.oem-code']) +
        '\n</DeviceInfo>\n',
    };
    return true;
  }
  if (api === 'dahua-cgi') {
    // getSystemInfo must have a table for the probe to go on; it carries the model and serial.
    const system = [
      ...(model !== undefined ? [`deviceType=${model}`] : []),
      ...(serial !== undefined ? [`serialNumber=${serial}`] : []),
    ];
    if (system.length === 0) return false;
    profile.dahuaCgi = {
      account,
      actions: {
        getSystemInfo: `${system.join('\r\n')}\r\n`,
        ...(model !== undefined ? { getDeviceType: `type=${model}\r\n` } : {}),
        ...(manufacturer !== undefined ? { getVendor: `vendor=${manufacturer}\r\n` } : {}),
        ...(firmware !== undefined ? { getSoftwareVersion: `version=${firmware}\r\n` } : {}),
      },
    };
    return true;
  }
  if (api === 'lapi') {
    const data: Record<string, string> = {};
    if (manufacturer !== undefined) data.Manufacturer = manufacturer;
    if (model !== undefined) data.DeviceModel = model;
    if (serial !== undefined) data.SerialNumber = serial;
    if (firmware !== undefined) data.FirmwareVersion = firmware;
    if (mac !== undefined) data.MAC = mac;
    profile.lapi = {
      account,
      deviceInfo: JSON.stringify({
        Response: {
          ResponseURL: '/LAPI/V1.0/System/DeviceInfo',
          ResponseCode: 0,
          ResponseString: 'Succeed',
          StatusCode: 0,
          Data: data,
        },
      }),
    };
    return true;
  }
  if (api === 'reolink') {
    // The DevInfo keys real GetDevInfo answers use (home-assistant/core#103241): only recorded values.
    const devInfo: Record<string, string> = {};
    if (model !== undefined) devInfo.model = model;
    if (firmware !== undefined) devInfo.firmVer = firmware;
    if (d['device.hardware'] !== undefined) devInfo.hardVer = d['device.hardware'];
    if (serial !== undefined) devInfo.serial = serial;
    if (Object.keys(devInfo).length === 0) return false;
    profile.reolink = { account, devInfo };
    return true;
  }
  if (api === 'tapo') {
    // basic_info's keys as the cameras name them (python-kasa tests/fixtures/smartcam): only recorded
    // values; the MAC in the dashed upper-case form the cameras write.
    const basicInfo: Record<string, string> = {};
    if (model !== undefined) basicInfo.device_model = model;
    if (firmware !== undefined) basicInfo.sw_version = firmware;
    if (d['device.hardware'] !== undefined) basicInfo.hw_version = d['device.hardware'];
    if (manufacturer !== undefined) basicInfo.manufacturer_name = manufacturer;
    if (!basicInfo.device_model && !basicInfo.sw_version) return false;
    if (mac !== undefined) basicInfo.mac = mac.toUpperCase().replace(/[:.]/g, '-');
    profile.tapo = { account, basicInfo };
    return true;
  }
  if (api === 'baichuan') {
    // A record with its own (header-only) answer has no offer to log in with.
    if (profile.baichuan) return false;
    // VersionInfo's tags in the order of the recorded one (the lab's Reolink E1 profile): only
    // recorded values. The port answers as that profile's camera, whose recorded frames it sends.
    const versionInfo: Record<string, string> = {};
    if (model !== undefined) versionInfo.type = model;
    if (serial !== undefined) versionInfo.serialNumber = serial;
    if (d['device.hardware'] !== undefined) versionInfo.hardwareVersion = d['device.hardware'];
    if (firmware !== undefined) versionInfo.firmwareVersion = firmware;
    const recorded = baichuanLoginCamera();
    if (!recorded?.login) return false;
    profile.baichuan = { answer: recorded.answer, login: { ...recorded.login, account, versionInfo } };
    return true;
  }
  if (api === 'vapix') {
    // param.cgi's list format, one `root.<Group>.<Name>=<value>` line each (Kane610/axis
    // tests/parameters/test_brand.py, test_properties.py): only recorded values.
    const lines = (entries: [string, string | undefined][]) =>
      entries.flatMap(([k, v]) => (v !== undefined ? [`root.${k}=${v}\n`] : [])).join('');
    const brand = lines([
      ['Brand.Brand', manufacturer],
      ['Brand.ProdNbr', model],
    ]);
    if (!brand) return false;
    const properties = lines([
      ['Properties.Firmware.Version', firmware],
      ['Properties.System.HardwareID', d['device.hardware']],
      ['Properties.System.SerialNumber', serial],
    ]);
    profile.vapix = { account, groups: { Brand: brand, ...(properties ? { Properties: properties } : {}) } };
    return true;
  }
  if (api === 'foscam') {
    // getDevInfo's element names (home-assistant/core foscam/entity.py): only recorded values.
    const devInfo: Record<string, string> = {};
    if (model !== undefined) devInfo.productName = model;
    if (firmware !== undefined) devInfo.firmwareVer = firmware;
    if (d['device.hardware'] !== undefined) devInfo.hardwareVer = d['device.hardware'];
    if (Object.keys(devInfo).length === 0) return false;
    profile.foscam = { account, devInfo };
    return true;
  }
  if (api === 'vivotek') {
    // getparam.cgi's system_info parameters, in the quoted form Vivotek units answer with: only recorded values.
    const systemInfo: Record<string, string> = {};
    if (model !== undefined) systemInfo.modelname = model;
    if (firmware !== undefined) systemInfo.firmwareversion = firmware;
    if (serial !== undefined) systemInfo.serialnumber = serial;
    if (Object.keys(systemInfo).length === 0) return false;
    profile.vivotek = { account, systemInfo };
    return true;
  }
  const info: Record<string, string> = {};
  if (model !== undefined) info.DeviceModel = model;
  if (serial !== undefined) info.SerialNo = serial;
  if (firmware !== undefined) info.SoftWareVersion = firmware;
  if (d['device.hardware'] !== undefined) info.HardWare = d['device.hardware'];
  if (Object.keys(info).length === 0) return false;
  profile.dvrip = { account, systemInfo: info };
  return true;
}
