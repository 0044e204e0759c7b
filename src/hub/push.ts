/**
 * @module hub/push
 * The site side of a hub: an outbox in the site's own SQLite and a sender that empties it.
 * A finished scan is queued in the same transaction that records it (so a kill can never lose
 * the push of a stored scan), and the sender pushes the queue strictly oldest first, one at a
 * time, over outbound HTTP(S) only. An entry is removed only when the hub acknowledged it
 * (201 stored, 200 already stored): until then it is retried with exponential backoff, jittered
 * and bounded by `retryMaxMs`, for as long as it takes. The site token is sent in the
 * Authorization header and never logged; errors are logged by status or cause only.
 */
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import type { ReportConfig } from './config.js';

export interface OutboxEntry {
  seq: number;
  scanId: string;
  site: string;
  attempts: number;
  report: string;
}

export class Outbox {
  constructor(private readonly db: Db) {}

  /** Queues the stored report text of a scan (no-op when it is already queued). */
  enqueue(site: string, scanId: string, reportText: string) {
    this.db
      .prepare(
        'INSERT INTO outbox (scan_id, site, enqueued_at, report) VALUES (?, ?, ?, ?) ON CONFLICT (scan_id) DO NOTHING',
      )
      .run(scanId, site, new Date().toISOString(), reportText);
  }

  oldest(): OutboxEntry | undefined {
    return this.db
      .prepare('SELECT seq, scan_id AS scanId, site, attempts, report FROM outbox ORDER BY seq LIMIT 1')
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
    private readonly fetchImpl: typeof fetch = fetch,
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

  /** Undefined when acknowledged, else why not (never containing the token). */
  private async send(entry: OutboxEntry): Promise<string | undefined> {
    const url = `${this.config.url}/api/sites/${encodeURIComponent(entry.site)}/scans/${encodeURIComponent(entry.scanId)}`;
    try {
      const res = await this.fetchImpl(url, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${this.config.token}`, 'Content-Type': 'application/json' },
        body: entry.report,
        redirect: 'error',
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.config.timeoutMs)]),
      });
      // Drain (bounded by the hub's small JSON answer) so the connection is reused.
      await res.text().catch(() => '');
      if (res.status === 200 || res.status === 201) {
        this.log.info({ scan: entry.scanId, status: res.status }, 'scan pushed to the hub');
        return undefined;
      }
      return `HTTP ${res.status}`;
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      return e.cause?.code ?? e.name ?? 'error';
    }
  }
}
