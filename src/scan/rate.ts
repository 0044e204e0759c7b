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
    // An aborted signal fires no more events: without this check a stopped scan's hosts would
    // each wait out their place in the queue (a shutdown took seconds per port in the list).
    if (signal?.aborted)
      return Promise.reject(new TimeoutError(0, 'host budget exhausted while waiting for the rate limit'));
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

/**
 * A host's time budget that stands still while the host waits only on the scan-wide `--rate`:
 * that wait is the scanner pacing itself across every address, dead ones included, not the
 * host's own time, and counting it starved live devices of their probes on a polite scan.
 * `pause()` stops the clock until every pause it handed out has been resumed.
 */
export class HostBudget {
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  private remaining: number;
  private since = 0;
  private timer: NodeJS.Timeout | undefined;
  private pauses = 0;

  constructor(private readonly ms: number) {
    this.remaining = ms;
    this.start();
  }

  private start() {
    this.since = performance.now();
    this.timer = setTimeout(
      () => this.controller.abort(new TimeoutError(this.ms, 'host budget exhausted')),
      Math.max(0, this.remaining),
    );
    this.timer.unref?.();
  }

  /** Stops the clock; the function returned starts it again (once, however often it is called). */
  pause(): () => void {
    if (this.pauses++ === 0 && !this.signal.aborted) {
      clearTimeout(this.timer);
      this.remaining -= performance.now() - this.since;
    }
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      if (--this.pauses === 0 && !this.signal.aborted) this.start();
    };
  }

  /** Ends the clock (the host is done). */
  stop() {
    clearTimeout(this.timer);
  }
}
