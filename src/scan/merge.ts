/**
 * @module scan/merge
 * One identity per device across protocols, interfaces and addresses. Unicast host results and
 * discovery sightings are joined by serial, then MAC, then ONVIF endpoint / UPnP UDN, then IP —
 * a weaker key never joins two records that a stronger key says are different devices (two
 * serials on one DHCP-reused address stay two devices).
 */
import type { Evidence, EvidenceField } from '../evidence/types.js';
import { neighbourMacEvidence } from '../probes/arp/index.js';
import type { FieldCatalog } from '../probes/catalog.js';
import { FIELDS } from '../probes/registry.js';
import type { Sighting } from '../probes/types.js';
import type { SeenOn } from '../report/types.js';
import type { HostResult } from './host.js';

export interface MergedHost {
  host: HostResult;
  addresses: string[];
  seenOn: SeenOn[];
}

interface Rec {
  host: HostResult;
  seenOn: SeenOn[];
  /** Key values per class: serial, MAC, endpoint, IP. */
  keys: Set<string>[];
}

const norm = (cls: FieldCatalog['mergeKeyClass'], field: EvidenceField, v: string) =>
  cls.get(field) === 'mac' ? v.toLowerCase().replace(/[^0-9a-f]/g, '') : v.trim().toLowerCase();

/** Key values per class (the descriptors' merge keys: serial, MAC, endpoint), then the IP. */
function keysOf(ip: string, evidence: readonly Evidence[], catalog: FieldCatalog): Set<string>[] {
  const keys = catalog.mergeKeys.map(
    (fields) =>
      new Set(
        evidence
          .filter((e) => fields.includes(e.field))
          .map((e) => norm(catalog.mergeKeyClass, e.field, e.value)),
      ),
  );
  return [...keys, new Set([ip])];
}

/** A sighting as a host result: its evidence, the neighbour-table MAC now that it talked to us, a UDP service. */
export function sightingHost(s: Sighting, readMac = neighbourMacEvidence): HostResult {
  const mac = readMac(s.ip);
  return {
    ip: s.ip,
    responsive: true,
    evidence: mac ? [...s.evidence, mac] : [...s.evidence],
    services: [{ port: s.port, transport: 'udp', service: s.service, status: 'ok' }],
    errors: [...s.errors],
  };
}

export function mergeHosts(
  hosts: readonly HostResult[],
  sightings: readonly Sighting[],
  inTargets: (ip: string) => boolean,
  readMac = neighbourMacEvidence,
  catalog: FieldCatalog = FIELDS,
): MergedHost[] {
  const recs: Rec[] = [
    ...hosts.map((host) => ({ host, seenOn: [], keys: keysOf(host.ip, host.evidence, catalog) })),
    ...sightings.map((s) => {
      const host = sightingHost(s, readMac);
      return {
        host,
        seenOn: [{ interface: s.interface, probe: s.probe, ip: s.ip }],
        keys: keysOf(s.ip, host.evidence, catalog),
      };
    }),
  ];
  const parent = recs.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  // Keys of each group, kept at its root.
  const groupKeys = recs.map((r) => r.keys.map((k) => new Set(k)));
  const conflict = (a: number, b: number, cls: number) => {
    for (let h = 0; h < cls; h++) {
      const ka = groupKeys[a]?.[h];
      const kb = groupKeys[b]?.[h];
      if (ka && kb && ka.size > 0 && kb.size > 0 && ![...ka].some((v) => kb.has(v))) return true;
    }
    return false;
  };
  for (let cls = 0; cls <= catalog.mergeKeys.length; cls++) {
    const owner = new Map<string, number>();
    recs.forEach((r, i) => {
      for (const v of r.keys[cls] ?? []) {
        const seen = owner.get(v);
        if (seen === undefined) {
          owner.set(v, i);
          continue;
        }
        const a = root(seen);
        const b = root(i);
        if (a === b || conflict(a, b, cls)) continue;
        parent[b] = a;
        groupKeys[a]?.forEach((set, c) => {
          for (const k of groupKeys[b]?.[c] ?? []) set.add(k);
        });
      }
    });
  }
  const groups = new Map<number, Rec[]>();
  recs.forEach((r, i) => {
    const g = groups.get(root(i)) ?? [];
    g.push(r);
    groups.set(root(i), g);
  });
  return [...groups.values()].map((g) => combine(g, inTargets));
}

function combine(group: Rec[], inTargets: (ip: string) => boolean): MergedHost {
  const addresses = [...new Set(group.map((r) => r.host.ip))].sort((a, b) => ipKey(a) - ipKey(b));
  // The address the user asked about (and unicast reached) names the device.
  const primary =
    group.find((r) => r.seenOn.length === 0)?.host.ip ??
    addresses.find(inTargets) ??
    (addresses[0] as string);
  const hostname = group.find((r) => r.host.hostname)?.host.hostname;
  const services = new Map<string, HostResult['services'][number]>();
  const errors = new Map<string, HostResult['errors'][number]>();
  for (const r of group) {
    for (const s of r.host.services) services.set(`${s.port}/${s.transport}/${s.service}`, s);
    for (const e of r.host.errors) errors.set(JSON.stringify(e), e);
  }
  return {
    host: {
      ip: primary,
      ...(hostname ? { hostname } : {}),
      responsive: true,
      evidence: group.flatMap((r) => r.host.evidence),
      services: [...services.values()].sort(
        (a, b) => a.port - b.port || a.transport.localeCompare(b.transport),
      ),
      errors: [...errors.values()],
    },
    addresses,
    seenOn: group.flatMap((r) => r.seenOn),
  };
}

export const ipKey = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
