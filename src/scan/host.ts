/**
 * @module scan/host
 * Scans one address: TCP connect on the port list and the UDP probes together, then every
 * applicable port probe on the open ports, all inside the host's time budget. Never throws:
 * a probe that fails becomes a status and, when it matters, an error entry.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { Evidence } from '../evidence/types.js';
import { neighbourMacEvidence } from '../probes/arp/index.js';
import { AuthGate } from '../probes/auth/gate.js';
import { DEVICE_SERVICE_PATH, onvifProbe } from '../probes/onvif/index.js';
import {
  connectProbe,
  LIVE_ONLY_PORTS,
  LIVE_UDP_PROBES,
  PORT_PROBES,
  runsOn,
  SDK_CREDENTIALED_PROBES,
  UDP_PROBES,
  WEB_CREDENTIALED_PROBES,
} from '../probes/registry.js';
import type {
  ChannelCamera,
  Credentials,
  Probe,
  ProbeContext,
  ProbeLimits,
  ProbeResult,
  ProbeTarget,
} from '../probes/types.js';
import type { DeviceDiscovery, ErrorEntry, ServiceEntry, Via } from '../report/types.js';
import { parseIPv4 } from '../targets/ipv4.js';
import { HostBudget, RateLimiter } from './rate.js';
import { inWaves, splitPorts } from './waves.js';

export interface HostScanOptions {
  /** Standard port numbers; each is contacted at port + portOffset. */
  ports: readonly number[];
  portOffset: number;
  limits: ProbeLimits;
  /** Hard cap on everything done for one host. */
  hostBudgetMs: number;
  inScope: (ip: string) => boolean;
  /** Credentials for this host (the resolver's answer for its address), if any. */
  credentials?: Credentials;
  log: Logger;
  signal?: AbortSignal;
  /** Scan-wide new-connection limit (shared by all hosts). */
  scanRate?: RateLimiter;
  /** New connections per second to any one host. */
  maxHostRate?: number;
}

export interface HostResult {
  ip: string;
  hostname?: string;
  responsive: boolean;
  evidence: Evidence[];
  services: ServiceEntry[];
  errors: ErrorEntry[];
  /** Cameras a recorder reported on its channels (credentialed scans only). */
  channels?: ChannelCamera[];
  /** Set on a camera known only from a recorder's channel list. */
  via?: Via;
  /** How link discovery saw it (set once sightings are merged, or read back from a report). */
  discovery?: DeviceDiscovery;
}

/** A host as it stands before anything answered. */
export function emptyHost(ip: string, hostname?: string): HostResult {
  return { ip, responsive: false, evidence: [], services: [], errors: [], ...(hostname ? { hostname } : {}) };
}

/** Statuses that say "nothing there", which on a scan are the norm rather than an error. */
const QUIET = new Set(['ok', 'auth-required', 'skipped', 'refused']);
/** Ports outside the checked list that a host's XAddrs may have asked (a device has one device service). */
export const MAX_NAMED_PORTS = 2;
/** Connect and UDP outcomes that show a host is there (a refusal is an answer too). */
const SIGNS_OF_LIFE = new Set(['ok', 'refused', 'protocol-error', 'too-large', 'auth-required']);

