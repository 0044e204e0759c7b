/**
 * @module scan/run
 * The pipeline: targets -> probes -> evidence -> engine -> verdict -> policies -> report.
 * Hosts run with bounded concurrency; each decided device is handed to `onDevice` as soon as
 * it is known, so callers can stream it.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { type CredentialResolver, loadCredentialsFile } from '../credentials/load.js';
import { runDiscovery } from '../discovery/run.js';
import type { SignatureLibrary } from '../engine/load.js';
import type { PolicyPack } from '../policy/load.js';
import { neighbourReader } from '../probes/arp/index.js';
import type { LocalInterface, ProbeLimits } from '../probes/types.js';
import {
  type Device,
  type Engagement,
  REPORT_SCHEMA,
  type Report,
  type ScanDiscovery,
} from '../report/types.js';
import type { TargetSet } from '../targets/index.js';
import { packageVersion } from '../util/paths.js';
import { buildDevice, channelDevices } from './device.js';
import { type HostResult, scanHost } from './host.js';
import { ipKey, mergeHosts } from './merge.js';
import { forEachLimit } from './pool.js';
import { RateLimiter } from './rate.js';

export interface ScanOptions {
  targets: TargetSet;
  library: SignatureLibrary;
  policies: readonly PolicyPack[];
  ports: readonly number[];
  portOffset: number;
  limits: ProbeLimits;
  hostBudgetMs: number;
  concurrency: number;
  /** New connections per second, scan-wide (0 = unlimited). */
  rate: number;
  /** New connections per second to one host (0 = unlimited). */
  maxHostRate: number;
  /** Which credentials to try on an address (`--credentials`, `--username`); only scanned addresses are asked. */
  credentials?: CredentialResolver;
  /** A credentials file to load instead (the service passes its config's path); same format as `--credentials`. */
  credentialsFile?: string;
  log: Logger;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, responsive: number) => void;
  onDevice?: (device: Device) => void;
  /** Scan id, when the caller needs it before the scan ends (streaming output). */
  id?: string;
  /** Link discovery on these interfaces, alongside the unicast scan; devices are then merged. */
  discovery?: { interfaces: readonly LocalInterface[]; windowMs: number; notes: string[] };
  /** Discovery only: no unicast probes at all. */
  discoverOnly?: boolean;
  /** Site, client and assessor for the report's cover (`--site`, `--client`, `--assessor`). */
  engagement?: Engagement;
  /** The neighbour-table lookup for targets that answered nothing (tests inject one). */
  neighbours?: typeof neighbourReader;
}

/**
 * A target no probe got an answer from but that answered ARP: a device on the link all the
 * same, reported with its MAC (the engine reads the OUI) and marked as seen at layer 2 only.
 */
export function layer2Host(
  silent: HostResult,
  found: ReturnType<ReturnType<typeof neighbourReader>>,
): HostResult | undefined {
  if (!found) return undefined;
  const { neighbour, evidence } = found;
  return {
    ip: silent.ip,
    ...(silent.hostname ? { hostname: silent.hostname } : {}),
    responsive: true,
    evidence: [evidence],
    services: [],
    errors: [],
    discovery: {
      outsideTargets: false,
      addresses: [silent.ip],
      seenOn: [{ interface: neighbour.device, probe: 'arp', ip: silent.ip }],
      layer2Only: true,
    },
  };
}

