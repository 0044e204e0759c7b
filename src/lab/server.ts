/**
 * @module lab/server
 * The simulated fleet: every profile gets its own loopback address (127.0.10.x by default)
 * and listens there on its standard ports plus `portOffset` (use an offset to run
 * unprivileged). Only loopback addresses are accepted, so the lab can never face a network.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { generate } from 'selfsigned';
import { BAICHUAN_PORT } from '../probes/baichuan/index.js';
import { DVRIP_REALM_PORT } from '../probes/dhip/dvrip-realm.js';
import { DHIP_TCP_PORT } from '../probes/dhip/login.js';
import { HIK_SDK_PORT } from '../probes/hiksdk/index.js';
import { WSD_MULTICAST } from '../probes/wsdiscovery/multicast.js';
import { baichuanServer } from './baichuan.js';
import { poisonedProbeMatches, RAW_KIND_PORT, rawHostileServer } from './chaos/behaviours.js';
import { dvripRealmServer } from './dahua-dvrip.js';
import { dhipLoginServer } from './dhip-login.js';
import type { AuthCounter } from './digest.js';
import { type Closable, groupSocket, startDiscoveryResponders, startUnicastResponders } from './discovery.js';
import { dvripServer } from './dvrip.js';
import { hikSdkServer } from './hik-sdk.js';
import { httpHandler } from './http.js';
import { type CertName, type DeviceProfile, deviceAccount } from './profile.js';
import { loadProfiles } from './profiles.js';
import { rtspServer } from './rtsp.js';

export interface LabDevice {
  ip: string;
  profile: DeviceProfile;
  /** Logins the device saw (requests carrying credentials) and how many it refused. */
  auth: AuthCounter;
}

export interface Lab {
  devices: LabDevice[];
  portOffset: number;
  /** CIDR covering the lab, for `oemscan scan`. */
  network: string;
  stop(): Promise<void>;
}

export interface LabOptions {
  /** First three octets, e.g. `127.0.10`; must be inside 127.0.0.0/8. */
  prefix?: string;
  /** Last octet of the first device. */
  first?: number;
  portOffset?: number;
  profiles?: DeviceProfile[];
  /**
   * Also answer link-wide discovery (WS-Discovery multicast, SADP, DHIP, SSDP). Binds wildcard
   * addresses and joins multicast groups, so it is refused outside a lab network namespace.
   */
  discovery?: boolean;
}

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const prefix = opts.prefix ?? '127.0.10';
  // Outside loopback only inside a network namespace of its own (the bench and LAN labs).
  if (!/^127\.\d{1,3}\.\d{1,3}$/.test(prefix) && !inPrivateNetns()) {
    throw new Error(`lab prefix must be in 127.0.0.0/8 (or run inside a network namespace), got ${prefix}`);
  }
  if (opts.discovery && !inPrivateNetns()) {
    throw new Error('lab discovery responders run only inside a network namespace (see scripts/netns-lab)');
  }
  const first = opts.first ?? 11;
  const off = opts.portOffset ?? 0;
  const profiles = opts.profiles ?? loadProfiles();
  const closers: Closable[] = [];
  const sockets = new Set<Socket>();
  const devices = profiles.map((profile, i) => ({
    ip: `${prefix}.${first + i}`,
    profile,
    auth: { sent: 0, rejected: 0 },
  }));
  try {
    for (const d of devices) await startDevice(d, off, closers, sockets, Boolean(opts.discovery));
  } catch (err) {
    await closeAll(closers, sockets);
    throw err;
  }
  return {
    devices,
    portOffset: off,
    network: `${prefix}.0/24`,
    stop: () => closeAll(closers, sockets),
  };
}

async function closeAll(closers: Closable[], sockets: Set<Socket>) {
  for (const s of sockets) s.destroy();
  await Promise.all(closers.map((c) => new Promise<void>((resolve) => c.close(() => resolve()))));
}

