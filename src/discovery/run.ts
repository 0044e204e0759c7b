/**
 * @module discovery/run
 * Runs every discovery probe on every chosen interface at once, for one listening window, and
 * returns all sightings (which interface saw which device by which protocol). Never throws.
 */
import type { Logger } from 'pino';
import { DISCOVERY_PROBES } from '../probes/registry.js';
import type { DiscoveryProbe, LocalInterface, ProbeLimits, Sighting } from '../probes/types.js';
import type { ScanDiscovery } from '../report/types.js';

export interface DiscoveryOptions {
  interfaces: readonly LocalInterface[];
  windowMs: number;
  limits: ProbeLimits;
  inScope: (ip: string) => boolean;
  log: Logger;
  signal?: AbortSignal;
  probes?: readonly DiscoveryProbe[];
}

export interface DiscoveryRun {
  sightings: Sighting[];
  /** Per interface and probe: what happened, for the report. */
  runs: ScanDiscovery['runs'];
}

export async function runDiscovery(opts: DiscoveryOptions): Promise<DiscoveryRun> {
  // Window plus time to fetch descriptions; a hung probe cannot hold the scan longer than this.
  const budget = AbortSignal.timeout(opts.windowMs + 4 * opts.limits.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([budget, opts.signal]) : budget;
  const probes = opts.probes ?? DISCOVERY_PROBES;
  const jobs = opts.interfaces.flatMap((iface) => probes.map((probe) => ({ iface, probe })));
  const results = await Promise.all(
    jobs.map(async ({ iface, probe }) => {
      try {
        return await probe.run(iface, {
          log: opts.log.child({ interface: iface.name, probe: probe.name }),
          limits: opts.limits,
          windowMs: opts.windowMs,
          signal,
          inScope: opts.inScope,
        });
      } catch (err) {
        opts.log.error({ probe: probe.name, err: (err as Error).message }, 'discovery probe threw');
        return { status: 'protocol-error' as const, sightings: [], message: (err as Error).message };
      }
    }),
  );
  const run: DiscoveryRun = { sightings: [], runs: [] };
  results.forEach((r, i) => {
    const job = jobs[i];
    if (!job) return;
    run.sightings.push(...r.sightings);
    run.runs.push({
      interface: job.iface.name,
      probe: job.probe.name,
      status: r.status,
      devices: r.sightings.length,
      ...(r.message ? { message: r.message } : {}),
    });
  });
  return run;
}
