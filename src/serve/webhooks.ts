/**
 * @module serve/webhooks
 * Delivers events as signed JSON POSTs (the site server's scan events, the hub's estate events).
 * The body is signed as sent:
 * `X-Oemscan-Signature: sha256=HEX(HMAC-SHA256(secret, "<X-Oemscan-Timestamp>.<body>"))`, so a
 * receiver can check both origin and freshness. Failed deliveries (network error, timeout,
 * 408, 429, 5xx) are retried with exponential backoff; other answers are final. Only a URL's
 * origin is ever logged or answered: the path of many webhook URLs is itself a secret.
 *
 * Deliveries honour `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (or their lower-case forms):
 * axios reads them, tunnelling to an https URL with CONNECT. Devices are never reached this way
 * (the probes' requests set `proxy: false`, src/probes/net/http.ts).
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

/** What a scan that failed sends (`scan.failed`), at the site server and again at the hub. */
export interface ScanFailure {
  site: string;
  scan: { id: string; startedAt: string; finishedAt: string };
  /** What started it: `schedule`, `api`, ... */
  trigger: string;
  /** Why it failed, with any credentials in URLs removed (see {@link safeMessage}). */
  error: string;
}

/** Any event: its name and its own fields; `schema` is added when it is sent. */
export type EventBody = { event: string } & Record<string, unknown>;

export type DeliveryResult = 'delivered' | 'rejected' | 'failed';

/** One hook's answer to a test delivery (`POST /api/webhooks/test`). */
export interface TestResult {
  /** The hook's origin only: its path may be a secret. */
  origin: string;
  status: DeliveryResult;
  /** The HTTP status the hook answered, when it answered. */
  httpStatus?: number;
  /** Why it was not delivered: `HTTP 503`, `ECONNREFUSED`, `ETIMEDOUT`, ... */
  reason?: string;
}

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Longest error message an event carries. */
const MAX_MESSAGE = 1000;

/**
 * An error message fit to leave the process: user:password in any URL replaced, control
 * characters removed, bounded. Credentials are never put in messages to begin with; this is
 * the belt to those braces (a target or proxy URL could carry them).
 */
export function safeMessage(message: string): string {
  const cleaned = message
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1[redacted]@')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim();
  return cleaned.length > MAX_MESSAGE ? `${cleaned.slice(0, MAX_MESSAGE - 1)}…` : cleaned;
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

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid URL';
  }
}

export class WebhookSender {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly stop = new AbortController();

  constructor(
    private readonly hooks: readonly WebhookConfig[],
    private readonly secret: string | null,
    private readonly log: Logger,
    private readonly onResult: (event: string, result: DeliveryResult) => void = () => {},
  ) {}

  /** Queues one POST per hook and event; returns at once. */
  notify(report: Report, previousScan: string | null, events: readonly ScanEvent[]) {
    const { id, startedAt, finishedAt } = report.scan;
    for (const e of events)
      this.emit({
        event: e.event,
        scan: { id, startedAt, finishedAt },
        previousScan,
        devices: e.devices,
      });
  }

  /** `scan.failed` to every hook subscribed to it; returns at once. */
  notifyFailure(failure: ScanFailure) {
    this.emit({ event: 'scan.failed', ...failure, error: safeMessage(failure.error) });
  }

  /** Queues `body` to every hook subscribed to its event; returns at once. */
  emit(body: EventBody) {
    if (!this.secret) return;
    for (const hook of this.hooks) {
      if (!hook.events.includes(body.event)) continue;
      this.track(this.deliver(hook, { schema: WEBHOOK_SCHEMA, ...body }, hook.attempts));
    }
  }

  /**
   * Sends one `test` event to every hook now, whatever it subscribed to, with a single attempt
   * each (an operator is waiting), and answers each hook's outcome by origin.
   */
  async test(fields: Record<string, unknown> = {}): Promise<TestResult[]> {
    if (!this.secret) return [];
    const body = { schema: WEBHOOK_SCHEMA, event: 'test', sentAt: new Date().toISOString(), ...fields };
    const jobs = this.hooks.map((hook) => this.track(this.deliver(hook, body, 1)));
    return Promise.all(jobs);
  }

  /** Waits up to `ms` for deliveries in flight, then abandons the rest. */
  async close(ms: number) {
    const timer = setTimeout(() => this.stop.abort(), ms);
    await Promise.allSettled([...this.pending]);
    clearTimeout(timer);
    this.stop.abort();
  }

  private track<T>(job: Promise<T>): Promise<T> {
    const tracked = job.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    return tracked;
  }

  private async deliver(hook: WebhookConfig, payload: EventBody, attempts: number): Promise<TestResult> {
    const body = JSON.stringify(payload);
    const delivery = randomUUID();
    const origin = originOf(hook.url);
    const event = payload.event;
    const secret = this.secret as string;
    let reason = 'not sent';
    for (let attempt = 1; attempt <= attempts && !this.stop.signal.aborted; attempt++) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const res = await axios.post(hook.url, body, {
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': `oemscan/${packageVersion()}`,
            'X-Oemscan-Event': event,
            'X-Oemscan-Delivery': delivery,
            'X-Oemscan-Timestamp': timestamp,
            'X-Oemscan-Signature': sign(secret, timestamp, body),
          },
          timeout: hook.timeoutMs,
          maxRedirects: 0,
          // No `proxy` option: axios takes HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment.
          maxContentLength: 64 * 1024,
          responseType: 'text',
          validateStatus: () => true,
          signal: this.stop.signal,
        });
        if (res.status >= 200 && res.status < 300) {
          this.log.info({ origin, event, delivery, attempt }, 'webhook delivered');
          this.onResult(event, 'delivered');
          return { origin, status: 'delivered', httpStatus: res.status };
        }
        reason = `HTTP ${res.status}`;
        if (!retryable(res.status) || attempts === 1) {
          this.log.warn({ origin, event, delivery, status: res.status }, 'webhook rejected');
          this.onResult(event, 'rejected');
          return { origin, status: 'rejected', httpStatus: res.status, reason };
        }
      } catch (err) {
        // The code only: an axios error's message or config could name the URL or the proxy.
        reason = (err as { code?: string }).code ?? 'error';
      }
      this.log.warn({ origin, event, delivery, attempt, outcome: reason }, 'webhook attempt failed');
      if (attempt < attempts) await sleep(hook.backoffMs * 2 ** (attempt - 1), this.stop.signal);
    }
    this.log.error({ origin, event, delivery }, 'webhook not delivered');
    this.onResult(event, 'failed');
    return { origin, status: 'failed', reason };
  }
}