function listen(server: HttpServer | TcpServer, ip: string, port: number) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ip, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function startDevice(
  { ip, profile: p, auth }: LabDevice,
  off: number,
  closers: Closable[],
  sockets: Set<Socket>,
  discovery: boolean,
) {
  const track = <T extends HttpServer | TcpServer>(server: T): T => {
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    });
    closers.push(server);
    return server;
  };

  const rawPort = p.hostile ? RAW_KIND_PORT[p.hostile] : undefined;
  if (p.hostile && rawPort !== undefined) {
    await listen(track(rawHostileServer(p.hostile)), ip, rawPort + off);
    return;
  }
  // The device service stays on the web server unless it has a port of its own.
  const onvifPort = p.onvif?.port ?? 80;
  const web: DeviceProfile = onvifPort === 80 ? p : { ...p, onvif: undefined };
  if (
    web.http ||
    web.httpDefault ||
    web.onvif ||
    web.isapi ||
    web.dahuaCgi ||
    web.lapi ||
    web.reolink ||
    web.vapix ||
    web.vivotek ||
    web.foscam ||
    web.dahuaRpc2Login
  )
    await listen(track(createHttpServer(httpHandler(web, auth))), ip, 80 + off);
  const tls = p.https ? await certificate(p.https.subject, p.https.issuer) : undefined;
  if (tls) await listen(track(createHttpsServer(tls, httpHandler(web, auth))), ip, 443 + off);
  // Tapo's API is on 443 whatever else the device serves; no recorded certificate: one for the address.
  else if (p.tapo && !p.httpPorts?.some((e) => e.port === 443))
    await listen(
      track(createHttpsServer(await certificate({ CN: ip }), httpHandler(web, auth))),
      ip,
      443 + off,
    );
  if (p.onvif && onvifPort !== 80 && !p.httpPorts?.some((e) => e.port === onvifPort)) {
    const own: DeviceProfile = { id: p.id, description: p.description, sources: p.sources, expect: p.expect };
    await listen(track(createHttpServer(httpHandler({ ...own, onvif: p.onvif }, auth))), ip, onvifPort + off);
  }
  for (const extra of p.httpPorts ?? []) {
    // Same device, other port: that port's routes, and the device service when this is its port.
    const onvif = extra.port === onvifPort ? p.onvif : undefined;
    const own: DeviceProfile = { ...p, http: extra.http, onvif, httpServer: extra.server };
    const handler = httpHandler(own, auth);
    if (extra.tls) {
      const { key, cert } = extra.cert
        ? await certificate(extra.cert.subject, extra.cert.issuer)
        : (tls ?? (await certificate({ CN: ip })));
      await listen(track(createHttpsServer({ key, cert }, handler)), ip, extra.port + off);
    } else await listen(track(createHttpServer(handler)), ip, extra.port + off);
  }
  if (p.rtsp) await listen(track(rtspServer(p.rtsp, auth, deviceAccount(p))), ip, (p.rtsp.port ?? 554) + off);
  if (p.dvrip) await listen(track(dvripServer(p.dvrip, auth)), ip, 34567 + off);
  if (p.dhipLogin) await listen(track(dhipLoginServer(p.dhipLogin, auth)), ip, DHIP_TCP_PORT + off);
  if (p.dvripRealm) await listen(track(dvripRealmServer(p.dvripRealm, auth)), ip, DVRIP_REALM_PORT + off);
  if (p.hikSdk) await listen(track(hikSdkServer(p.hikSdk)), ip, HIK_SDK_PORT + off);
  if (p.baichuan) await listen(track(baichuanServer(p.baichuan, auth)), ip, BAICHUAN_PORT + off);
  for (const port of p.tcpSilent ?? []) await listen(track(createTcpServer(() => {})), ip, port + off);
  for (const { port, text } of p.tcpBanner ?? []) {
    await listen(track(createTcpServer((sock) => sock.end(text))), ip, port + off);
  }
  if (p.wsDiscovery || p.hostile?.startsWith('wsd-'))
    closers.push(await wsdResponder(discovery ? undefined : ip, 3702 + off, onvifPort + off, p));
  if (discovery) await startDiscoveryResponders(p, closers);
  // On loopback: the unicast DHIP/SSDP (and SADP) answers on the device's own address (no group joined).
  // The MAC is sent only when the profile recorded one: a made-up one would name a maker.
  else
    await startUnicastResponders(
      p,
      {
        address: ip,
        netmask: '255.255.255.0',
        prefixLength: 24,
        ...(p.discovery?.mac ? { mac: p.discovery.mac } : {}),
      },
      off,
      closers,
      true,
    );
}

