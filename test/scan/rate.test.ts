/**
 * The connection limiter paces after a small burst and gives up when the host budget ends.
 */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/scan/rate.js';

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

  it('rejects when the signal aborts while waiting', async () => {
    const limiter = new RateLimiter(1);
    await limiter.take();
    await expect(limiter.take(AbortSignal.timeout(20))).rejects.toThrow(/rate limit/);
  });
});
