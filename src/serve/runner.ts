/**
 * @module serve/runner
 * Runs one scan at a time, in process, through the same preparation and pipeline as
 * `oemscan scan` (src/scan/prepare.ts, src/scan/run.ts), and records it: the row first, each device as it is decided, the report
 * last. A request for a second scan while one runs is refused, never queued, so runs cannot
 * overlap or pile up behind a slow network.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Report } from '../report/types.js';
import { prepareScan } from '../scan/prepare.js';
import { runScan } from '../scan/run.js';
import type { ScanStore } from '../store/scans.js';
import type { ScanTrigger } from '../store/types.js';
import { type ServeSetup, scanRequestOf } from './config.js';
import { scanEvents } from './events.js';
import type { ServeMetrics } from './metrics.js';
import type { WebhookSender } from './webhooks.js';

export interface RunnerDeps {
  setup: ServeSetup;
  scans: ScanStore;
  metrics: ServeMetrics;
  webhooks: WebhookSender;
  log: Logger;
  /** Records a finished scan; defaults to `scans.complete` (a site reporting to a hub also queues it). */
  complete?: (report: Report) => void;
}

export class ScanRunner {
  private current: { id: string; abort: AbortController; done: Promise<void> } | undefined;

  constructor(private readonly deps: RunnerDeps) {}

  get runningId(): string | undefined {
    return this.current?.id;
  }

  /** Starts a scan now and returns its id, or undefined when one is already running. */
  start(trigger: ScanTrigger): string | undefined {
    if (this.current) return undefined;
    const id = randomUUID();
    const abort = new AbortController();
    // The row is committed before anything is probed, so even an instant kill leaves a trace.
    this.deps.scans.begin(id, new Date().toISOString(), trigger);
    this.deps.metrics.scanStarted();
    const done = this.run(id, abort.signal).finally(() => {
      this.current = undefined;
    });
    this.current = { id, abort, done };
    return id;
  }

  /** Lets the running scan finish for up to `graceMs`, then stops it; it is recorded as incomplete. */
  async stop(graceMs: number) {
    const cur = this.current;
    if (!cur) return;
    const finished = await Promise.race([
      cur.done.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), graceMs).unref()),
    ]);
    if (finished) return;
    this.deps.log.warn({ scan: cur.id }, 'stopping the running scan for shutdown');
    cur.abort.abort();
    await cur.done;
  }

  private async run(id: string, signal: AbortSignal) {
    const { setup, scans, metrics, webhooks, log } = this.deps;
    const { config, library, policies } = setup;
    try {
      // The same preparation as `oemscan scan` (targets, link discovery, credentials), run
      // afresh for every scan so moved names and rotated passwords are picked up; the
      // signatures and policies were loaded and checked at start.
      const prepared = await prepareScan(scanRequestOf(config), log, { rules: { library, policies } });
      log.info({ scan: id, addresses: prepared.targets.count }, 'scan starting');
      const report = await runScan({
        ...prepared,
        id,
        log,
        signal,
        onDevice: (d) => scans.addDevice(id, d),
        ...(config.engagement ? { engagement: config.engagement } : {}),
      });
      if (signal.aborted) {
        scans.end(id, 'incomplete', 'stopped by shutdown before the scan finished');
        metrics.scanEnded('incomplete');
        return;
      }
      const previous = scans.latestComplete();
      (this.deps.complete ?? ((r: Report) => scans.complete(r)))(report);
      metrics.scanEnded('complete', report);
      log.info(
        { scan: id, devices: report.summary.devices, flagged: report.summary.flagged },
        'scan complete',
      );
      const before = previous ? scans.report(previous.id) : undefined;
      webhooks.notify(report, previous?.id ?? null, scanEvents(before, report));
      const dropped = scans.applyRetention(config.retention);
      if (dropped) log.info({ dropped }, 'old scans removed by retention');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      scans.end(id, 'failed', message);
      metrics.scanEnded('failed');
      log.error({ scan: id, err: message }, 'scan failed');
    }
  }
}
