/**
 * @module probes/net/discovery
 * What the multicast probes share: collecting answers into one sighting per answering address,
 * and the query-and-listen probe shape used by SADP, DHIP and WS-Discovery.
 */
import type { RemoteInfo } from 'node:dgram';
import { type EvidenceField, makeEvidence } from '../../evidence/types.js';
import { cidrBlock, formatIPv4, parseIPv4 } from '../../targets/ipv4.js';
import type {
  DiscoveryContext,
  DiscoveryProbe,
  DiscoveryResult,
  LocalInterface,
  ServiceName,
  Sighting,
} from '../types.js';
import { exchangeDatagrams } from './datagrams.js';

/** Answers kept per interface and protocol; more devices than this on one link are dropped. */
export const MAX_SIGHTINGS = 1024;
/** Datagrams read per query (several per device are normal: one per service or USN). */
export const MAX_DATAGRAMS = 4096;

export type Observation = readonly [EvidenceField, string];

/** The observations a parsed answer yields: each listed member that is set, as its evidence field. */
export function observe<T extends object>(
  parsed: T,
  fields: readonly (readonly [keyof T, EvidenceField])[],
): Observation[] {
  return fields.flatMap(([key, field]) => {
    const v = parsed[key];
    return typeof v === 'string' && v !== '' ? [[field, v] as const] : [];
  });
}

/** Whether `ip` lies on the interface's own subnet. */
export function onLink(iface: LocalInterface, ip: string): boolean {
  const a = parseIPv4(ip);
  const own = parseIPv4(iface.address);
  if (a === undefined || own === undefined) return false;
  const { first, last } = cidrBlock(own, iface.prefixLength);
  return a >= first && a <= last;
}

export function broadcastAddress(iface: LocalInterface): string {
  const own = parseIPv4(iface.address) ?? 0;
  return formatIPv4(cidrBlock(own, iface.prefixLength).last);
}

/** One sighting per answering address; repeated observations are kept once. */
export class SightingBook {
  private readonly byIp = new Map<string, { sighting: Sighting; seen: Set<string> }>();

  constructor(
    private readonly iface: LocalInterface,
    private readonly probe: string,
    private readonly port: number,
    private readonly service: ServiceName,
    private readonly request: string,
  ) {}

  /** The sighting for `ip`, created on first use; undefined once the book is full. */
  entry(ip: string): Sighting | undefined {
    let e = this.byIp.get(ip);
    if (!e) {
      if (this.byIp.size >= MAX_SIGHTINGS) return undefined;
      e = {
        sighting: {
          ip,
          interface: this.iface.name,
          probe: this.probe,
          port: this.port,
          service: this.service,
          evidence: [],
          errors: [],
        },
        seen: new Set(),
      };
      this.byIp.set(ip, e);
    }
    return e.sighting;
  }

  add(ip: string, observations: readonly Observation[]): void {
    const sighting = this.entry(ip);
    const seen = this.byIp.get(ip)?.seen;
    if (!sighting || !seen) return;
    const base = { probe: this.probe, ip, port: this.port, transport: 'udp' as const, request: this.request };
    for (const [field, value] of observations) {
      const key = `${field}\u0000${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      sighting.evidence.push(makeEvidence(base, field, value));
    }
  }

  result(errors: readonly string[]): DiscoveryResult {
    const sightings = [...this.byIp.values()].map((e) => e.sighting);
    if (sightings.length > 0) return { status: 'ok', sightings };
    return errors.length > 0
      ? { status: 'unreachable', sightings, message: errors.join('; ').slice(0, 300) }
      : { status: 'timeout', sightings, message: `no answer on ${this.iface.name}` };
  }
}

export interface DatagramProbeSpec {
  name: string;
  description: string;
  service: ServiceName;
  port: number;
  /** Multicast group the query goes to (and, with `listenOnGroup`, answers may come to); none for broadcast-only protocols. */
  group?: string;
  /** Also send to the subnet's broadcast address. */
  broadcast: boolean;
  listenOnGroup: boolean;
  /** Send from this port and take the answers broadcast to it (see DatagramExchange.replyPort). */
  replyPort?: number;
  request: string;
  query: () => (string | Buffer)[];
  /** Evidence from one datagram; undefined when it is not an answer (e.g. another scanner's query). */
  parse: (msg: Buffer) => Observation[] | undefined;
}

/** A probe that multicasts (and broadcasts) one query and records every well-formed answer. */
export function datagramProbe(spec: DatagramProbeSpec): DiscoveryProbe {
  return {
    name: spec.name,
    description: spec.description,
    transport: 'udp',
    defaultPorts: [spec.port],
    async run(iface: LocalInterface, ctx: DiscoveryContext): Promise<DiscoveryResult> {
      const book = new SightingBook(iface, spec.name, spec.port, spec.service, spec.request);
      const destinations = [
        ...(spec.group ? [{ address: spec.group, port: spec.port }] : []),
        ...(spec.broadcast ? [{ address: broadcastAddress(iface), port: spec.port }] : []),
      ];
      const outcome = await exchangeDatagrams({
        local: iface.address,
        payloads: spec.query(),
        destinations,
        ...(spec.listenOnGroup && spec.group ? { group: { address: spec.group, port: spec.port } } : {}),
        ...(spec.replyPort !== undefined ? { replyPort: spec.replyPort } : {}),
        windowMs: ctx.windowMs,
        maxDatagrams: MAX_DATAGRAMS,
        signal: ctx.signal,
        onDatagram: (msg: Buffer, from: RemoteInfo, viaGroup: boolean) => {
          // Group traffic from another link reaches every group socket of the process: keep our own link's.
          if (viaGroup && !onLink(iface, from.address)) return;
          const observations = spec.parse(msg);
          if (observations) book.add(from.address, observations);
        },
      });
      if (outcome.dropped > 0)
        ctx.log.warn(
          { probe: spec.name, interface: iface.name, dropped: outcome.dropped },
          'datagrams dropped',
        );
      return book.result(outcome.received === 0 ? outcome.errors : []);
    },
  };
}