/** Stable per device (not per address), so a device seen on two links keeps one endpoint. */
const endpointOf = (p: DeviceProfile) => {
  const h = createHash('sha1').update(p.id).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/**
 * WS-Discovery responder on `ip` (unicast only), or with `ip` undefined on every link and the
 * multicast group (namespace labs), answering with the address of the link the Probe came in on.
 */
async function wsdResponder(ip: string | undefined, port: number, httpPort: number, p: DeviceProfile) {
  const wsd = p.wsDiscovery ?? { types: 'dn:NetworkVideoTransmitter', scopes: [] };
  const answer = (msg: Buffer, rinfo: { address: string; port: number }, own: string, sock: UdpSocket) => {
    const text = msg.toString('utf8');
    if (!/Probe/.test(text) || /ProbeMatches/.test(text)) return;
    const relates = /<(?:\w+:)?MessageID>([^<]{1,200})</.exec(text)?.[1] ?? '';
    const normal = (
      xaddrs = `http://${own}:${httpPort}/onvif/device_service`,
      scopes = wsd.scopes.join(' '),
    ) =>
      '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" ' +
      'xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" ' +
      'xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">' +
      `<SOAP-ENV:Header><wsa:RelatesTo>${relates}</wsa:RelatesTo>` +
      '<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action></SOAP-ENV:Header>' +
      '<SOAP-ENV:Body><d:ProbeMatches><d:ProbeMatch>' +
      `<wsa:EndpointReference><wsa:Address>${endpointOf(p)}</wsa:Address></wsa:EndpointReference>` +
      `<d:Types>${wsd.types}</d:Types><d:Scopes>${scopes}</d:Scopes>` +
      `<d:XAddrs>${xaddrs}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion>` +
      '</d:ProbeMatch></d:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>';
    const reply = poisonedProbeMatches(p.hostile, normal, p.hostileOptions?.xaddrs) ?? normal();
    sock.send(reply, rinfo.port, rinfo.address);
  };
  if (ip === undefined)
    return groupSocket(port, WSD_MULTICAST, (msg, from, link, sock) => answer(msg, from, link.address, sock));
  const sock: UdpSocket = createSocket('udp4');
  sock.on('error', () => {});
  sock.on('message', (msg, rinfo) => answer(msg, rinfo, ip, sock));
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, ip, () => resolve());
  });
  return sock;
}

const certCache = new Map<string, Promise<{ key: string; cert: string }>>();

/** Attribute names a recorded DN may use that the certificate generator knows only by OID. */
const ATTRIBUTE_OID: Record<string, string> = {
  serialnumber: '2.5.4.5',
  emailaddress: '1.2.840.113549.1.9.1',
  e: '1.2.840.113549.1.9.1',
  street: '2.5.4.9',
  title: '2.5.4.12',
  postalcode: '2.5.4.17',
  unstructuredname: '1.2.840.113549.1.9.2',
  dc: 'DC',
  cn: 'CN',
  c: 'C',
  st: 'ST',
  l: 'L',
  o: 'O',
  ou: 'OU',
};

/** The generator's name for a DN attribute type, or undefined when it cannot write it. */
export function certAttributeType(type: string): string | undefined {
  if (/^\d+(\.\d+)+$/.test(type)) return type;
  return ATTRIBUTE_OID[type.toLowerCase()];
}

// selfsigned parses values as DN text, so a comma inside one (`CO.,LTD.`) must be escaped.
const dnEscape = (v: string) => v.replace(/([,+"\\<>;])/g, '\\$1');

function attrs(name: CertName) {
  if (name.attributes)
    return name.attributes.flatMap(({ type, value }) => {
      const shortName = certAttributeType(type);
      return shortName ? [{ shortName, value: dnEscape(value) }] : [];
    });
  const order = ['C', 'ST', 'L', 'O', 'OU', 'CN'] as const;
  return order.filter((k) => name[k]).map((k) => ({ shortName: k, value: dnEscape(name[k] as string) }));
}

/** A certificate with the captured subject; signed by a throwaway CA when the capture's issuer differs. */
function certificate(subject: CertName, issuer?: CertName) {
  const key = JSON.stringify([subject, issuer]);
  let p = certCache.get(key);
  if (!p) {
    p = (async () => {
      const validity = {
        notBeforeDate: new Date(Date.now() - 86400e3),
        notAfterDate: new Date(Date.now() + 365 * 86400e3),
      };
      if (!issuer || JSON.stringify(issuer) === JSON.stringify(subject)) {
        const pems = await generate(attrs(subject), { keyType: 'ec', algorithm: 'sha256', ...validity });
        return { key: pems.private, cert: pems.cert };
      }
      const ca = await generate(attrs(issuer), {
        keyType: 'ec',
        algorithm: 'sha256',
        ...validity,
        extensions: [{ name: 'basicConstraints', cA: true }],
      });
      const leaf = await generate(attrs(subject), {
        keyType: 'ec',
        algorithm: 'sha256',
        ...validity,
        ca: { key: ca.private, cert: ca.cert },
      });
      return { key: leaf.private, cert: leaf.cert };
    })();
    certCache.set(key, p);
  }
  return p;
}

/** True when this process runs inside a named network namespace (`ip netns exec`), never the machine's own. */
function inPrivateNetns(): boolean {
  try {
    return (
      execFileSync('ip', ['netns', 'identify', String(process.pid)], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim().length > 0
    );
  } catch {
    return false;
  }
}
