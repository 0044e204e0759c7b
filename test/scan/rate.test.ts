/**
 * The connection limiter paces after a small burst and gives up when the host budget ends; the
 * host budget stands still while the host waits on the scan-wide limiter.
 */
import { describe, expect, it } from 'vitest';
import { HostBudget, RateLimiter } from '../../src/scan/rate.js';

describe('RateLimiter', () => {
  it('lets a burst through, then paces', async () => {
    const limiter = new RateLimiter(100); // burst of 5, then one per 10 ms
    const started = performance.now();
    for (let i = 0; i < 5; i++) await limiter.take();
    expect(performance.now() - started).toBeLessThan(20);
    for (let i = 0; i < 10; i++) await limiter.take();
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('is a no-op at 0 (unlimited)', async () => {
    const limiter = new RateLimiter(0);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) await limiter.take();
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('rejects at once, behind a long queue, when the signal has already aborted', async () => {
    const limiter = new RateLimiter(100);
    const queued = Array.from({ length: 60 }, () => limiter.take()); // half a second of other connections
    const started = performance.now();
    await expect(limiter.take(AbortSignal.abort())).rejects.toThrow(/rate limit/);
    expect(performance.now() - started).toBeLessThan(50);
    await Promise.all(queued);
  });

  it('rejects when the signal aborts while waiting', async () => {
    const limiter = new RateLimiter(1);
    await limiter.take();
    await expect(limiter.take(AbortSignal.timeout(20))).rejects.toThrow(/rate limit/);
  });
});

describe('HostBudget', () => {
  it('aborts after its time, and stands still while paused', async () => {
    const plain = new HostBudget(60);
    const paused = new HostBudget(60);
    const resume = paused.pause();
    await new Promise((r) => setTimeout(r, 120));
    expect(plain.signal.aborted).toBe(true);
    expect(paused.signal.aborted).toBe(false);
    resume();
    resume(); // a second call changes nothing
    await new Promise((r) => setTimeout(r, 120));
    expect(paused.signal.aborted).toBe(true);
  });

  it('runs again only when every pause has been resumed, with the time it had left', async () => {
    const budget = new HostBudget(80);
    await new Promise((r) => setTimeout(r, 40));
    const a = budget.pause();
    const b = budget.pause();
    a();
    await new Promise((r) => setTimeout(r, 100));
    expect(budget.signal.aborted).toBe(false);
    b();
    await new Promise((r) => setTimeout(r, 10));
    expect(budget.signal.aborted).toBe(false);
    await new Promise((r) => setTimeout(r, 60));
    expect(budget.signal.aborted).toBe(true);
  });
});
