/**
 * @module probes/ssdp
 * SSDP discovery with node-ssdp: an `ssdp:all` M-SEARCH from one interface, every reply (and
 * NOTIFY) read with our own bounded parser, then each device's description XML fetched from
 * its LOCATION — only when that URL names the very device that answered and it is inside the
 * scan's targets, so no device can point the scanner somewhere else.
 */
import type { RemoteInfo } from 'node:dgram';
import nodeSsdp from 'node-ssdp';
import { AFTER_CAPTURES, describeProbe, type FieldTable } from '../descriptor.js';
import { listenWindow } from '../net/datagrams.js';
import { MAX_DATAGRAMS, type Observation, observe, SightingBook } from '../net/discovery.js';
import { httpRequest } from '../net/http.js';
import { MAX_XML_INPUT } from '../shared/xml.js';
import { statusOf } from '../status.js';
import type {
  DiscoveryContext,
  DiscoveryProbe,
  DiscoveryResult,
  LocalInterface,
  ProbeStatus,
} from '../types.js';
import { parseSsdpResponse, parseUpnpDescription, type SsdpMessage, type UpnpDevice } from './parse.js';

export const SSDP_PORT = 1900;
/** Descriptions fetched per interface; a flood of distinct LOCATIONs is cut here. */
const MAX_DESCRIPTIONS = 256;

export const UPNP_FIELDS: [keyof UpnpDevice, Observation[0]][] = [
  ['manufacturer', 'upnp.manufacturer'],
  ['modelName', 'upnp.model-name'],
  ['modelNumber', 'upnp.model-number'],
  ['modelDescription', 'upnp.model-description'],
  ['friendlyName', 'upnp.friendly-name'],
  ['serialNumber', 'upnp.serial'],
  ['udn', 'upnp.udn'],
];

/** `uuid:…` of a USN such as `uuid:abc::upnp:rootdevice`. */
export const udnOf = (usn: string | undefined) => /^(uuid:[^:\s]+(?::(?!:)[^:\s]+)*)/i.exec(usn ?? '')?.[1];

/** Evidence in an M-SEARCH reply's own headers: SERVER and the UDN of its USN. */
export function ssdpObservations(m: SsdpMessage): Observation[] {
  const obs: Observation[] = [];
  if (m.server) obs.push(['ssdp.server', m.server]);
  const udn = udnOf(m.usn);
  if (udn) obs.push(['upnp.udn', udn]);
  return obs;
}

export const ssdpProbe: DiscoveryProbe = {
  name: 'ssdp',
  description: 'SSDP M-SEARCH (node-ssdp) and the UPnP description at LOCATION',
  transport: 'udp',
  defaultPorts: [SSDP_PORT],
  async run(iface: LocalInterface, ctx: DiscoveryContext): Promise<DiscoveryResult> {
    const book = new SightingBook(iface, 'ssdp', SSDP_PORT, 'ssdp', 'SSDP M-SEARCH ssdp:all');
    // Keyed by answering address and LOCATION: another device naming the same URL must not displace its owner.
    const locations = new Map<string, { url: string; from: string }>();
    const errors: string[] = [];
    let datagrams = 0;
    const client = new nodeSsdp.Client({
      interfaces: [iface.name],
      // Bound to the interface's own address: Linux then sends the multicast out of that interface.
      explicitSocketBind: true,
      ssdpTtl: 1,
      customLogger: () => {},
    });
    const onMessage = (msg: Buffer, from: RemoteInfo) => {
      if (++datagrams > MAX_DATAGRAMS) return;
      const m = parseSsdpResponse(msg);
      if (!m) return;
      book.add(from.address, ssdpObservations(m));
      const key = `${from.address} ${m.location}`;
      if (m.location && !locations.has(key) && locations.size < MAX_DESCRIPTIONS)
        locations.set(key, { url: m.location, from: from.address });
    };
    try {
      await client.start();
      for (const [address, sock] of Object.entries(client.sockets ?? {})) {
        if (address === iface.address) sock.on('message', onMessage);
      }
      client.search('ssdp:all');
      await listenWindow(ctx.windowMs, ctx.signal);
    } catch (err) {
      errors.push((err as Error).message);
    } finally {
      try {
        client.stop();
      } catch {
        // never started
      }
    }
    await Promise.all([...locations.values()].map(({ url, from }) => describe(url, from, book, ctx)));
    return book.result(datagrams === 0 ? errors : []);
  },
};

async function describe(url: string, from: string, book: SightingBook, ctx: DiscoveryContext) {
  const sighting = book.entry(from);
  if (!sighting) return;
  const r = await fetchDescription(url, from, ctx);
  if ('observations' in r) book.add(from, r.observations);
  else if (r.problem) sighting.errors.push({ probe: 'ssdp', port: SSDP_PORT, ...r.problem });
}

/**
 * The UPnP description at `url`, fetched only when the URL names `from` (the device that
 * answered) and that address is among the scan's targets; otherwise, or when the fetch fails,
 * the problem to report (a refused connection is not one). Bounded by ctx; never throws.
 */
export async function fetchDescription(
  url: string,
  from: string,
  ctx: Pick<DiscoveryContext, 'limits' | 'signal' | 'inScope'>,
): Promise<{ observations: Observation[] } | { problem?: { status: ProbeStatus; message: string } }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: { status: 'protocol-error', message: 'LOCATION is not a URL' } };
  }
  if (parsed.hostname !== from || !ctx.inScope(parsed.hostname)) {
    return {
      problem: {
        status: 'skipped',
        message: `LOCATION ${parsed.host} is not the answering device inside the scan's targets; not followed`,
      },
    };
  }
  try {
    const reply = await httpRequest({
      url,
      timeoutMs: ctx.limits.timeoutMs,
      maxBytes: Math.min(ctx.limits.maxBytes, MAX_XML_INPUT),
      signal: ctx.signal,
    });
    const d =
      reply.status === 200 && !reply.truncated
        ? parseUpnpDescription(reply.body.toString('utf8'))
        : undefined;
    if (!d) {
      return {
        problem: {
          status: reply.truncated ? 'too-large' : 'protocol-error',
          message: `description at ${url.slice(0, 200)}: HTTP ${reply.status}, not a UPnP device description`,
        },
      };
    }
    return { observations: observe(d, UPNP_FIELDS) };
  } catch (err) {
    const status = statusOf(err);
    return status === 'refused'
      ? {}
      : { problem: { status, message: `description: ${(err as Error).message}`.slice(0, 300) } };
  }
}

/** What an M-SEARCH reply and the UPnP description yield, multicast or unicast. */
export const SSDP_EVIDENCE: FieldTable = {
  'ssdp.server': { text: true },
  'upnp.manufacturer': { manufacturer: true, brandClaim: 40, text: true },
  // Often carries the maker's name ("AXIS M1065-LW"): a model only when no signature captured one.
  // Both state the device's model (UPnP Device Architecture, device description), as ONVIF's Model does, so
  // they also read the ONVIF model grammars at their own strength, not only as free-text tokens.
  'upnp.model-name': { model: AFTER_CAPTURES, text: true, grammarOf: 'onvif.model' },
  'upnp.model-number': { text: true, grammarOf: 'onvif.model' },
  'upnp.model-description': { text: true },
  'upnp.friendly-name': { text: true },
  'upnp.serial': { serial: 40, mergeKey: 'serial', grammarOf: 'onvif.serial' },
  'upnp.udn': { mergeKey: 'endpoint' },
};

export const ssdp = describeProbe(ssdpProbe, {
  phase: 'link-discovery',
  services: ['ssdp'],
  fields: SSDP_EVIDENCE,
});
