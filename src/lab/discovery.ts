/**
 * @module lab/discovery
 * Link-wide discovery responders of a simulated device: SADP, DHIP, XiongMai search, TP-Link
 * discovery and SSDP (WS-Discovery lives
 * with the unicast responder in lab/server). They bind the wildcard address and join the
 * groups, so they only ever run inside a lab network namespace (startLab checks), answering
 * from the address of the link the query came in on, with that link's MAC.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createServer } from 'node:http';
import { networkInterfaces } from 'node:os';
import ssdp from 'node-ssdp';
import { DHIP_MULTICAST, DHIP_PORT } from '../probes/dhip/parse.js';
import { SADP_MULTICAST, SADP_PORT } from '../probes/sadp/parse.js';
import { SSDP_PORT } from '../probes/ssdp/index.js';
import { TDP_PORT } from '../probes/tdp/parse.js';
import { XM_SEARCH_PORT } from '../probes/xmsearch/parse.js';
import { cidrBlock, formatIPv4, parseIPv4 } from '../targets/ipv4.js';
import { dhipDatagram, isDhipSearch } from './dhip-wire.js';
import { dvripReply, isXmSearch } from './dvrip-wire.js';
import type { DeviceProfile } from './profile.js';
import { isTdpProbe, tdpDatagram } from './tdp-wire.js';
import { xmlEscape } from './xml.js';

export type Closable = { close(cb?: () => void): unknown };

export interface Link {
  address: string;
  netmask: string;
  prefixLength: number;
  mac: string;
}

export function localLinks(): Link[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => ({
      address: a?.address ?? '',
      netmask: a?.netmask ?? '',
      prefixLength: Number(a?.cidr?.split('/')[1] ?? 32),
      mac: a?.mac ?? '00:00:00:00:00:00',
    }));
}

/** The local link facing `peer` (same subnet), or the first link. */
export function linkFor(peer: string, links = localLinks()): Link | undefined {
  const p = parseIPv4(peer) ?? -1;
  return (
    links.find((l) => {
      const { first, last } = cidrBlock(parseIPv4(l.address) ?? 0, l.prefixLength);
      return p >= first && p <= last;
    }) ?? links[0]
  );
}

const gatewayOf = (l: Pick<Link, 'address' | 'prefixLength'>) =>
  formatIPv4(cidrBlock(parseIPv4(l.address) ?? 0, l.prefixLength).first + 1);
const broadcastOf = (l: Pick<Link, 'address' | 'prefixLength'>) =>
  formatIPv4(cidrBlock(parseIPv4(l.address) ?? 0, l.prefixLength).last);

/**
 * A UDP socket on `port` that has joined `group` on every link: bound to every address, or with
 * `groupOnly` to the group address, so that datagrams sent to the unit's own address never reach it.
 * Without a group it takes broadcasts (bound to every address, allowed to broadcast back).
 */
export async function groupSocket(
  port: number,
  group: string | undefined,
  onQuery: (msg: Buffer, from: RemoteInfo, link: Link, sock: Socket) => void,
  groupOnly = false,
): Promise<Socket> {
  const sock = createSocket({ type: 'udp4', reuseAddr: true });
  sock.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    if (groupOnly && group) sock.bind(port, group, () => resolve());
    else sock.bind(port, () => resolve());
  });
  const links = localLinks();
  if (group) for (const l of links) sock.addMembership(group, l.address);
  else sock.setBroadcast(true);
  sock.on('message', (msg, from) => {
    if (links.some((l) => l.address === from.address)) return; // our own echo
    const link = linkFor(from.address, links);
    if (link && msg.length <= 64 * 1024) onQuery(msg, from, link, sock);
  });
  return sock;
}