export async function scanHost(
  ip: string,
  hostname: string | undefined,
  opts: HostScanOptions,
): Promise<HostResult> {
  const budget = new HostBudget(opts.hostBudgetMs);
  const signal = opts.signal ? AbortSignal.any([budget.signal, opts.signal]) : budget.signal;
  // Every connect and UDP question of the host listens on it at once (a port list plus the UDP probes).
  setMaxListeners(opts.ports.length + UDP_PROBES.length + 16, signal);
  const result = emptyHost(ip, hostname);
  const hostRate = new RateLimiter(opts.maxHostRate ?? 0);
  const gate = new AuthGate();
  const connectSlot = async () => {
    await hostRate.take(signal);
    if (!opts.scanRate) return;
    const resume = budget.pause();
    try {
      await opts.scanRate.take(signal);
    } finally {
      resume();
    }
  };
  const baseCtx = (openPorts: readonly number[]): ProbeContext => ({
    connectSlot,
    log: opts.log.child({ host: ip }),
    limits: opts.limits,
    signal,
    inScope: opts.inScope,
    openPorts,
    ...(opts.credentials ? { credentials: opts.credentials, auth: gate } : {}),
  });
  const target = (port: number, path?: string): ProbeTarget => ({
    ip,
    port,
    ...(hostname ? { hostname } : {}),
    ...(path ? { path } : {}),
  });

  const run = async (probe: Probe, t: ProbeTarget, ctx: ProbeContext): Promise<ProbeResult> => {
    try {
      return await probe.run(t, ctx);
    } catch (err) {
      // A probe bug must not end the scan; it is reported like any other failure.
      ctx.log.error({ probe: probe.name, err: (err as Error).message }, 'probe threw');
      return {
        status: 'protocol-error',
        evidence: [],
        message: `internal probe error: ${(err as Error).message}`,
      };
    }
  };

  const phase1 = baseCtx([]);
  const askUdp = (probe: Probe) => async () => {
    const port = (probe.defaultPorts[0] ?? 0) + opts.portOffset;
    return { probe, port, r: await run(probe, target(port), phase1) };
  };
  const { tcp, udp } = await inWaves({
    ...splitPorts(
      opts.ports.map((p) => p + opts.portOffset),
      new Set(LIVE_ONLY_PORTS.map((p) => p + opts.portOffset)),
    ),
    connect: async (port: number) => ({ port, r: await run(connectProbe, target(port), phase1) }),
    udp: UDP_PROBES.filter((probe) => !LIVE_UDP_PROBES.has(probe)).map(askUdp),
    udpLater: UDP_PROBES.filter((probe) => LIVE_UDP_PROBES.has(probe)).map(askUdp),
    alive: (o) => SIGNS_OF_LIFE.has(o.r.status),
    stopped: () => signal.aborted,
  });
  const open = tcp.filter((t) => t.r.status === 'ok').map((t) => t.port);
  let udpAnswered = false;
  for (const { probe, port, r } of udp) {
    // Silence and ICMP refusals are the norm on UDP; a reply that is junk or too big is an answer worth reporting.
    if (r.status === 'protocol-error' || r.status === 'too-large') {
      udpAnswered = true;
      result.errors.push({ probe: probe.name, port, status: r.status, message: r.message ?? r.status });
    }
    if (r.status !== 'ok' || !r.service) continue;
    udpAnswered = true;
    result.evidence.push(...r.evidence);
    for (const p of r.problems ?? []) result.errors.push({ probe: probe.name, port, ...p });
    result.services.push({ port, transport: 'udp', service: r.service, status: r.status });
  }
  if (open.length === 0 && !udpAnswered) {
    budget.stop();
    result.errors = [];
    return result;
  }
  result.responsive = true;
  const mac = neighbourMacEvidence(ip);
  if (mac) result.evidence.push(mac);

  const ctx = baseCtx(open);
  const onvifPaths = onvifTargets(result.evidence, ip, opts, result.errors);
  // A port only an XAddr named is asked by the ONVIF probe alone, and listed only if it answers;
  // a device naming dozens does not get them all asked.
  const named = [...onvifPaths.keys()].filter((port) => !open.includes(port)).slice(0, MAX_NAMED_PORTS);
  await Promise.all(
    [...open, ...named].map(async (port) => {
      const outcomes: { probe: Probe; r: ProbeResult }[] = [];
      for (const probe of PORT_PROBES) {
        if (signal.aborted) break;
        const applies = open.includes(port) && runsOn(probe, port, opts.portOffset);
        const path = probe === onvifProbe ? onvifPaths.get(port) : undefined;
        if (!applies && !(probe === onvifProbe && path)) continue;
        outcomes.push({ probe, r: await run(probe, target(port, path), ctx) });
      }
      // The port's number is a hint (fingerprints/tcp-open.yaml) while nothing on it answered in
      // another protocol than the one a probe expected there.
      if (!outcomes.some((o) => o.r.status === 'protocol-error' && !o.r.service))
        result.evidence.push(...(tcp.find((t) => t.port === port)?.r.evidence ?? []));
      for (const { probe, r } of outcomes) {
        result.evidence.push(...r.evidence);
        if (!QUIET.has(r.status)) {
          result.errors.push({ probe: probe.name, port, status: r.status, message: r.message ?? r.status });
        }
      }
      // One entry per service found on the port (HTTP and ONVIF often share port 80).
      const found = outcomes.filter((o) => o.r.service && o.r.service !== 'tcp' && o.r.status !== 'skipped');
      const services = new Map(found.map((o) => [o.r.service, o.r.status]));
      if (services.size === 0 && open.includes(port))
        result.services.push({ port, transport: 'tcp', service: 'tcp', status: 'ok' });
      for (const [service, status] of services) {
        if (service) result.services.push({ port, transport: 'tcp', service, status });
      }
    }),
  );
  if (opts.credentials && !signal.aborted) await credentialedPhase(result, ctx, run, target, opts.portOffset);
  budget.stop();
  if (signal.aborted && budget.signal.aborted) {
    result.errors.push({
      probe: 'host',
      port: 0,
      status: 'timeout',
      message: `host budget of ${opts.hostBudgetMs} ms exhausted`,
    });
  }
  result.services.sort((a, b) => a.port - b.port || a.transport.localeCompare(b.transport));
  return result;
}

