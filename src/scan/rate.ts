/**
 * @module scan/rate
 * Politeness: a pacing limiter for new connections (scan-wide `--rate`, per-host
 * `--max-host-rate`). Each connection takes a slot; a small burst is allowed so that a host's
 * parallel port checks are not serialised needlessly.
 */
import { TimeoutError } from '../util/bounded.js';

export class RateLimiter {
  private next = 0;
  private readonly interval: number;
  private readonly burst: number;

  constructor(perSecond: number) {
    this.interval = perSecond > 0 && Number.isFinite(perSecond) ? 1000 / perSecond : 0;
    this.burst = Math.max(1, Math.ceil(perSecond / 20));
  }

  /** Resolves when a new connection may start; rejects if `signal` aborts first. */
  take(signal?: AbortSignal): Promise<void> {
    if (this.interval === 0) return Promise.resolve();
    const now = performance.now();
    this.next = Math.max(this.next, now - this.burst * this.interval) + this.interval;
    const wait = this.next - now;
    if (wait <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, wait);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new TimeoutError(0, 'host budget exhausted while waiting for the rate limit'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
