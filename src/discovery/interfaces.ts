/**
 * @module discovery/interfaces
 * The machine's up, non-loopback IPv4 interfaces (what discovery runs on and, with no targets,
 * what gets scanned), and whether we sit inside a Docker bridge network where multicast from
 * the real LAN never arrives.
 */
import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { UsageError } from '../errors/index.js';
import type { LocalInterface } from '../probes/types.js';
import { cidrBlock, formatIPv4, parseIPv4 } from '../targets/ipv4.js';

const IFF_UP = 0x1;
/** With no targets, each attached subnet is scanned up to this prefix around our own address. */
export const AUTO_SUBNET_CAP = 22;

function isUp(name: string): boolean {
  try {
    return (Number.parseInt(readFileSync(`/sys/class/net/${name}/flags`, 'utf8').trim(), 16) & IFF_UP) !== 0;
  } catch {
    return true; // no sysfs (not Linux): os.networkInterfaces lists configured interfaces only
  }
}

/** Up, non-loopback IPv4 interfaces; with `names`, exactly those (an unknown name is a usage error). */
export function localInterfaces(names: readonly string[] = []): LocalInterface[] {
  const all: LocalInterface[] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4' || a.internal || !a.cidr) continue;
      const prefixLength = Number(a.cidr.split('/')[1]);
      if (isUp(name)) all.push({ name, address: a.address, prefixLength });
    }
  }
  if (names.length === 0) return all;
  for (const n of names) {
    if (!all.some((i) => i.name === n))
      throw new UsageError(
        `--interface ${n}: no such up, non-loopback IPv4 interface (have: ${all.map((i) => i.name).join(', ') || 'none'})`,
      );
  }
  return all.filter((i) => names.includes(i.name));
}

/** The interface's subnet as a CIDR, capped at /{@link AUTO_SUBNET_CAP} around its own address. */
export function attachedSubnet(iface: LocalInterface): { cidr: string; capped: boolean } {
  const own = parseIPv4(iface.address) ?? 0;
  const prefix = Math.max(iface.prefixLength, AUTO_SUBNET_CAP);
  return {
    cidr: `${formatIPv4(cidrBlock(own, prefix).first)}/${prefix}`,
    capped: prefix !== iface.prefixLength,
  };
}

/** Docker's default bridge: /.dockerenv, or eth0 on 172.17.0.0/16 with the bridge's .1 as gateway. */
export function dockerBridgeHint(ifaces: readonly LocalInterface[], root = '/'): string | undefined {
  const onDockerNet = ifaces.some((i) => i.name === 'eth0' && i.address.startsWith('172.17.'));
  const gateway = defaultGateway(`${root}proc/net/route`);
  if (existsSync(`${root}.dockerenv`) || (onDockerNet && gateway === '172.17.0.1')) {
    return 'running inside a Docker bridge network: multicast discovery only sees the container network; run the container with --network host to discover devices on the LAN';
  }
  return undefined;
}

function defaultGateway(routeFile: string): string | undefined {
  try {
    for (const line of readFileSync(routeFile, 'utf8').split('\n').slice(1)) {
      const [, dest, gw] = line.trim().split(/\s+/);
      if (dest === '00000000' && gw) {
        const n = Number.parseInt(gw, 16); // little-endian hex
        return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.');
      }
    }
  } catch {
    // not Linux
  }
  return undefined;
}
