/**
 * @module hub/push
 * The site side of a hub: an outbox in the site's own SQLite and a sender that empties it.
 * A finished scan is queued in the same transaction that records it (so a kill can never lose
 * the push of a stored scan), and the sender pushes the queue strictly oldest first, one at a
 * time, over outbound HTTP(S) only. An entry is removed only when the hub acknowledged it
 * (201 stored, 200 already stored): until then it is retried with exponential backoff, jittered
 * and bounded by `retryMaxMs`, for as long as it takes. The site token is sent in the
 * Authorization header and never logged; errors are logged by status or cause only.
 *
 * A scan that failed is queued too (kind `failure`, `POST /api/sites/{site}/failures`), in the
 * same order, so the hub can raise `scan.failed`. Every push carries the site's schedule
 * interval in `X-Oemscan-Interval-Seconds` (0: no schedule), from which the hub decides when the
 * site has been silent too long. Pushes go through `HTTPS_PROXY` / `HTTP_PROXY` unless `NO_PROXY`
 * exempts the hub (axios reads them; the proxy's own user:password is never logged).
 */
import axios from 'axios';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { ScanFailure } from '../serve/webhooks.js';
import type { Db } from '../store/db.js';
import type { ReportConfig } from './config.js';

export type OutboxKind = 'scan' | 'failure';

export interface OutboxEntry {
  seq: number;
  scanId: string;
  site: string;
  attempts: number;
  /** `scan`: the report text; `failure`: the {@link ScanFailure} as JSON. */
  report: string;
  kind: OutboxKind;
}

/** The header in which a site tells the hub how often it scans. */
export const INTERVAL_HEADER = 'X-Oemscan-Interval-Seconds';

/**
 * The longest gap between two runs of `schedule` over its next 64 runs, in seconds (0 without a
 * schedule): "0 9 * * 1-5" is 259200, the weekend, so the hub does not call a site silent every
 * Saturday.
 */
export function scheduleIntervalSeconds(schedule: string | null, from = new Date()): number {
  if (!schedule) return 0;
  try {
    const runs = new Cron(schedule, { paused: true }).nextRuns(64, from);
    let gap = 0;
    for (let i = 1; i < runs.length; i++)
      gap = Math.max(gap, (runs[i] as Date).getTime() - (runs[i - 1] as Date).getTime());
    return Math.round(gap / 1000);
  } catch {
    return 0;
  }
}

export class Outbox {
  constructor(private readonly db: Db) {}

  /** Queues the stored report text of a scan (no-op when it is already queued). */
  enqueue(site: string, scanId: string, reportText: string, kind: OutboxKind = 'scan') {
    this.db
      .prepare(
        'INSERT INTO outbox (scan_id, site, enqueued_at, report, kind) VALUES (?, ?, ?, ?, ?) ON CONFLICT (scan_id) DO NOTHING',
      )
      .run(scanId, site, new Date().toISOString(), reportText, kind);
  }

  /** Queues the report of a scan that failed (no-op when it is already queued). */
  enqueueFailure(failure: ScanFailure) {
    this.enqueue(failure.site, failure.scan.id, JSON.stringify(failure), 'failure');
  }

  oldest(): OutboxEntry | undefined {
    return this.db
      .prepare('SELECT seq, scan_id AS scanId, site, attempts, report, kind FROM outbox ORDER BY seq LIMIT 1')
      .get() as OutboxEntry | undefined;
  }

  failed(seq: number, error: string) {
    this.db
      .prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?')
      .run(error, seq);
  }

  acknowledged(seq: number) {
    this.db.prepare('DELETE FROM outbox WHERE seq = ?').run(seq);
  }

  size(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  }
}

/** Full-jitter exponential backoff: a random wait in [d/2, d], d = min(max, base * 2^(n-1)). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const d = Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(d / 2 + random() * (d / 2));
}

export class PushSender {
  private wake: (() => void) | undefined;
  private stopped = false;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  /** Consecutive failures of the entry at the head of the queue. */
  private failures = 0;

  constructor(
    private readonly outbox: Outbox,
    private readonly config: ReportConfig,
    private readonly log: Logger,
    /** This site's schedule interval (see {@link scheduleIntervalSeconds}), sent with every push. */
    private readonly intervalSeconds = 0,
  ) {}

  start() {
    this.loop ??= this.run();
    const n = this.outbox.size();
    if (n) this.log.info({ queued: n, hub: this.config.url }, 'scans waiting for the hub');
  }

  /** Something was queued: send now instead of waiting for the current backoff to end. */
  notify() {
    this.wake?.();
  }

  async stop() {
    this.stopped = true;
    this.abort.abort();
    this.wake?.();
    await this.loop;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = undefined;
    });
  }

  private async run() {
    const idleMs = 5000;
    while (!this.stopped) {
      const entry = this.outbox.oldest();
      if (!entry) {
        await this.sleep(idleMs);
        continue;
      }
      const error = await this.send(entry);
      if (this.stopped) break;
      if (!error) {
        this.outbox.acknowledged(entry.seq);
        this.failures = 0;
        continue;
      }
      this.outbox.failed(entry.seq, error);
      this.failures++;
      const wait = backoffDelay(this.failures, this.config.retryBaseMs, this.config.retryMaxMs);
      this.log.warn(
        { scan: entry.scanId, attempt: entry.attempts + 1, retryInMs: wait, reason: error },
        'push to the hub failed; will retry',
      );
      // A new scan does not jump the queue, but it need not wait out a long backoff either.
      await this.sleep(wait);
    }
  }

  /** Undefined when acknowledged (or dropped, see below), else why not (never containing the token). */
  private async send(entry: OutboxEntry): Promise<string | undefined> {
    const base = `${this.config.url}/api/sites/${encodeURIComponent(entry.site)}`;
    const failure = entry.kind === 'failure';
    const url = failure ? `${base}/failures` : `${base}/scans/${encodeURIComponent(entry.scanId)}`;
    try {
      const res = await axios.request({
        method: failure ? 'POST' : 'PUT',
        url,
        headers: {
          Authorization: `Bearer ${this.config.token}`,
          'Content-Type': 'application/json',
          [INTERVAL_HEADER]: String(this.intervalSeconds),
        },
        data: entry.report,
        // The body is already JSON text: send it as it is.
        transformRequest: [(d: unknown) => d],
        // No `proxy` option: axios takes HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment.
        maxRedirects: 0,
        maxBodyLength: Number.POSITIVE_INFINITY,
        // The hub's answer is a small JSON object; anything bigger is not it.
        maxContentLength: 64 * 1024,
        responseType: 'text',
        validateStatus: () => true,
        timeout: this.config.timeoutMs,
        signal: this.abort.signal,
      });
      if (res.status === 200 || res.status === 201) {
        this.log.info(
          { scan: entry.scanId, status: res.status, ...(failure ? { kind: 'failure' } : {}) },
          failure ? 'failed scan reported to the hub' : 'scan pushed to the hub',
        );
        return undefined;
      }
      // A failure report is advice: a hub that does not know the route (an older one) or refuses
      // the body must not hold up the scans queued behind it forever.
      if (failure && [400, 404, 405, 413].includes(res.status)) {
        this.log.warn(
          { scan: entry.scanId, status: res.status },
          'the hub refused a failed-scan report; dropped',
        );
        return undefined;
      }
      return `HTTP ${res.status}`;
    } catch (err) {
      // The code only: an axios error's message or config could name the proxy and its password.
      return (err as { code?: string }).code ?? 'error';
    }
  }
}