/**
 * The vendor APIs, after every unauthenticated probe: one port and one API at a time (the
 * guard in ctx.auth stops everything after the first refused login), on the HTTP(S) ports
 * where a web server answered, then the SDK APIs on their own open port; the first API that
 * answers ends the phase, a device being one stack.
 */
async function credentialedPhase(
  result: HostResult,
  ctx: ProbeContext,
  run: (probe: Probe, t: ProbeTarget, ctx: ProbeContext) => Promise<ProbeResult>,
  target: (port: number) => ProbeTarget,
  portOffset: number,
) {
  const web = result.services.filter((s) => s.service === 'http' || s.service === 'https');
  const attempts: { probe: Probe; port: number; t: ProbeTarget }[] = [
    ...WEB_CREDENTIALED_PROBES.flatMap((probe) =>
      web.map(({ port, service }) => ({
        probe,
        port,
        t: { ...target(port), scheme: service === 'https' ? ('https' as const) : ('http' as const) },
      })),
    ),
    ...SDK_CREDENTIALED_PROBES.flatMap((probe) =>
      ctx.openPorts
        .filter((port) => runsOn(probe, port, portOffset))
        .map((port) => ({ probe, port, t: target(port) })),
    ),
  ];
  const channels: ChannelCamera[] = [];
  result.channels = channels;
  for (const { probe, port, t } of attempts) {
    if (ctx.signal.aborted || ctx.auth?.refused) return;
    const r = await run(probe, t, ctx);
    if (r.status === 'skipped') continue;
    result.evidence.push(...r.evidence);
    for (const c of r.channels ?? []) {
      if (c.ip && parseIPv4(c.ip) !== undefined) channels.push(c);
      else
        result.errors.push({
          probe: probe.name,
          port,
          status: 'skipped',
          message: `channel ${c.channel}: the recorder reports no IPv4 address; not listed`,
        });
    }
    if (r.status !== 'ok' || r.message)
      result.errors.push({
        probe: probe.name,
        port,
        status: r.status === 'ok' ? 'protocol-error' : r.status,
        message: r.message || r.status,
      });
    if (r.status === 'ok' || r.status === 'auth-failed') return;
  }
}

/**
 * ONVIF endpoints to ask, per port: the standard path, or the path of an XAddr the device
 * advertised on a port of its own, checked or not (Tapo units name 2020). An
 * XAddr pointing at any other address is never followed (a device must not steer the scanner),
 * and is reported when outside the targets.
 */
function onvifTargets(
  evidence: readonly Evidence[],
  ip: string,
  opts: HostScanOptions,
  errors: ErrorEntry[],
): Map<number, string> {
  const paths = new Map<number, string>();
  for (const ev of evidence) {
    if (ev.field !== 'wsd.xaddr') continue;
    let url: URL;
    try {
      url = new URL(ev.value);
    } catch {
      continue;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (host !== ip) {
      if (!opts.inScope(host)) {
        errors.push({
          probe: 'ws-discovery',
          port: ev.port,
          status: 'skipped',
          message: `XAddr ${url.host} is outside the scan's targets; not followed`,
        });
      }
      continue;
    }
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    if (url.protocol === 'http:' && port > 0 && port < 65536 && !paths.has(port))
      paths.set(port, url.pathname || DEVICE_SERVICE_PATH);
  }
  return paths;
}
