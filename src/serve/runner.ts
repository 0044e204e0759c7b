/**
 * @module serve/runner
 * Runs one scan at a time, in process, through the same preparation and pipeline as
 * `oemscan scan` (src/scan/prepare.ts, src/scan/run.ts), and records it: the row first, each device as it is decided, the report
 * last. A request for a second scan while one runs is refused, never queued, so runs cannot
 * overlap or pile up behind a slow network. Each scan logs one info line when it starts (id,
 * trigger, addresses) and one when it ends (seconds, devices, flagged, unverified, probe errors),
 * or one error line with the reason when it fails; a failure is also a `scan.failed` webhook.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Report } from '../report/types.js';
import { scanEndFields } from '../scan/log-fields.js';
import { prepareScan } from '../scan/prepare.js';
import { runScan } from '../scan/run.js';
import type { ScanStore } from '../store/scans.js';
import type { ScanTrigger } from '../store/types.js';
import { type ServeSetup, scanRequestOf } from './config.js';
import { scanEvents } from './events.js';
import type { ServeMetrics } from './metrics.js';
import { type ScanFailure, safeMessage, type WebhookSender } from './webhooks.js';

export interface RunnerDeps {
  setup: ServeSetup;
  scans: ScanStore;
  metrics: ServeMetrics;
  webhooks: WebhookSender;
  log: Logger;
  /** Records a finished scan; defaults to `scans.complete` (a site reporting to a hub also queues it). */
  complete?: (report: Report) => void;
  /** Records a failed scan; defaults to `scans.end(id, 'failed', …)` (a site reporting to a hub also queues it). */
  fail?: (failure: ScanFailure) => void;
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
    const startedAt = new Date();
    // The row is committed before anything is probed, so even an instant kill leaves a trace.
    this.deps.scans.begin(id, startedAt.toISOString(), trigger);
    this.deps.metrics.scanStarted();
    const done = this.run(id, trigger, startedAt, abort.signal).finally(() => {
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

  private async run(id: string, trigger: ScanTrigger, startedAt: Date, signal: AbortSignal) {
    const { setup, scans, metrics, webhooks, log } = this.deps;
    const { config, library, policies } = setup;
    const seconds = () => Math.round((Date.now() - startedAt.getTime()) / 100) / 10;
    try {
      // The same preparation as `oemscan scan` (targets, link discovery, credentials), run
      // afresh for every scan so moved names and rotated passwords are picked up; the
      // signatures and policies were loaded and checked at start.
      const prepared = await prepareScan(scanRequestOf(config), log, { rules: { library, policies } });
      log.info({ scan: id, trigger, targets: prepared.targets.count }, 'scan starting');
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
        log.warn(
          { scan: id, trigger, seconds: seconds(), devices: report.summary.devices },
          'scan stopped by shutdown before it finished',
        );
        return;
      }
      const previous = scans.latestComplete();
      (this.deps.complete ?? ((r: Report) => scans.complete(r)))(report);
      metrics.scanEnded('complete', report);
      log.info({ ...scanEndFields(report, startedAt.getTime()), trigger }, 'scan finished');
      const before = previous ? scans.report(previous.id) : undefined;
      webhooks.notify(report, previous?.id ?? null, scanEvents(before, report));
      const dropped = scans.applyRetention(config.retention);
      if (dropped) log.info({ dropped }, 'old scans removed by retention');
    } catch (err) {
      const message = safeMessage(err instanceof Error ? err.message : String(err));
      const failure: ScanFailure = {
        site: config.site,
        scan: { id, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString() },
        trigger,
        error: message,
      };
      try {
        (this.deps.fail ?? ((f: ScanFailure) => scans.end(f.scan.id, 'failed', f.error)))(failure);
      } catch (recordErr) {
        log.error({ scan: id, err: (recordErr as Error).message }, 'could not record the failed scan');
      }
      metrics.scanEnded('failed');
      log.error({ scan: id, trigger, seconds: seconds(), err: message }, 'scan failed');
      webhooks.notifyFailure(failure);
    }
  }
}