export async function runScan(opts: ScanOptions): Promise<Report> {
  const startedAt = new Date().toISOString();
  const devices: Device[] = [];
  const scanRate = new RateLimiter(opts.rate);
  let done = 0;
  const credentialsFor =
    opts.credentials ??
    (opts.credentialsFile
      ? loadCredentialsFile(opts.credentialsFile, { warn: (message) => opts.log.warn(message) })
      : undefined);
  const inScope = (addr: string) => opts.targets.has(addr);
  const discovery = opts.discovery
    ? runDiscovery({
        interfaces: opts.discovery.interfaces,
        windowMs: opts.discovery.windowMs,
        limits: opts.limits,
        inScope,
        log: opts.log,
        ...(opts.signal ? { signal: opts.signal } : {}),
      })
    : undefined;
  // With discovery, devices are decided once everything is in, so each appears once.
  const hosts: HostResult[] = [];
  const publish = (device: Device) => {
    devices.push(device);
    opts.onDevice?.(device);
  };
  const emit = (host: HostResult) => {
    publish(buildDevice(host, opts.library, opts.policies));
    for (const camera of channelDevices(host, opts.library, opts.policies)) publish(camera);
  };
  const addresses = opts.discoverOnly ? [] : opts.targets.addresses();
  // Targets that answered nothing but ARP (on a directly attached subnet), by address.
  const neighbour = (opts.neighbours ?? neighbourReader)();
  const layer2 = new Map<string, string>();
  await forEachLimit(addresses, opts.concurrency, async (ip) => {
    const credentials = credentialsFor?.(ip);
    const host = await scanHost(ip, opts.targets.hostnameOf(ip), {
      ports: opts.ports,
      portOffset: opts.portOffset,
      limits: opts.limits,
      hostBudgetMs: opts.hostBudgetMs,
      inScope,
      log: opts.log,
      scanRate,
      maxHostRate: opts.maxHostRate,
      ...(credentials ? { credentials } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const seen = host.responsive ? host : layer2Host(host, neighbour(ip));
    if (seen) {
      if (!host.responsive) layer2.set(ip, seen.discovery?.seenOn[0]?.interface ?? '');
      if (discovery) hosts.push(seen);
      else emit(seen);
    }
    done++;
    opts.onProgress?.(done, opts.targets.count, devices.length + hosts.length);
  });
  let scanDiscovery: ScanDiscovery | undefined;
  if (discovery && opts.discovery) {
    const found = await discovery;
    for (const m of mergeHosts(hosts, found.sightings, inScope)) {
      // Still layer-2 only when nothing merged into it answered a probe.
      const arpOnly = m.host.services.length === 0 && m.addresses.filter((a) => layer2.has(a));
      const seenOn = arpOnly
        ? [...m.seenOn, ...arpOnly.map((ip) => ({ interface: layer2.get(ip) ?? '', probe: 'arp', ip }))]
        : m.seenOn;
      emit({
        ...m.host,
        discovery: {
          outsideTargets: !m.addresses.some(inScope),
          addresses: m.addresses,
          seenOn,
          ...(arpOnly && arpOnly.length > 0 ? { layer2Only: true as const } : {}),
        },
      });
    }
    scanDiscovery = {
      windowMs: opts.discovery.windowMs,
      interfaces: opts.discovery.interfaces.map(({ name, address, prefixLength }) => ({
        name,
        address,
        prefixLength,
      })),
      runs: found.runs,
      notes: opts.discovery.notes,
    };
  }
  devices.sort((a, b) => ipKey(a.ip) - ipKey(b.ip));
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'oemscan', version: packageVersion() },
    scan: {
      id: opts.id ?? randomUUID(),
      startedAt,
      finishedAt: new Date().toISOString(),
      targets: opts.targets.specs,
      policies: opts.policies.map((p) => p.id),
      options: {
        ports: [...opts.ports],
        portOffset: opts.portOffset,
        timeoutMs: opts.limits.timeoutMs,
        concurrency: opts.concurrency,
        rate: opts.rate,
        maxHostRate: opts.maxHostRate,
        ...(opts.discoverOnly ? { discoverOnly: true } : {}),
      },
      ...(scanDiscovery ? { discovery: scanDiscovery } : {}),
      ...(opts.engagement ? { engagement: opts.engagement } : {}),
    },
    devices,
    summary: summarise(devices, opts.targets.count),
  };
}

export function summarise(devices: readonly Device[], addresses: number): Report['summary'] {
  const byOem: Record<string, number> = {};
  for (const d of devices) if (d.oem.vendor) byOem[d.oem.vendor] = (byOem[d.oem.vendor] ?? 0) + 1;
  const count = (s: Device['status']) => devices.filter((d) => d.status === s).length;
  return {
    addresses,
    // Cameras listed by a recorder were not contacted, so they are devices but not responsive addresses.
    responsive: devices.filter((d) => !d.via).length,
    devices: devices.length,
    flagged: count('flagged'),
    unverified: count('unverified'),
    clear: count('clear'),
    byOem,
  };
}
