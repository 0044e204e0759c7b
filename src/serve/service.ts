/**
 * @module serve/service
 * Wires the service together: store (recovering scans a killed process left running),
 * metrics, webhooks, the scan runner, the schedule and the HTTP API. `stop()` is the graceful
 * shutdown: no new scans, the running one gets `shutdownTimeout` to finish before it is
 * stopped and recorded as incomplete, webhooks in flight get a moment, the database closes.
 */
import type { Logger } from 'pino';
import type { ReportConfig } from '../hub/config.js';
import { Outbox, PushSender, scheduleIntervalSeconds } from '../hub/push.js';
import type { Report } from '../report/types.js';
import { openStore } from '../store/index.js';
import { proxySummary } from '../util/proxy.js';
import { buildApi } from './api.js';
import type { ServeSetup } from './config.js';
import { ServeMetrics } from './metrics.js';
import { ScanRunner } from './runner.js';
import { startSchedule } from './scheduler.js';
import { type ScanFailure, WebhookSender } from './webhooks.js';

export interface Service {
  /** `http://host:port` the API listens on. */
  url: string;
  runner: ScanRunner;
  stop(): Promise<void>;
}

/** How long webhook deliveries still in flight may take once shutdown has begun. */
const WEBHOOK_DRAIN_MS = 2000;

/** `report`: this site pushes each finished scan to a hub (issue 14). */
export async function startService(setup: ServeSetup, log: Logger, report?: ReportConfig): Promise<Service> {
  const { config, secrets } = setup;
  const store = openStore(config.data);
  const recovered = store.scans.recoverInterrupted();
  if (recovered.length)
    log.warn({ scans: recovered }, 'scans interrupted by an earlier stop marked incomplete');
  store.scans.applyRetention(config.retention);

  const metrics = new ServeMetrics();
  const latest = store.scans.latestComplete();
  const latestReport = latest ? store.scans.report(latest.id) : undefined;
  if (latestReport) metrics.latest(latestReport);
  const webhooks = new WebhookSender(config.webhooks, secrets.webhookSecret, log, (e, r) =>
    metrics.webhook(e, r),
  );
  // A site reporting to a hub queues each finished scan in the transaction that records it.
  const outbox = report ? new Outbox(store.db) : undefined;
  const sender =
    report && outbox
      ? new PushSender(outbox, report, log, scheduleIntervalSeconds(config.schedule))
      : undefined;
  const complete =
    report && outbox
      ? (r: Report) => {
          store.db.transaction(() => {
            store.scans.complete(r);
            const text = store.scans.reportText(r.scan.id);
            if (text) outbox.enqueue(report.site, r.scan.id, text);
          })();
          sender?.notify();
        }
      : undefined;
  // A failed scan is reported to the hub too, in the same queue (`scan.failed` at the hub).
  const fail =
    report && outbox
      ? (f: ScanFailure) => {
          store.db.transaction(() => {
            store.scans.end(f.scan.id, 'failed', f.error);
            outbox.enqueueFailure({ ...f, site: report.site });
          })();
          sender?.notify();
        }
      : undefined;
  const runner = new ScanRunner({
    setup,
    scans: store.scans,
    metrics,
    webhooks,
    log,
    ...(complete ? { complete } : {}),
    ...(fail ? { fail } : {}),
  });
  const app = buildApi({
    store,
    runner,
    metrics,
    token: secrets.apiToken,
    log,
    policies: setup.policies,
    site: config.site,
    webhooks,
  });
  try {
    await app.listen({ host: config.listen.host, port: config.listen.port });
  } catch (err) {
    store.close();
    throw err;
  }
  sender?.start();
  const schedule = config.schedule
    ? startSchedule(
        config.schedule,
        () => {
          const id = runner.start('schedule');
          if (!id) metrics.scanSkipped();
          return id !== undefined;
        },
        log,
      )
    : undefined;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  const url = `http://${host}:${config.listen.port}`;
  log.info(
    {
      url,
      site: config.site,
      schedule: config.schedule,
      data: config.data,
      ...(report ? { hub: report.url } : {}),
      webhooks: config.webhooks.length,
      ...(proxySummary() ? { proxy: proxySummary() } : {}),
    },
    'oemscan serve ready',
  );

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      schedule?.stop();
      await runner.stop(config.shutdownTimeoutMs);
      await sender?.stop();
      await app.close();
      await webhooks.close(WEBHOOK_DRAIN_MS);
      store.close();
      log.info('oemscan serve stopped');
    })();
    return stopping;
  };
  return { url, runner, stop };
}
