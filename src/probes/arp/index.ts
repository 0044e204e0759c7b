/**
 * @module probes/arp
 * The MAC of a host on the local link, read from the kernel's neighbour table after the scan
 * has talked to it (no packets of our own). Hosts behind a router have no entry: their MAC
 * cannot be known from here. A target that answered ARP and nothing else is still a host on
 * the link: {@link neighbourReader} finds it, so the scan can report it as seen at layer 2 only.
 */
import { readFileSync } from 'node:fs';
import { type Evidence, makeEvidence } from '../../evidence/types.js';

const ARP_TABLE = '/proc/net/arp';
/**
 * ATF_COM: the kernel prints it exactly for entries in a valid NUD state (REACHABLE, STALE, DELAY,
 * PROBE, and the static PERMANENT/NOARP), never for INCOMPLETE or FAILED ones.
 */
const COMPLETE = 0x2;
/** ATF_PERM: a static entry someone configured, not an answer from the host. */
const PERMANENT = 0x4;
const MAX_LINES = 100000;

/** One complete entry of the neighbour table. */
export interface Neighbour {
  ip: string;
  mac: string;
  /** The interface the entry is on (`Device` column). */
  device: string;
  /** A static entry (ATF_PERM): configured, so it proves nothing about the host. */
  permanent: boolean;
}

/** Parses /proc/net/arp text: IP address, HW type, Flags, HW address, Mask, Device; complete entries only. */
export function parseNeighbours(text: string): Map<string, Neighbour> {
  const out = new Map<string, Neighbour>();
  for (const line of text.split('\n', MAX_LINES).slice(1)) {
    const [ip, , flags, mac, , device] = line.trim().split(/\s+/);
    if (!ip || !mac || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac) || /^(00:){5}00$/.test(mac)) continue;
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip) || !/^0x[0-9a-f]{1,8}$/i.test(flags ?? '')) continue;
    const f = Number.parseInt(flags ?? '0', 16);
    if ((f & COMPLETE) === 0) continue;
    out.set(ip, {
      ip,
      mac: mac.toLowerCase(),
      device: (device ?? '').slice(0, 64),
      permanent: (f & PERMANENT) !== 0,
    });
  }
  return out;
}

/** IP → MAC of the complete entries of /proc/net/arp text. */
export function parseArpTable(text: string): Map<string, string> {
  return new Map([...parseNeighbours(text)].map(([ip, n]) => [ip, n.mac]));
}

function readTable(table: string): string | undefined {
  try {
    return readFileSync(table, 'utf8');
  } catch {
    return undefined; // not Linux, or no /proc: nothing to learn, nothing to report
  }
}

const macEvidence = (ip: string, mac: string) =>
  makeEvidence(
    { probe: 'arp', ip, port: 0, transport: 'tcp', request: 'kernel neighbour table' },
    'mac.address',
    mac,
  );

export function neighbourMacEvidence(ip: string, table = ARP_TABLE): Evidence | undefined {
  const text = readTable(table);
  const mac = text === undefined ? undefined : parseArpTable(text).get(ip);
  return mac ? macEvidence(ip, mac) : undefined;
}

/**
 * A lookup of hosts that really answered ARP (complete, not static), reading the table at most
 * once per `maxAgeMs` however many silent targets ask, with the MAC as evidence.
 */
export function neighbourReader(table = ARP_TABLE, maxAgeMs = 250) {
  let cache: Map<string, Neighbour> | undefined;
  let readAt = 0;
  return (ip: string): { neighbour: Neighbour; evidence: Evidence } | undefined => {
    if (!cache || Date.now() - readAt > maxAgeMs) {
      const text = readTable(table);
      cache = text === undefined ? new Map() : parseNeighbours(text);
      readAt = Date.now();
    }
    const n = cache.get(ip);
    return n && !n.permanent ? { neighbour: n, evidence: macEvidence(ip, n.mac) } : undefined;
  };
}
