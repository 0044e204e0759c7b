/**
 * The REST API without a network (fastify inject): every /api route needs the bearer token
 * (checked before the input), bad input is a 400 that says what is wrong, unknown ids 404,
 * and a scan without a report 409.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { ServeMetrics } from '../../src/serve/metrics.js';
import { fakeRunner, siteApi, storeScans } from '../helpers/api.js';
import { makeDevice, makeReport } from '../helpers/report.js';

const TOKEN = 'api-test-token-0123456789abcdefghij';
const auth = { authorization: `Bearer ${TOKEN}` };
const RUNNING = '00000000-0000-4000-8000-0000000000aa';

let a: Report;
let b: Report;
/** One scan at a time, the id recorded as running. */
const { runner, state } = fakeRunner(RUNNING, () =>
  store().scans.begin(RUNNING, new Date().toISOString(), 'manual'),
);

const metrics = new ServeMetrics();
const { app, store, get } = siteApi({
  token: TOKEN,
  runner,
  metrics,
  fill: (db) => {
    a = makeReport(
      [makeDevice('127.0.30.11', { status: 'flagged', serial: 'S1' })],
      '2026-01-01T00:00:00.000Z',
    );
    b = makeReport(
      [makeDevice('127.0.30.11', { status: 'flagged', serial: 'S1' }), makeDevice('127.0.30.12')],
      '2026-01-02T00:00:00.000Z',
    );
    storeScans(db, [a, b]);
    metrics.latest(b);
  },
});

describe('API authentication', () => {
  it('answers /healthz and /metrics without a token', async () => {
    const h = await get('/healthz', {});
    expect(h.statusCode).toBe(200);
    expect(h.json()).toEqual({ status: 'ok', scanning: null });
    const m = await get('/metrics', {});
    expect(m.statusCode).toBe(200);
    expect(m.body).toContain('oemscan_flagged_devices 1');
    expect(m.body).toContain('oemscan_devices{oem="Axis"} 1');
    expect(m.body).toContain('oemscan_devices{oem="unknown"} 1');
  });

  it.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token-0123456789abcdefghij' }],
    ['a token prefix', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['another scheme', { authorization: `Basic ${TOKEN}` }],
    ['the token with trailing text', { authorization: `Bearer ${TOKEN} x` }],
  ])('refuses %s with 401 on every route, before looking at the input', async (_, headers) => {
    for (const url of [
      '/api/scans',
      '/api/scans/not-a-uuid',
      '/api/devices',
      '/api/flagged',
      '/api/diff',
      '/api/nope',
    ]) {
      const res = await get(url, headers as Record<string, string>);
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="oemscan"');
      expect(res.body).not.toContain(TOKEN);
    }
    const post = await app().inject({
      method: 'POST',
      url: '/api/scans',
      headers: headers as Record<string, string>,
    });
    expect(post.statusCode).toBe(401);
    expect(state.running).toBeUndefined();
  });
});

describe('API with the token', () => {
  it('lists scans with the contract fields, newest first', async () => {
    const res = await get('/api/scans');
    expect(res.statusCode).toBe(200);
    const list = res.json() as Record<string, unknown>[];
    expect(list.map((s) => s.id)).toEqual([b.scan.id, a.scan.id]);
    expect(list[0]).toMatchObject({
      startedAt: b.scan.startedAt,
      finishedAt: b.scan.finishedAt,
      status: 'complete',
    });
    expect(list[0]).toMatchObject({ devices: 2, flagged: 1 });
    expect((await get('/api/scans?limit=1')).json()).toHaveLength(1);
  });

  it('returns a scan report exactly as stored, and its HTML rendering', async () => {
    const res = await get(`/api/scans/${a.scan.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toBe(JSON.stringify(a));
    const html = await get(`/api/scans/${a.scan.id}/report.html`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.body).toContain('127.0.30.11');
  });

  it.each([
    ['/api/scans?limit=0', 'querystring/limit must be >= 1'],
    ['/api/scans?limit=many', 'querystring/limit must be integer'],
    ['/api/scans?colour=red', 'querystring must NOT have additional properties'],
    ['/api/scans/not-a-uuid', 'params/id must match pattern'],
    ['/api/diff', "querystring must have required property 'from'"],
    [`/api/diff?from=${RUNNING}`, "querystring must have required property 'to'"],
    ['/api/diff?from=1&to=2', 'querystring/from must match pattern'],
  ])('GET %s is a 400 saying "%s"', async (url, message) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.json().message).toContain(message);
  });

  it('answers 404 for an unknown scan or endpoint', async () => {
    const unknown = '00000000-0000-4000-8000-00000000ffff';
    expect((await get(`/api/scans/${unknown}`)).statusCode).toBe(404);
    expect((await get(`/api/diff?from=${a.scan.id}&to=${unknown}`)).statusCode).toBe(404);
    expect((await get('/api/nope')).statusCode).toBe(404);
  });

  it('lists current devices with history, and the flagged ones', async () => {
    const devices = (await get('/api/devices')).json().items as {
      ip: string;
      history: unknown[];
      status: string;
    }[];
    expect(devices.map((d) => [d.ip, d.history.length])).toEqual([
      ['127.0.30.11', 2],
      ['127.0.30.12', 1],
    ]);
    const flagged = (await get('/api/flagged')).json() as { ip: string; flags: { policy: string }[] }[];
    expect(flagged.map((d) => d.ip)).toEqual(['127.0.30.11']);
    expect(flagged[0]?.flags[0]?.policy).toBe('us-ndaa-889');
  });

  it('diffs two scans', async () => {
    const res = await get(`/api/diff?from=${a.scan.id}&to=${b.scan.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ schema: 'oemscan.diff/v1', summary: { added: 1, newlyFlagged: 0 } });
  });

  it('starts a scan with 202, refuses a second with 409, and has no report for a running scan', async () => {
    const first = await app().inject({ method: 'POST', url: '/api/scans', headers: auth });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ id: RUNNING, status: 'running' });
    expect(first.headers.location).toBe(`/api/scans/${RUNNING}`);
    const second = await app().inject({ method: 'POST', url: '/api/scans', headers: auth });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ running: RUNNING });
    const report = await get(`/api/scans/${RUNNING}`);
    expect(report.statusCode).toBe(409);
    expect(report.json()).toMatchObject({ status: 'running' });
    expect((await get('/healthz', {})).json()).toEqual({ status: 'ok', scanning: RUNNING });
  });

  it('serves the dashboard with a strict CSP and no token', async () => {
    const page = await get('/', {});
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(page.body).toContain('<script src="/dashboard.js"');
    expect((await get('/dashboard.js', {})).headers['content-type']).toMatch(/^text\/javascript/);
  });
});
