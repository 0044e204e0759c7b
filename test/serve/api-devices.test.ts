/**
 * The operations API (issue 14, item 4) without a network: /api/devices filters by status,
 * vendor, site and time with a total and opaque cursor paging; /api/devices/{key} returns a
 * device with its history across scans (even one gone since); POST /api/scans takes no
 * parameters (a body that tries to pass some is a 400, not silently ignored) and answers 202
 * with a Location. The token comes first on every one of them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeRunner, ips, oemDevice, siteApi, storeScans } from '../helpers/api.js';
import { makeReport } from '../helpers/report.js';

const TOKEN = 'devices-test-token-0123456789abcdef';
const SITE = 'lab-59';
const RUNNING = '00000000-0000-4000-8000-0000000000bb';

const { runner, state } = fakeRunner(RUNNING);

const OLD = '2026-03-01T00:00:00.000Z';
const NEW = '2026-03-02T00:00:00.000Z';

const { auth, app, get, page, walk, refuses } = siteApi({
  token: TOKEN,
  site: SITE,
  runner,
  fill: (store) =>
    storeScans(store, [
      makeReport(
        [
          oemDevice('127.0.59.10', 'Dahua', { status: 'flagged', serial: 'SER-A', brand: 'Lorex' }),
          oemDevice('127.0.59.99', 'Axis', { status: 'clear', serial: 'SER-GONE' }),
        ],
        OLD,
      ),
      makeReport(
        [
          oemDevice('127.0.59.10', 'Dahua', { status: 'flagged', serial: 'SER-A', brand: 'Lorex' }),
          oemDevice('127.0.59.2', 'Hikvision', { status: 'flagged', mac: 'c0:56:e3:00:00:01' }),
          oemDevice('127.0.59.3', 'Axis', { status: 'clear' }),
          oemDevice('127.0.59.4', null, { status: 'unverified' }),
          oemDevice('127.0.59.5', 'Hanwha', { status: 'clear', serial: 'SER-E' }),
        ],
        NEW,
      ),
    ]),
});

beforeEach(() => {
  state.running = undefined;
  state.started = 0;
});

describe('GET /api/devices', () => {
  it('lists the current devices in address order with their site and a total', async () => {
    const p = await page('/api/devices');
    expect(p).toMatchObject({ site: SITE, total: 5, nextCursor: null });
    expect(ips(p)).toEqual(['127.0.59.2', '127.0.59.3', '127.0.59.4', '127.0.59.5', '127.0.59.10']);
    expect(p.items.every((d) => d.site === SITE)).toBe(true);
  });

  it.each([
    ['status=flagged', ['127.0.59.2', '127.0.59.10']],
    ['status=unverified', ['127.0.59.4']],
    ['vendor=dahua', ['127.0.59.10']],
    ['vendor=Lorex', ['127.0.59.10']],
    ['vendor=Axis&status=clear', ['127.0.59.3']],
    ['vendor=Bosch', []],
    [`site=${SITE}&status=flagged`, ['127.0.59.2', '127.0.59.10']],
    ['site=elsewhere', []],
    [
      `since=${encodeURIComponent(NEW)}`,
      ['127.0.59.2', '127.0.59.3', '127.0.59.4', '127.0.59.5', '127.0.59.10'],
    ],
    ['since=2026-03-03T00:00:00Z', []],
    [`newSince=${encodeURIComponent(NEW)}`, ['127.0.59.2', '127.0.59.3', '127.0.59.4', '127.0.59.5']],
  ])('filters with %s', async (query, expected) => {
    const p = await page(`/api/devices?${query}`);
    expect(ips(p)).toEqual(expected);
    expect(p.total).toBe(expected.length);
  });

  it('pages with an opaque cursor: every device once, the total on every page', async () => {
    const pages = await walk('', 2, 10);
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5]);
    expect(pages.flatMap(ips)).toEqual([
      '127.0.59.2',
      '127.0.59.3',
      '127.0.59.4',
      '127.0.59.5',
      '127.0.59.10',
    ]);
    // Filters and cursors combine.
    const first = await page('/api/devices?status=flagged&limit=1');
    expect(ips(first)).toEqual(['127.0.59.2']);
    const second = await page(`/api/devices?status=flagged&limit=1&cursor=${first.nextCursor}`);
    expect(ips(second)).toEqual(['127.0.59.10']);
    expect(second.nextCursor).toBeNull();
  });

  it.each([
    ['limit=0', 'querystring/limit must be >= 1'],
    ['limit=1001', 'querystring/limit must be <= 1000'],
    ['status=bad', 'querystring/status must be equal to one of the allowed values'],
    ['since=yesterday', 'querystring/since must match format "date-time"'],
    ['cursor=not-a-cursor', 'cursor is not one this API handed out'],
    ['colour=red', 'querystring must NOT have additional properties'],
  ])('refuses %s with a 400 that says why', (query, message) => refuses(`/api/devices?${query}`, message));
});

describe('GET /api/devices/{key}', () => {
  it('returns a device with its history across scans, newest first', async () => {
    const res = await get('/api/devices/serial%3ASER-A');
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({
      key: 'serial:SER-A',
      site: SITE,
      ip: '127.0.59.10',
      oem: 'Dahua',
      status: 'flagged',
    });
    expect(d.history.map((h: { startedAt: string }) => h.startedAt)).toEqual([NEW, OLD]);
    expect(d).toMatchObject({ firstSeen: OLD, lastSeen: NEW });
  });

  it('still knows a device the newest scan no longer saw, and MAC keys with colons', async () => {
    const gone = (await get('/api/devices/serial%3ASER-GONE')).json();
    expect(gone).toMatchObject({ ip: '127.0.59.99', lastSeen: OLD });
    const byMac = await get(`/api/devices/${encodeURIComponent('mac:c0:56:e3:00:00:01')}`);
    expect(byMac.statusCode).toBe(200);
    expect(byMac.json().ip).toBe('127.0.59.2');
  });

  it('answers 404 for an unknown key and 400 for a malformed one', async () => {
    expect((await get('/api/devices/serial%3ANOPE')).statusCode).toBe(404);
    const bad = await get('/api/devices/whatever');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('params/key must match pattern');
  });
});

describe('POST /api/scans', () => {
  const post = (payload?: unknown, headers: Record<string, string> = auth) =>
    app().inject({
      method: 'POST',
      url: '/api/scans',
      headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });

  it('answers 202 with a Location, with no body or an empty object', async () => {
    for (const body of [undefined, {}]) {
      state.running = undefined;
      const res = await post(body);
      expect(res.statusCode, res.body).toBe(202);
      expect(res.headers.location).toBe(`/api/scans/${RUNNING}`);
      expect(res.json()).toEqual({ id: RUNNING, status: 'running' });
    }
    expect(state.started).toBe(2);
  });

  it('refuses a body that tries to choose targets with 400, and starts nothing', async () => {
    const res = await post({ targets: ['10.0.0.0/8'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('body must NOT have additional properties');
    const text = await app().inject({
      method: 'POST',
      url: '/api/scans',
      headers: { ...auth, 'content-type': 'text/plain' },
      payload: 'targets=10.0.0.0/8',
    });
    expect(text.statusCode).toBe(400);
    const query = await app().inject({ method: 'POST', url: '/api/scans?targets=10.0.0.0/8', headers: auth });
    expect(query.statusCode).toBe(400);
    expect(query.json().message).toContain('querystring must NOT have additional properties');
    expect(state.started).toBe(0);
  });

  it('checks the token before the body', async () => {
    const res = await post({ targets: ['10.0.0.0/8'] }, {});
    expect(res.statusCode).toBe(401);
    for (const url of ['/api/devices?limit=0', '/api/devices/serial%3ASER-A', '/api/devices/whatever']) {
      expect((await get(url, {})).statusCode, url).toBe(401);
    }
    expect(state.started).toBe(0);
  });
});
