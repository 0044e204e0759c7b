/**
 * Webhook delivery against local receivers on loopback: signed bodies, retries with backoff
 * on 5xx and connection failures (same delivery id each time), no retry on a 4xx.
 */
import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebhookConfig } from '../../src/serve/config.js';
import type { DeliveryResult } from '../../src/serve/webhooks.js';
import { WebhookSender } from '../../src/serve/webhooks.js';
import { silentLogger } from '../../src/util/log.js';
import { makeDevice, makeReport } from '../helpers/report.js';
import { webhookReceiver } from '../helpers/serve.js';

const SECRET = 'webhook-test-secret-0123456789abcdef';
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

const hookConfig = (url: string, over: Partial<WebhookConfig> = {}): WebhookConfig => ({
  url,
  events: ['newly-flagged', 'newly-unverified', 'disappeared'],
  attempts: 4,
  backoffMs: 100,
  timeoutMs: 2000,
  ...over,
});

async function send(hook: WebhookConfig) {
  const results: DeliveryResult[] = [];
  const sender = new WebhookSender([hook], SECRET, silentLogger, (_e, r) => results.push(r));
  const report = makeReport([makeDevice('127.0.30.11', { status: 'flagged' })]);
  sender.notify(report, null, [{ event: 'newly-flagged', devices: [] }]);
  await sender.close(10000);
  return results;
}

describe('webhooks', () => {
  it('retries a 503 with growing delays and delivers the same signed body', async () => {
    const times: number[] = [];
    const rx = await webhookReceiver('127.0.31.3', 30091, (n) => {
      times.push(Date.now());
      return n <= 2 ? 503 : 204;
    });
    closers.push(rx.close);
    expect(await send(hookConfig(rx.url))).toEqual(['delivered']);
    expect(rx.received).toHaveLength(3);
    expect(new Set(rx.received.map((r) => r.headers['x-oemscan-delivery'])).size).toBe(1);
    for (const r of rx.received) {
      const ts = String(r.headers['x-oemscan-timestamp']);
      const mac = createHmac('sha256', SECRET).update(`${ts}.${r.body}`).digest('hex');
      expect(r.headers['x-oemscan-signature']).toBe(`sha256=${mac}`);
      expect(r.headers['content-type']).toBe('application/json');
      expect(JSON.parse(r.body)).toMatchObject({ schema: 'oemscan.webhook/v1', event: 'newly-flagged' });
    }
    const [a = 0, b = 0, c = 0] = times;
    expect(b - a).toBeGreaterThanOrEqual(95);
    expect(c - b).toBeGreaterThanOrEqual(195);
  });

  it('does not retry a 400', async () => {
    const rx = await webhookReceiver('127.0.31.3', 30092, () => 400);
    closers.push(rx.close);
    expect(await send(hookConfig(rx.url))).toEqual(['rejected']);
    expect(rx.received).toHaveLength(1);
  });

  it('gives up after the last attempt when nothing listens', async () => {
    expect(await send(hookConfig('http://127.0.31.3:30093/hook', { attempts: 2, backoffMs: 10 }))).toEqual([
      'failed',
    ]);
  });

  it('sends only the events a hook subscribed to', async () => {
    const rx = await webhookReceiver('127.0.31.3', 30094);
    closers.push(rx.close);
    expect(await send(hookConfig(rx.url, { events: ['disappeared'] }))).toEqual([]);
    expect(rx.received).toHaveLength(0);
  });
});