/** SADP: answers an inquiry with the profile's ProbeMatch, unicast to the asker (as hikvision-tooling expects); MAC only when known. */
function sadpReply(
  p: DeviceProfile,
  query: string,
  link: Omit<Link, 'mac'> & { mac?: string },
): string | undefined {
  const fields = p.discovery?.sadp;
  if (!fields || !/<Types>inquiry(_v32)?<\/Types>/.test(query)) return undefined;
  const uuid = /<Uuid>([0-9A-Fa-f-]{1,64})<\/Uuid>/.exec(query)?.[1] ?? '';
  const own: Record<string, string> = {
    Uuid: uuid,
    ...(link.mac ? { MAC: link.mac.replace(/:/g, '-') } : {}),
    IPv4Address: link.address,
    IPv4SubnetMask: link.netmask,
    IPv4Gateway: gatewayOf(link),
  };
  // Laid out as the DS-2CD2022WD-I's recorded answer (docs/probes.md): CRLF line ends, the
  // first element on the <ProbeMatch> line.
  const body = Object.entries({ Uuid: '', ...fields, ...own })
    .map(([k, v]) => `<${k}>${xmlEscape(String(own[k] ?? v))}</${k}>`)
    .join('\r\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\r\n<ProbeMatch>${body}\r\n</ProbeMatch>\r\n`;
}

/**
 * DHIP: the `client.notifyDevInfo` answer to a `DHDiscover.search`, from the profile's recorded
 * deviceInfo with the link's own address, mask and gateway, and `mac` only when one is known.
 */
function dhipReply(
  p: DeviceProfile,
  msg: Buffer,
  link: Omit<Link, 'mac'> & { mac?: string },
): Buffer | undefined {
  const info = p.discovery?.dhip?.deviceInfo;
  if (!info || !isDhipSearch(msg)) return undefined;
  const v4 = (info.IPv4Address ?? {}) as Record<string, unknown>;
  const deviceInfo = {
    ...info,
    IPv4Address: {
      ...v4,
      DefaultGateway: gatewayOf(link),
      IPAddress: link.address,
      SubnetMask: link.netmask,
    },
  };
  return dhipDatagram(
    JSON.stringify({
      ...(link.mac ? { mac: link.mac } : {}),
      method: 'client.notifyDevInfo',
      params: { deviceInfo },
    }),
  );
}

/** XiongMai's address form: the IPv4 address as a little-endian u32 in hex ("0x6701A8C0" is 192.168.1.103). */
const xmHex = (ip: string) =>
  `0x${Buffer.from((parseIPv4(ip) ?? 0).toString(16).padStart(8, '0'), 'hex')
    .reverse()
    .toString('hex')
    .toUpperCase()}`;

/** XiongMai: the recorded search reply with the link's own address, mask, gateway and MAC. */
function xmReply(p: DeviceProfile, msg: Buffer, link: Link): Buffer | undefined {
  const reply = p.discovery?.xm?.reply;
  if (!reply || !isXmSearch(msg)) return undefined;
  const net = (reply['NetWork.NetCommon'] ?? {}) as Record<string, unknown>;
  return dvripReply(0, 0, 1531, {
    ...reply,
    'NetWork.NetCommon': {
      ...net,
      GateWay: xmHex(gatewayOf(link)),
      HostIP: xmHex(link.address),
      MAC: link.mac,
      Submask: xmHex(link.netmask),
    },
  });
}

export async function startDiscoveryResponders(p: DeviceProfile, closers: Closable[]): Promise<void> {
  const d = p.discovery;
  if (!d) return;
  if (d.sadp) {
    closers.push(
      // Group traffic only: an inquiry to the unit's own address is answered by the unicast
      // responder below, and only where the profile says the unit does (`sadpUnicast`).
      await groupSocket(
        SADP_PORT,
        SADP_MULTICAST,
        (msg, from, link, sock) => {
          const reply = sadpReply(p, msg.toString('utf8'), link);
          if (reply) sock.send(reply, from.port, from.address);
        },
        true,
      ),
    );
  }
  if (d.dhip) {
    closers.push(
      await groupSocket(DHIP_PORT, DHIP_MULTICAST, (msg, _from, link, sock) => {
        const reply = dhipReply(p, msg, link);
        if (!reply) return;
        sock.setMulticastInterface(link.address);
        sock.send(reply, DHIP_PORT, DHIP_MULTICAST);
      }),
    );
  }
  if (d.xm) {
    closers.push(
      // Answered by broadcast to the search port, as the recorded camera sends it.
      await groupSocket(XM_SEARCH_PORT, undefined, (msg, _from, link, sock) => {
        const reply = xmReply(p, msg, link);
        if (reply) sock.send(reply, XM_SEARCH_PORT, broadcastOf(link));
      }),
    );
  }
  if (d.tdp) {
    const { answer } = d.tdp;
    closers.push(
      // A probe to the subnet broadcast, answered to the asker (python-kasa listens on its own port).
      await groupSocket(TDP_PORT, undefined, (msg, from, link, sock) => {
        if (isTdpProbe(msg)) sock.send(tdpDatagram(answer, link), from.port, from.address);
      }),
    );
  }
  if (d.ssdp) await startSsdp(d.ssdp, closers);
  // Queries sent straight to a link's own address get a unicast answer from a socket bound to
  // that address (more specific than the wildcard group sockets, so the kernel hands it these).
  for (const link of localLinks()) await startUnicastResponders(p, link, 0, closers, false);
}

type SsdpProfile = NonNullable<NonNullable<DeviceProfile['discovery']>['ssdp']>;

/**
 * An SSDP answer to an M-SEARCH for `st`, one datagram per matching search target (UPnP DA 1.1
 * §1.3.3: for `ssdp:all`, the root device, the UDN and each device type), built from the
 * profile's recorded SERVER (sent only when one was recorded), UDN, USNs and headers.
 */
export function ssdpSearchReplies(s: SsdpProfile, st: string, location: string): string[] {
  const targets = [
    { st: 'upnp:rootdevice', usn: `${s.udn}::upnp:rootdevice` },
    { st: s.udn, usn: s.udn },
    ...(s.usns ?? []).map((u) => ({ st: u, usn: `${s.udn}::${u}` })),
  ].filter((t) => st === 'ssdp:all' || st === t.st);
  return targets.map((t) =>
    [
      'HTTP/1.1 200 OK',
      'CACHE-CONTROL: max-age=1800',
      'EXT: ',
      `LOCATION: ${location}`,
      ...(s.server ? [`SERVER: ${s.server}`] : []),
      `ST: ${t.st}`,
      `USN: ${t.usn}`,
      ...Object.entries(s.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n'),
  );
}

/** Binds a UDP socket on ip:port (reusable, so group sockets on the same port coexist). */
async function unicastSocket(
  ip: string,
  port: number,
  onQuery: (msg: Buffer, from: RemoteInfo, sock: Socket) => void,
) {
  const sock = createSocket({ type: 'udp4', reuseAddr: true });
  sock.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, ip, () => resolve());
  });
  sock.on('message', (msg, from) => {
    if (msg.length <= 64 * 1024) onQuery(msg, from, sock);
  });
  return sock;
}

