/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and their lower-case forms), issue 14 item 5: webhook
 * deliveries and a site's pushes to its hub go through the proxy (CONNECT for https URLs, the
 * absolute form for http ones) unless NO_PROXY exempts the host; the proxy's user:password is
 * never logged; and a scan never reaches a device through a proxy, whatever the environment says.
 * A real forward proxy (test/helpers/proxy.ts) runs on 127.0.66.0/24; so does everything else.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReportConfig } from '../../src/hub/config.js';
import { Outbox, PushSender } from '../../src/hub/push.js';
import { loadProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import { prepareScan } from '../../src/scan/prepare.js';
import { runScan } from '../../src/scan/run.js';
import type { WebhookConfig } from '../../src/serve/config.js';
import { WebhookSender } from '../../src/serve/webhooks.js';
import { openStore } from '../../src/store/index.js';
import { createLogger, silentLogger } from '../../src/util/log.js';
import { proxySummary } from '../../src/util/proxy.js';
import { startProxy, startReceiver } from '../helpers/proxy.js';
import { makeDevice, makeReport } from '../helpers/report.js';

const SECRET = 'proxy-test-webhook-secret-0123456789ab';
const PROXY_PASSWORD = 'proxy-pass-9d2c41';
const PROXY_USER = `ops:${PROXY_PASSWORD}`;
const VARS = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY'];
const closers: (() => Promise<void>)[] = [];
const dir = mkdtempSync(join(tmpdir(), 'oemscan-proxy-'));
afterAll(async () => {
  for (const c of closers.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  // Whatever the machine's environment says, each test sets its own.
  for (const v of VARS) {
    vi.stubEnv(v, '');
    vi.stubEnv(v.toLowerCase(), '');
  }
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function logCapture() {
  const lines: string[] = [];
  const log = createLogger('debug', { format: 'json', stream: { write: (s: string) => lines.push(s) } });
  return { log, text: () => lines.join('') };
}

const hook = (url: string): WebhookConfig => ({
  url,
  events: ['scan.failed'],
  attempts: 1,
  backoffMs: 10,
  timeoutMs: 5000,
});

async function deliver(url: string, log = silentLogger) {
  const sender = new WebhookSender([hook(url)], SECRET, log);
  const [result] = await sender.test({ site: 'lab' });
  await sender.close(1000);
  return result;
}

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;

describe('webhook deliveries through a proxy', () => {
  it('sends an http hook through HTTP_PROXY with its credentials, and never logs them', async () => {
    const proxy = await startProxy('127.0.66.10');
    const rx = await startReceiver('127.0.66.11');
    closers.push(proxy.close, rx.close);
    vi.stubEnv('HTTP_PROXY', `http://${PROXY_USER}@127.0.66.10:${proxy.port}`);
    const { log, text } = logCapture();
    expect(await deliver(`${rx.url}/hook/secret`, log)).toMatchObject({ status: 'delivered' });
    expect(proxy.hits).toEqual([
      { method: 'POST', target: `${rx.url}/hook/secret`, proxyAuthorization: basic(PROXY_USER) },
    ]);
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0]?.headers['x-oemscan-event']).toBe('test');
    expect(text()).toContain('webhook delivered');
    expect(text()).not.toContain(PROXY_PASSWORD);
  });

  it('tunnels an https hook through HTTPS_PROXY with CONNECT (lower-case https_proxy too)', async () => {
    const proxy = await startProxy('127.0.66.12');
    const rx = await startReceiver('127.0.66.13', { https: true });
    closers.push(proxy.close, rx.close);
    // The receiver's self-signed certificate is trusted for this test only.
    const before = https.globalAgent.options.ca;
    https.globalAgent.options.ca = rx.cert;
    try {
      for (const name of ['HTTPS_PROXY', 'https_proxy']) {
        vi.stubEnv('HTTPS_PROXY', '');
        vi.stubEnv('https_proxy', '');
        vi.stubEnv(name, `http://${PROXY_USER}@127.0.66.12:${proxy.port}`);
        proxy.hits.length = 0;
        expect(await deliver(`${rx.url}/hook/secret`)).toMatchObject({ status: 'delivered' });
        // The proxy sees only where the tunnel goes: not the path, not the body.
        expect(proxy.hits).toEqual([
          { method: 'CONNECT', target: `127.0.66.13:${rx.port}`, proxyAuthorization: basic(PROXY_USER) },
        ]);
      }
      expect(rx.received).toHaveLength(2);
      expect(rx.received[0]?.headers['proxy-authorization']).toBeUndefined();
    } finally {
      https.globalAgent.options.ca = before;
    }
  });

  it('goes direct to a host NO_PROXY names (upper or lower case)', async () => {
    const proxy = await startProxy('127.0.66.14');
    const rx = await startReceiver('127.0.66.15');
    closers.push(proxy.close, rx.close);
    for (const [p, n] of [
      ['HTTP_PROXY', 'NO_PROXY'],
      ['http_proxy', 'no_proxy'],
    ] as const) {
      vi.stubEnv(p, proxy.url);
      vi.stubEnv(n, 'hooks.example.invalid,127.0.66.15');
      expect(await deliver(`${rx.url}/hook`)).toMatchObject({ status: 'delivered' });
      vi.stubEnv(p, '');
      vi.stubEnv(n, '');
    }
    expect(proxy.hits).toHaveLength(0);
    expect(rx.received).toHaveLength(2);
    // Not exempted: through the proxy.
    vi.stubEnv('http_proxy', proxy.url);
    vi.stubEnv('no_proxy', 'hooks.example.invalid');
    expect(await deliver(`${rx.url}/hook`)).toMatchObject({ status: 'delivered' });
    expect(proxy.hits).toHaveLength(1);
  });

  it('reports a proxy that refuses the credentials, without logging them', async () => {
    const proxy = await startProxy('127.0.66.16', { requireAuth: 'ops:the-right-one-5e1a' });
    const rx = await startReceiver('127.0.66.17');
    closers.push(proxy.close, rx.close);
    vi.stubEnv('HTTP_PROXY', `http://${PROXY_USER}@127.0.66.16:${proxy.port}`);
    const { log, text } = logCapture();
    expect(await deliver(`${rx.url}/hook`, log)).toMatchObject({ status: 'rejected', httpStatus: 407 });
    expect(rx.received).toHaveLength(0);
    expect(text()).toContain('webhook rejected');
    expect(text()).not.toContain(PROXY_PASSWORD);
    expect(text()).not.toContain(Buffer.from(PROXY_USER).toString('base64'));
  });
});

describe('the proxy named in the start-up log line', () => {
  it('shows each proxy without its user:password, and nothing when none is set', () => {
    expect(proxySummary({})).toBeUndefined();
    expect(proxySummary({ NO_PROXY: 'x' })).toBeUndefined();
    const s = proxySummary({
      https_proxy: `http://${PROXY_USER}@proxy.example.invalid:3128`,
      HTTP_PROXY: '127.0.66.1:8080',
      NO_PROXY: 'hub.example.invalid',
    });
    expect(s).toEqual({
      https: 'http://proxy.example.invalid:3128',
      http: 'http://127.0.66.1:8080',
      noProxy: 'hub.example.invalid',
    });
    expect(JSON.stringify(s)).not.toContain(PROXY_PASSWORD);
  });
});

describe("a site's pushes to its hub through a proxy", () => {
  const reportConfig = (url: string): ReportConfig => ({
    site: 'north',
    url,
    token: 'north-site-token-0123456789abcdefgh',
    retryBaseMs: 50,
    retryMaxMs: 200,
    timeoutMs: 5000,
  });

  async function push(hubUrl: string, log = silentLogger) {
    const store = openStore(join(dir, randomUUID()));
    const outbox = new Outbox(store.db);
    const report = makeReport([makeDevice('127.0.66.40')]);
    outbox.enqueue('north', report.scan.id, JSON.stringify(report));
    const sender = new PushSender(outbox, reportConfig(hubUrl), log, 3600);
    sender.start();
    const end = Date.now() + 10000;
    while (outbox.size() > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    await sender.stop();
    const left = outbox.size();
    store.close();
    return { id: report.scan.id, left };
  }

  it('pushes through HTTP_PROXY, with the schedule interval, and goes direct when NO_PROXY names the hub', async () => {
    const proxy = await startProxy('127.0.66.20');
    const hub = await startReceiver('127.0.66.21', { status: () => 201 });
    closers.push(proxy.close, hub.close);
    vi.stubEnv('HTTP_PROXY', `http://${PROXY_USER}@127.0.66.20:${proxy.port}`);
    const { log, text } = logCapture();
    const first = await push(hub.url, log);
    expect(first.left).toBe(0);
    expect(proxy.hits).toEqual([
      {
        method: 'PUT',
        target: `${hub.url}/api/sites/north/scans/${first.id}`,
        proxyAuthorization: basic(PROXY_USER),
      },
    ]);
    expect(hub.received[0]?.headers['x-oemscan-interval-seconds']).toBe('3600');
    expect(hub.received[0]?.headers.authorization).toBe('Bearer north-site-token-0123456789abcdefgh');
    expect(JSON.parse(hub.received[0]?.body ?? '{}').scan.id).toBe(first.id);
    expect(text()).not.toContain(PROXY_PASSWORD);
    expect(text()).not.toContain('north-site-token');

    vi.stubEnv('NO_PROXY', '127.0.66.21');
    const second = await push(hub.url);
    expect(second.left).toBe(0);
    expect(proxy.hits).toHaveLength(1);
    expect(hub.received).toHaveLength(2);
  });
});

describe("a site's pushes to an https hub", () => {
  it('tunnel through HTTPS_PROXY with CONNECT', async () => {
    const proxy = await startProxy('127.0.66.22');
    const hub = await startReceiver('127.0.66.23', { https: true, status: () => 201 });
    closers.push(proxy.close, hub.close);
    const before = https.globalAgent.options.ca;
    https.globalAgent.options.ca = hub.cert;
    try {
      vi.stubEnv('HTTPS_PROXY', `http://${PROXY_USER}@127.0.66.22:${proxy.port}`);
      const store = openStore(join(dir, randomUUID()));
      const outbox = new Outbox(store.db);
      const report = makeReport([makeDevice('127.0.66.41')]);
      outbox.enqueue('north', report.scan.id, JSON.stringify(report));
      const sender = new PushSender(
        outbox,
        {
          site: 'north',
          url: hub.url,
          token: 'north-site-token-0123456789abcdefgh',
          retryBaseMs: 50,
          retryMaxMs: 200,
          timeoutMs: 5000,
        },
        silentLogger,
        60,
      );
      sender.start();
      const end = Date.now() + 10000;
      while (outbox.size() > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
      await sender.stop();
      expect(outbox.size()).toBe(0);
      store.close();
      expect(proxy.hits).toEqual([
        { method: 'CONNECT', target: `127.0.66.23:${hub.port}`, proxyAuthorization: basic(PROXY_USER) },
      ]);
      expect(hub.received.map((r) => r.url)).toEqual([`/api/sites/north/scans/${report.scan.id}`]);
      expect(hub.received[0]?.headers['x-oemscan-interval-seconds']).toBe('60');
    } finally {
      https.globalAgent.options.ca = before;
    }
  });
});

describe('scans never use a proxy', () => {
  let lab: Lab;
  afterAll(async () => {
    await lab?.stop();
  });

  it('reaches lab devices directly with every proxy variable pointing at a proxy', async () => {
    const proxy = await startProxy('127.0.66.30');
    closers.push(proxy.close);
    const profiles = loadProfiles().filter((p) => ['hikvision-camera', 'axis-camera'].includes(p.id));
    expect(profiles).toHaveLength(2);
    lab = await startLab({ prefix: '127.0.66', first: 50, portOffset: 25000, profiles });
    for (const v of VARS.slice(0, 3)) {
      vi.stubEnv(v, proxy.url);
      vi.stubEnv(v.toLowerCase(), proxy.url);
    }
    const prepared = await prepareScan(
      { targets: ['127.0.66.50-127.0.66.51'], portOffset: 25000, discovery: false, timeoutMs: 2000 },
      silentLogger,
    );
    const report = await runScan({ ...prepared, id: randomUUID(), log: silentLogger });
    const maker = { 'hikvision-camera': 'Hikvision', 'axis-camera': 'Axis' } as Record<string, string>;
    expect(report.devices.map((d) => [d.ip, d.oem.vendor]).sort()).toEqual(
      lab.devices.map((d) => [d.ip, maker[d.profile.id]]).sort(),
    );
    expect(report.devices.every((d) => d.services.length > 0)).toBe(true);
    expect(proxy.hits).toEqual([]);
  }, 60000);
});
