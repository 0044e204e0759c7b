/**
 * @module serve/webhooks
 * Delivers scan events as signed JSON POSTs. The body is signed as sent:
 * `X-Oemscan-Signature: sha256=HEX(HMAC-SHA256(secret, "<X-Oemscan-Timestamp>.<body>"))`, so a
 * receiver can check both origin and freshness. Failed deliveries (network error, timeout,
 * 408, 429, 5xx) are retried with exponential backoff; other answers are final. Only a URL's
 * origin is ever logged: the path of many webhook URLs is itself a secret.
 */
import { createHmac, randomUUID } from 'node:crypto';
import axios from 'axios';
import type { Logger } from 'pino';
import type { Report } from '../report/types.js';
import { packageVersion } from '../util/paths.js';
import type { WebhookConfig } from './config.js';
import type { ScanEvent } from './events.js';

export const WEBHOOK_SCHEMA = 'oemscan.webhook/v1';

export interface WebhookPayload extends ScanEvent {
  schema: typeof WEBHOOK_SCHEMA;
  scan: Pick<Report['scan'], 'id' | 'startedAt' | 'finishedAt'>;
  /** The complete scan this one was compared with; null for the first. */
  previousScan: string | null;
}

export type DeliveryResult = 'delivered' | 'rejected' | 'failed';

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

export class WebhookSender {
  private readonly pending = new Set<Promise<void>>();
  private readonly stop = new AbortController();

  constructor(
    private readonly hooks: readonly WebhookConfig[],
    private readonly secret: string | null,
    private readonly log: Logger,
    private readonly onResult: (event: string, result: DeliveryResult) => void = () => {},
  ) {}

  /** Queues one POST per hook and event; returns at once. */
  notify(report: Report, previousScan: string | null, events: readonly ScanEvent[]) {
    if (!this.secret) return;
    const { id, startedAt, finishedAt } = report.scan;
    for (const hook of this.hooks) {
      for (const e of events) {
        if (!hook.events.includes(e.event)) continue;
        const payload: WebhookPayload = {
          schema: WEBHOOK_SCHEMA,
          event: e.event,
          scan: { id, startedAt, finishedAt },
          previousScan,
          devices: e.devices,
        };
        const job = this.deliver(hook, payload).finally(() => this.pending.delete(job));
        this.pending.add(job);
      }
    }
  }

  /** Waits up to `ms` for deliveries in flight, then abandons the rest. */
  async close(ms: number) {
    const timer = setTimeout(() => this.stop.abort(), ms);
    await Promise.allSettled([...this.pending]);
    clearTimeout(timer);
    this.stop.abort();
  }

  private async deliver(hook: WebhookConfig, payload: WebhookPayload) {
    const body = JSON.stringify(payload);
    const delivery = randomUUID();
    const origin = new URL(hook.url).origin;
    const secret = this.secret as string;
    for (let attempt = 1; attempt <= hook.attempts && !this.stop.signal.aborted; attempt++) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      let outcome: string;
      try {
        const res = await axios.post(hook.url, body, {
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': `oemscan/${packageVersion()}`,
            'X-Oemscan-Event': payload.event,
            'X-Oemscan-Delivery': delivery,
            'X-Oemscan-Timestamp': timestamp,
            'X-Oemscan-Signature': sign(secret, timestamp, body),
          },
          timeout: hook.timeoutMs,
          maxRedirects: 0,
          proxy: false,
          maxContentLength: 64 * 1024,
          responseType: 'text',
          validateStatus: () => true,
          signal: this.stop.signal,
        });
        if (res.status >= 200 && res.status < 300) {
          this.log.info({ origin, event: payload.event, delivery, attempt }, 'webhook delivered');
          this.onResult(payload.event, 'delivered');
          return;
        }
        if (!retryable(res.status)) {
          this.log.warn({ origin, event: payload.event, delivery, status: res.status }, 'webhook rejected');
          this.onResult(payload.event, 'rejected');
          return;
        }
        outcome = `HTTP ${res.status}`;
      } catch (err) {
        outcome = (err as { code?: string }).code ?? 'error';
      }
      this.log.warn({ origin, event: payload.event, delivery, attempt, outcome }, 'webhook attempt failed');
      if (attempt < hook.attempts) await sleep(hook.backoffMs * 2 ** (attempt - 1), this.stop.signal);
    }
    this.log.error({ origin, event: payload.event, delivery }, 'webhook not delivered');
    this.onResult(payload.event, 'failed');
  }
}