/**
 * Answers DHIP and SSDP searches sent by unicast to one address of the device (no group joined,
 * so this also runs on a loopback address outside a namespace), each port plus `off`: DHIP with
 * `client.notifyDevInfo` back to the asker, SSDP with its search replies naming this address
 * in LOCATION, and (with `serveDescription`) the description XML on that address; TDP with the
 * recorded answer. SADP only
 * where the profile says the unit answers an inquiry to its own address (`sadpUnicast`).
 */
export async function startUnicastResponders(
  p: DeviceProfile,
  link: Omit<Link, 'mac'> & { mac?: string },
  off: number,
  closers: Closable[],
  serveDescription: boolean,
): Promise<void> {
  const d = p.discovery;
  if (d?.sadp && d.sadpUnicast) {
    closers.push(
      await unicastSocket(link.address, SADP_PORT + off, (msg, from, sock) => {
        const reply = sadpReply(p, msg.toString('utf8'), link);
        if (reply) sock.send(reply, from.port, from.address);
      }),
    );
  }
  if (d?.dhip) {
    closers.push(
      await unicastSocket(link.address, DHIP_PORT + off, (msg, from, sock) => {
        const reply = dhipReply(p, msg, link);
        if (reply) sock.send(reply, from.port, from.address);
      }),
    );
  }
  const tdp = d?.tdp;
  if (tdp) {
    closers.push(
      await unicastSocket(link.address, TDP_PORT + off, (msg, from, sock) => {
        if (isTdpProbe(msg)) sock.send(tdpDatagram(tdp.answer, link), from.port, from.address);
      }),
    );
  }
  const s = d?.ssdp;
  if (!s) return;
  const location = s.location ?? `http://${link.address}:${s.port + off}${s.path}`;
  closers.push(
    await unicastSocket(link.address, SSDP_PORT + off, (msg, from, sock) => {
      const text = msg.subarray(0, 8192).toString('latin1');
      if (!/^M-SEARCH \* HTTP\/1\.1\r?\n/i.test(text) || !/^MAN:\s*"ssdp:discover"\s*$/im.test(text)) return;
      const st = /^ST:[ \t]*(\S{1,256})[ \t]*$/im.exec(text)?.[1];
      if (!st) return;
      for (const reply of ssdpSearchReplies(s, st, location)) sock.send(reply, from.port, from.address);
    }),
  );
  if (!serveDescription || !s.description) return;
  try {
    closers.push(await descriptionServer(s, link.address, s.port + off));
  } catch (err) {
    // A recorded LOCATION on a port the device's own web server already holds (80): that server
    // answers there instead, as on the device; anything else is a real failure.
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
  }
}

async function descriptionServer(s: SsdpProfile, address: string, port: number) {
  const xml = s.description ?? '';
  const http = createServer((req, res) => {
    if (req.url !== s.path) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/xml' }).end(xml);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, address, () => resolve());
  });
  return http;
}

async function startSsdp(s: SsdpProfile, closers: Closable[]) {
  const links = localLinks();
  const server = new ssdp.Server({
    ...(s.server ? { ssdpSig: s.server } : {}),
    udn: s.udn,
    // node-ssdp fills in the address of the socket that answers, so LOCATION names this link.
    location: s.location ?? { protocol: 'http://', port: s.port, path: s.path },
    headers: s.headers ?? {},
    adInterval: 600000,
    customLogger: () => {},
  });
  for (const usn of s.usns ?? []) server.addUSN(usn);
  await server.start();
  closers.push({
    close(cb) {
      server.stop();
      cb?.();
    },
  });
  if (!s.description) return;
  for (const l of links) closers.push(await descriptionServer(s, l.address, s.port));
}
