/**
 * Issue 14, item 5 at the site server: one info line when a scan starts and one when it ends
 * (readable on a terminal), a failed scan logged at error level and sent as `scan.failed` with its
 * message (never a credential), and `POST /api/webhooks/test` answering each hook by origin.
 * Everything listens on 127.0.66.0/24.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/serve/api.js';
import { loadServeConfig, type WebhookConfig } from '../../src/serve/config.js';
import { ServeMetrics } from '../../src/serve/metrics.js';
import { ScanRunner } from '../../src/serve/runner.js';
import { safeMessage, WebhookSender } from '../../src/serve/webhooks.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createLogger, formatLogLine, silentLogger } from '../../src/util/log.js';
import { startReceiver } from '../helpers/proxy.js';

const TOKEN = 'ops-test-api-token-0123456789abcdef';
const SECRET = 'ops-test-webhook-secret-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'oemscan-ops-'));
const closers: (() => Promise<void>)[] = [];
let store: Store;

beforeAll(() => {
  store = openStore(join(dir, 'data'));
});
afterAll(async () => {
  for (const c of closers) await c();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const hook = (url: string, over: Partial<WebhookConfig> = {}): WebhookConfig => ({
  url,
  events: ['newly-flagged', 'newly-unverified', 'disappeared', 'scan.failed'],
  attempts: 2,
  backoffMs: 20,
  timeoutMs: 2000,
  ...over,
});

function logCapture() {
  const lines: string[] = [];
  const log = createLogger('info', { format: 'json', stream: { write: (s: string) => lines.push(s) } });
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, records };
}

async function until(cond: () => boolean, ms = 20000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('scan logs and scan.failed', () => {
  it('logs one line at the start and one at the end; a failed scan is an error line and a scan.failed event', async () => {
    const rx = await startReceiver('127.0.66.2');
    closers.push(rx.close);
    const creds = join(dir, 'creds.yaml');
    writeFileSync(creds, '- { targets: "*", username: viewer, password: not-a-real-password }\n', {
      mode: 0o600,
    });
    const config = join(dir, 'serve.yaml');
    writeFileSync(
      config,
      [
        'targets: [127.0.66.200/32]',
        'site: lab-north',
        `data: ${join(dir, 'data')}`,
        `credentials: ${creds}`,
        'scan: { ports: "9", timeout: 200, discovery: false }',
        `webhooks: [{ url: "${rx.url}/secret-path-7f3e", attempts: 2, backoff: 20 }]`,
      ].join('\n'),
    );
    const setup = await loadServeConfig(
      { config },
      { OEMSCAN_API_TOKEN: TOKEN, OEMSCAN_WEBHOOK_SECRET: SECRET },
    );
    const { log, lines, records } = logCapture();
    const webhooks = new WebhookSender(setup.config.webhooks, SECRET, log);
    const runner = new ScanRunner({ setup, scans: store.scans, metrics: new ServeMetrics(), webhooks, log });

    const id = runner.start('manual') as string;
    await until(() => runner.runningId === undefined);
    const mine = records().filter((r) => r.scan === id && String(r.msg).startsWith('scan '));
    expect(mine.map((r) => r.msg)).toEqual(['scan starting', 'scan finished']);
    expect(mine[0]).toMatchObject({ level: 30, trigger: 'manual', targets: 1 });
    expect(mine[1]).toMatchObject({
      level: 30,
      trigger: 'manual',
      devices: 0,
      flagged: 0,
      unverified: 0,
      errors: 0,
    });
    expect(typeof mine[1]?.seconds).toBe('number');
    // On a terminal: one line, the fields as key=value after the message.
    const finished = lines.find((l) => l.includes('"scan finished"') && l.includes(id)) as string;
    expect(formatLogLine(finished)).toMatch(
      new RegExp(
        `^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO +scan finished scan=${id} seconds=[\\d.]+ devices=0 flagged=0 unverified=0 errors=0 trigger=manual$`,
      ),
    );

    // The credentials file breaks between scans: the next scan fails in its preparation.
    writeFileSync(creds, 'x: 1\n');
    const failed = runner.start('schedule') as string;
    await until(() => runner.runningId === undefined);
    const rec = records().filter((r) => r.scan === failed && String(r.msg).startsWith('scan '));
    expect(rec.map((r) => [r.msg, r.level])).toEqual([['scan failed', 50]]);
    expect(String(rec[0]?.err)).toMatch(/expected a non-empty list of entries/);
    expect(store.scans.get(failed)).toMatchObject({ status: 'failed' });

    await until(() => rx.received.length === 1);
    await webhooks.close(1000);
    const got = rx.received[0];
    expect(got?.headers['x-oemscan-event']).toBe('scan.failed');
    const body = JSON.parse(got?.body ?? '{}');
    expect(body).toMatchObject({
      schema: 'oemscan.webhook/v1',
      event: 'scan.failed',
      site: 'lab-north',
      trigger: 'schedule',
      scan: { id: failed },
    });
    expect(body.error).toMatch(/expected a non-empty list of entries/);
    expect(got?.body).not.toContain('not-a-real-password');
    const mac = createHmac('sha256', SECRET)
      .update(`${got?.headers['x-oemscan-timestamp']}.${got?.body}`)
      .digest('hex');
    expect(got?.headers['x-oemscan-signature']).toBe(`sha256=${mac}`);
    // Only the origin of the hook is ever logged.
    expect(lines.join('\n')).not.toContain('secret-path-7f3e');
  }, 60000);

  it('cleans an error message before it leaves: user:password in URLs, control characters, length', () => {
    expect(safeMessage('GET https://admin:hunter2@127.0.66.9/ISAPI failed')).toBe(
      'GET https://[redacted]@127.0.66.9/ISAPI failed',
    );
    expect(safeMessage('proxy http://u:p%40ss@127.0.66.1:3128 refused\r\n\u001b[31m')).toBe(
      'proxy http://[redacted]@127.0.66.1:3128 refused [31m',
    );
    expect(safeMessage('x'.repeat(5000))).toHaveLength(1000);
  });
});

describe('POST /api/webhooks/test', () => {
  it('sends one signed test event to every hook and answers each outcome by origin', async () => {
    const ok = await startReceiver('127.0.66.3');
    const broken = await startReceiver('127.0.66.4', { status: () => 500 });
    closers.push(ok.close, broken.close);
    const hooks = [
      // A hook that takes only `disappeared` still gets the test.
      hook(`${ok.url}/hooks/secret-token-a1b2`, { events: ['disappeared'] }),
      hook(`${broken.url}/hooks/secret-token-c3d4`),
      hook('http://127.0.66.5:9/hooks/secret-token-e5f6'),
    ];
    const sender = new WebhookSender(hooks, SECRET, silentLogger);
    const runner = { runningId: undefined, start: () => undefined } as unknown as ScanRunner;
    const app = buildApi({
      store,
      runner,
      metrics: new ServeMetrics(),
      token: TOKEN,
      log: silentLogger,
      site: 'lab-north',
      webhooks: sender,
    });
    closers.push(async () => {
      await app.close();
    });

    const denied = await app.inject({ method: 'POST', url: '/api/webhooks/test' });
    expect(denied.statusCode).toBe(401);
    expect(ok.received).toHaveLength(0);

    const auth = { authorization: `Bearer ${TOKEN}` };
    const bad = await app.inject({
      method: 'POST',
      url: '/api/webhooks/test',
      headers: auth,
      payload: { x: 1 },
    });
    expect(bad.statusCode).toBe(400);

    const t0 = Date.now();
    const res = await app.inject({ method: 'POST', url: '/api/webhooks/test', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      results: [
        { origin: ok.url, status: 'delivered', httpStatus: 204 },
        { origin: broken.url, status: 'rejected', httpStatus: 500, reason: 'HTTP 500' },
        { origin: 'http://127.0.66.5:9', status: 'failed', reason: 'ECONNREFUSED' },
      ],
    });
    expect(res.body).not.toContain('secret-token');
    // One attempt each: a test does not retry (the 500 was asked once), and answers at once.
    expect(broken.received).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(1500);
    const got = ok.received[0];
    expect(got?.url).toBe('/hooks/secret-token-a1b2');
    expect(got?.headers['x-oemscan-event']).toBe('test');
    expect(JSON.parse(got?.body ?? '{}')).toMatchObject({
      schema: 'oemscan.webhook/v1',
      event: 'test',
      site: 'lab-north',
    });
    const mac = createHmac('sha256', SECRET)
      .update(`${got?.headers['x-oemscan-timestamp']}.${got?.body}`)
      .digest('hex');
    expect(got?.headers['x-oemscan-signature']).toBe(`sha256=${mac}`);
  });

  it('answers an empty list when no webhook is configured', async () => {
    const app = buildApi({
      store,
      runner: { runningId: undefined } as unknown as ScanRunner,
      metrics: new ServeMetrics(),
      token: TOKEN,
      log: silentLogger,
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/webhooks/test',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    await app.close();
    expect(res.json()).toEqual({ results: [] });
  });
});
