/**
 * @module probes/arp
 * The MAC of a host on the local link, read from the kernel's neighbour table after the scan
 * has talked to it (no packets of our own). Hosts behind a router have no entry: their MAC
 * cannot be known from here.
 */
import { readFileSync } from 'node:fs';
import { type Evidence, makeEvidence } from '../../evidence/types.js';

const ARP_TABLE = '/proc/net/arp';
const COMPLETE = 0x2;

/** Parses /proc/net/arp text: IP address, HW type, Flags, HW address, Mask, Device. */
export function parseArpTable(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n').slice(1, 100000)) {
    const [ip, , flags, mac] = line.trim().split(/\s+/);
    if (!ip || !mac || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac) || /^(00:){5}00$/.test(mac)) continue;
    if ((Number.parseInt(flags ?? '0', 16) & COMPLETE) === 0) continue;
    out.set(ip, mac.toLowerCase());
  }
  return out;
}

export function neighbourMacEvidence(ip: string, table = ARP_TABLE): Evidence | undefined {
  let text: string;
  try {
    text = readFileSync(table, 'utf8');
  } catch {
    return undefined; // not Linux, or no /proc: nothing to learn, nothing to report
  }
  const mac = parseArpTable(text).get(ip);
  return mac
    ? makeEvidence(
        { probe: 'arp', ip, port: 0, transport: 'tcp', request: 'kernel neighbour table' },
        'mac.address',
        mac,
      )
    : undefined;
}
