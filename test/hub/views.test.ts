/**
 * The hub's central views (issue 14 items 2 and 4) on a real, throwaway PostgreSQL: sites and
 * estate counts, `silent`, current devices with every filter, the free-text search, each sort
 * in both orders, cursor paging with its total (stable while scans land mid-paging, even one
 * whose transaction was open when the first page was read), one device with its history and
 * evidence, the trend, newly flagged devices, 400s and 401s, and the hub's `/openapi.json`
 * (every registered route, valid OpenAPI 3.1, responses as documented).
 *
 * Expected answers are computed here from the pushed reports by a plain reference model, never
 * copied from what the hub said.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildHubApi } from '../../src/hub/service.js';
import { HubStore } from '../../src/hub/store.js';
import type { Device, Report } from '../../src/report/types.js';
import { deviceKey } from '../../src/store/scans.js';
import { parseIPv4 } from '../../src/targets/index.js';
import { silentLogger } from '../../src/util/log.js';
import {
  expectDocumentedResponse,
  expectRoutesDocumented,
  expectValidOas31,
  type OpenApiDoc,
} from '../helpers/openapi.js';
import { type PgCluster, requirePostgres, startPostgres } from '../helpers/postgres.js';
import { makeDevice, makeReport } from '../helpers/report.js';

const seen = vi.hoisted(() => [] as { method: string; url: string }[]);
vi.mock('fastify', async (importOriginal) =>
  (await import('../helpers/openapi.js')).recordingFastify(importOriginal, seen),
);

const API_TOKEN = 'views-reader-token-0123456789abcdefgh';
const SITES = new Map([
  ['north', 'north-views-token-0123456789abcdefgh'],
  ['south', 'south-views-token-0123456789abcdefgh'],
  ['east', 'east-views-token-0123456789abcdefghi'],
]);
const DAY = 86400e3;
const HOUR = 3600e3;
/** The first scan: 7 days and 6 hours ago, so the default 7-day window of /api/flagged/new cuts through the data. */
const T0 = Math.floor((Date.now() - 7 * DAY - 6 * HOUR) / 1000) * 1000;
const at = (ms: number) => new Date(T0 + ms).toISOString();

const available = requirePostgres();
let pgc: PgCluster;
let store: HubStore;
let app: FastifyInstance;
const ingested: { site: string; report: Report }[] = [];
const hooked: { site: string; scan: string; result: string }[] = [];

const auth = { authorization: `Bearer ${API_TOKEN}` };
const get = (url: string, headers: Record<string, string> = auth) =>
  app.inject({ method: 'GET', url, headers });
const json = async <T>(url: string): Promise<T> => {
  const res = await get(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json() as T;
};
const push = (site: string, report: Report, interval?: string) =>
  app.inject({
    method: 'PUT',
    url: `/api/sites/${site}/scans/${report.scan.id}`,
    headers: {
      authorization: `Bearer ${SITES.get(site)}`,
      'content-type': 'application/json',
      ...(interval !== undefined ? { 'x-oemscan-interval-seconds': interval } : {}),
    },
    payload: JSON.stringify(report),
  });

const oem = (vendor: string | null, rebranded = false) => ({
  vendor,
  confidence: vendor ? 0.9 : 0,
  rebranded,
  basis: '',
  alternatives: [],
});
const ev = (value: string) => [
  {
    field: 'http.header.server' as const,
    value,
    probe: 'http',
    port: 80,
    transport: 'tcp' as const,
    observedAt: '2026-01-01T00:00:00.000Z',
  },
];

// North: n1 flagged in both scans; n4 clear then flagged; n3 gone in the second scan; n5 new.
const n1 = (v: string) =>
  makeDevice('127.0.64.10', {
    status: 'flagged',
    serial: 'N-1',
    brand: 'Lorex',
    brandClaimed: `test badge ${v}`,
    oem: { ...oem('Dahua', true), basis: `test basis ${v}` },
    model: 'LNB-8111',
    firmware: 'V2.800',
    evidence: ev(v),
    services: [{ port: 80, transport: 'tcp', service: 'http', status: 'ok' }],
    errors: [{ probe: 'rtsp', port: 554, status: 'timeout', message: `no answer (${v})` }],
  });
const n2 = makeDevice('127.0.64.2', { status: 'clear', mac: 'aa:bb:cc:00:00:02', model: 'P3245' });
const n3 = makeDevice('127.0.64.30', { status: 'unverified', hostname: 'old-cam' });
const n4 = (status: Device['status']) =>
  makeDevice('127.0.64.4', { status, serial: 'N-4', brand: 'Hikvision', oem: oem('Hikvision') });
const n5 = makeDevice('127.0.64.5', { status: 'unverified', hostname: 'Cam-Five', model: 'zeta' });
// South: s1 unverified then flagged (same address as n1), s3 flagged in both, s2 new in the second.
const s1 = (status: Device['status']) =>
  makeDevice('127.0.64.10', { status, serial: 'S-1', brand: 'Amcrest', oem: oem('Dahua', true) });
const s2 = makeDevice('127.0.64.200', { status: 'clear', mac: 'aa:bb:cc:00:00:99', brand: 'Axis' });
const s3 = makeDevice('127.0.64.3', { status: 'flagged', serial: 'S-3', model: 'alpha' });

const northA = makeReport([n1('A'), n2, n3, n4('clear')], at(0));
const northB = makeReport([n1('B'), n2, n4('flagged'), n5], at(DAY));
const southA = makeReport([s1('unverified'), s3], at(DAY / 2));
const southB = makeReport([s1('flagged'), s2, s3], at(2 * DAY));

beforeAll(async () => {
  if (!available) return;
  pgc = await startPostgres();
  store = await HubStore.open(pgc.url);
  await store.registerSites([...SITES.keys()]);
  app = buildHubApi(
    store,
    {
      databaseUrl: pgc.url,
      listen: { host: '127.0.64.1', port: 0 },
      apiToken: API_TOKEN,
      sites: SITES,
      shutdownTimeoutMs: 5000,
      testCommitDelayMs: 0,
    },
    silentLogger,
    { onIngest: (site, report, result) => hooked.push({ site, scan: report.scan.id, result }) },
  );
  for (const r of [northA, northB]) {
    expect(await store.ingest('north', r)).toBe('stored');
    ingested.push({ site: 'north', report: r });
  }
  // South pushes over HTTP, telling its interval once (a later malformed value is ignored).
  expect((await push('south', southA, '3600')).statusCode).toBe(201);
  expect((await push('south', southB, 'every hour')).statusCode).toBe(201);
  for (const r of [southA, southB]) ingested.push({ site: 'south', report: r });
}, 60000);

afterAll(async () => {
  await app?.close();
  await store?.close();
  await pgc?.stop();
});

// ---------------------------------------------------------------- reference model
interface Expected {
  site: string;
  key: string;
  ip: string;
  mac: string | null;
  hostname: string | null;
  brand: string | null;
  oem: string | null;
  model: string | null;
  serial: string | null;
  firmware: string | null;
  status: Device['status'];
  firstSeen: string;
  lastSeen: string;
}

function expectedCurrent(from = ingested): Expected[] {
  const out: Expected[] = [];
  for (const site of new Set(from.map((x) => x.site))) {
    const reports = from.filter((x) => x.site === site).map((x) => x.report);
    const newest = [...reports].sort((a, b) => b.scan.startedAt.localeCompare(a.scan.startedAt))[0] as Report;
    for (const d of newest.devices) {
      const key = deviceKey(d);
      const seenAt = reports
        .filter((r) => r.devices.some((x) => deviceKey(x) === key))
        .map((r) => r.scan.startedAt);
      out.push({
        site,
        key,
        ip: d.ip,
        mac: d.mac,
        hostname: d.hostname,
        brand: d.brand,
        oem: d.oem.vendor,
        model: d.model,
        serial: d.serial,
        firmware: d.firmware,
        status: d.status,
        firstSeen: seenAt.sort()[0] as string,
        lastSeen: newest.scan.startedAt,
      });
    }
  }
  return out;
}

const RANK = { flagged: 0, unverified: 1, clear: 2 } as const;
const SORT_VALUE: Record<string, (d: Expected) => number | string> = {
  ip: (d) => parseIPv4(d.ip) ?? 0,
  site: (d) => d.site,
  oem: (d) => (d.oem ?? '').toLowerCase(),
  brand: (d) => (d.brand ?? '').toLowerCase(),
  model: (d) => (d.model ?? '').toLowerCase(),
  status: (d) => RANK[d.status],
  lastSeen: (d) => Date.parse(d.lastSeen),
  firstSeen: (d) => Date.parse(d.firstSeen),
};
const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
function sorted(list: Expected[], sort: string, order: 'asc' | 'desc') {
  const v = SORT_VALUE[sort] as (d: Expected) => number | string;
  const sign = order === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => sign * (cmp(v(a), v(b)) || cmp(a.site, b.site) || cmp(a.key, b.key)));
}
const id = (d: { site: string; key: string }) => `${d.site}|${d.key}`;

type Page = { total: number; items: (Expected & { history?: unknown[] })[]; nextCursor: string | null };
async function allPages(query: string, limit: number) {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const sep = query ? '&' : '';
    const page: Page = await json<Page>(
      `/api/devices?${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    pages.push(page);
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(100);
  } while (cursor);
  return pages;
}

describe.skipIf(!available)('hub central views', () => {
  it('lists sites with their newest counts, and estate totals', async () => {
    const sites =
      await json<{ name: string; scans: number; devices: number; flagged: number; silent: boolean }[]>(
        '/api/sites',
      );
    expect(sites.map((s) => s.name)).toEqual(['east', 'north', 'south']);
    const cur = expectedCurrent();
    for (const s of sites) {
      const mine = cur.filter((d) => d.site === s.name);
      expect(s).toMatchObject({
        scans: ingested.filter((x) => x.site === s.name).length,
        devices: mine.length,
        flagged: mine.filter((d) => d.status === 'flagged').length,
        unverified: mine.filter((d) => d.status === 'unverified').length,
        clear: mine.filter((d) => d.status === 'clear').length,
        silent: false,
      });
    }
    expect(sites.find((s) => s.name === 'east')).toMatchObject({ lastScanAt: null, lastReceivedAt: null });
    expect(sites.find((s) => s.name === 'south')).toMatchObject({ lastScanAt: southB.scan.startedAt });
    const estate = await json<Record<string, number>>('/api/estate');
    expect(estate).toEqual({
      sites: 3,
      silentSites: 0,
      devices: cur.length,
      flagged: cur.filter((d) => d.status === 'flagged').length,
      unverified: cur.filter((d) => d.status === 'unverified').length,
      clear: cur.filter((d) => d.status === 'clear').length,
      // The 7-day window starts 6 hours after T0: n1 (flagged since T0) is not new; s3 (T0+12h),
      // n4 (T0+1d) and s1 (T0+2d) are.
      newlyFlagged: 3,
    });
  });

  it('lists current devices with their site and first/last seen', async () => {
    const page = await json<Page>('/api/devices?limit=1000');
    const cur = expectedCurrent();
    expect(page.total).toBe(cur.length);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map(id).sort()).toEqual(cur.map(id).sort());
    for (const d of cur) {
      const got = page.items.find((x) => id(x) === id(d));
      expect(got).toMatchObject(d);
    }
    const flagged = page.items.find((d) => d.key === 'serial:N-1') as unknown as Record<string, unknown>;
    expect(flagged).toMatchObject({ rebranded: true, policies: ['us-ndaa-889'], oemConfidence: 0.9 });
    expect(flagged.flags).toHaveLength(1);
  });

  const cases: [string, (d: Expected) => boolean][] = [
    ['site=north', (d) => d.site === 'north'],
    ['site=east', () => false],
    ['status=flagged', (d) => d.status === 'flagged'],
    ['status=clear&site=south', (d) => d.status === 'clear' && d.site === 'south'],
    ['vendor=LOREX', (d) => d.brand === 'Lorex'],
    ['vendor=dahua', (d) => d.oem === 'Dahua'],
    [`since=${encodeURIComponent(at(1.5 * DAY))}`, (d) => d.lastSeen >= at(1.5 * DAY)],
    [`newSince=${encodeURIComponent(at(DAY))}`, (d) => d.firstSeen >= at(DAY)],
    ['q=cam-FIVE', (d) => d.hostname === 'Cam-Five'],
    ['q=aa%3Abb', (d) => d.mac?.startsWith('aa:bb') === true],
    ['q=127.0.64.1', (d) => d.ip.includes('127.0.64.1')],
    ['q=sOuTh', (d) => d.site === 'south'],
    ['q=serial%3An-', (d) => d.key.startsWith('serial:N-')],
    ['q=v2.8', (d) => d.firmware === 'V2.800'],
    ['q=lnb', (d) => d.model === 'LNB-8111'],
    ['q=hikvision', (d) => d.brand === 'Hikvision' || d.oem === 'Hikvision'],
    ['q=%25', () => false],
    ['vendor=dahua&status=flagged&site=south', (d) => d.site === 'south' && d.oem === 'Dahua'],
  ];
  it.each(cases)('filters %s', async (query, keep) => {
    const want = expectedCurrent().filter(keep);
    const page = await json<Page>(`/api/devices?${query}&limit=1000`);
    expect(page.total).toBe(want.length);
    expect(page.items.map(id).sort()).toEqual(want.map(id).sort());
  });

  it('every filter of the table selects something and leaves something out', () => {
    const cur = expectedCurrent();
    for (const [query, keep] of cases.filter(([q]) => !['site=east', 'q=%25'].includes(q))) {
      const n = cur.filter(keep).length;
      expect(n, query).toBeGreaterThan(0);
      expect(n, query).toBeLessThan(cur.length);
    }
  });

  const sorts = ['ip', 'site', 'oem', 'brand', 'model', 'status', 'lastSeen', 'firstSeen'];
  it.each(sorts.flatMap((s) => [[s, 'asc'] as const, [s, 'desc'] as const]))(
    'sorts by %s %s across pages of 2, with the total on each',
    async (sort, order) => {
      const want = sorted(expectedCurrent(), sort, order).map(id);
      const pages = await allPages(`sort=${sort}&order=${order}`, 2);
      expect(pages.length).toBe(Math.ceil(want.length / 2));
      for (const p of pages) expect(p.total).toBe(want.length);
      expect(pages.flatMap((p) => p.items.map(id))).toEqual(want);
    },
  );

  it('sorts by address numerically by default, ties by site then key', async () => {
    const items = (await json<Page>('/api/devices')).items;
    expect(items.map((d) => `${d.ip} ${d.site}`).slice(0, 4)).toEqual([
      '127.0.64.2 north',
      '127.0.64.3 south',
      '127.0.64.4 north',
      '127.0.64.5 north',
    ]);
    expect(items.filter((d) => d.ip === '127.0.64.10').map((d) => d.site)).toEqual(['north', 'south']);
    expect(items.at(-1)?.ip).toBe('127.0.64.200');
  });

  it('pages a filtered list with the same filters', async () => {
    const want = sorted(
      expectedCurrent().filter((d) => d.status !== 'clear'),
      'model',
      'desc',
    ).map(id);
    const pages = await allPages('status=flagged&sort=model&order=desc', 1);
    const flagged = want.filter((k) => expectedCurrent().find((d) => id(d) === k)?.status === 'flagged');
    expect(pages.flatMap((p) => p.items.map(id))).toEqual(flagged);
    for (const p of pages) expect(p.total).toBe(flagged.length);
  });

  it('answers one device with its history (newest first) and the newest evidence chain', async () => {
    const d = await json<Record<string, unknown>>('/api/sites/north/devices/serial%3AN-1');
    expect(d).toMatchObject({
      site: 'north',
      key: 'serial:N-1',
      status: 'flagged',
      firstSeen: northA.scan.startedAt,
      lastSeen: northB.scan.startedAt,
      history: [
        { scanId: northB.scan.id, startedAt: northB.scan.startedAt, ip: '127.0.64.10', status: 'flagged' },
        { scanId: northA.scan.id, startedAt: northA.scan.startedAt, ip: '127.0.64.10', status: 'flagged' },
      ],
      services: [{ port: 80, service: 'http', status: 'ok' }],
      errors: [{ probe: 'rtsp', message: 'no answer (B)' }],
    });
    expect((d.evidence as { value: string }[]).map((e) => e.value)).toEqual(['B']);
    expect(d).toMatchObject({ brandClaimed: 'test badge B', oemBasis: 'test basis B' });
    // A device gone from its site's newest scan: as last seen.
    const gone = await json<Record<string, unknown>>(
      `/api/sites/north/devices/${encodeURIComponent('ip:127.0.64.30')}`,
    );
    expect(gone).toMatchObject({ hostname: 'old-cam', lastSeen: northA.scan.startedAt });
    expect(gone.history).toHaveLength(1);
    // Same address, another site: another device.
    const south = await json<Record<string, unknown>>('/api/sites/south/devices/serial%3AS-1');
    expect((south.history as { status: string }[]).map((h) => h.status)).toEqual(['flagged', 'unverified']);
    for (const url of [
      '/api/sites/north/devices/serial%3AS-1',
      '/api/sites/east/devices/serial%3AN-1',
      '/api/sites/nowhere/devices/serial%3AN-1',
    ])
      expect((await get(url)).statusCode, url).toBe(404);
  });

  it('draws a trend per site from the scans in the window, oldest first', async () => {
    const { series } = await json<{ series: { site: string; points: Record<string, unknown>[] }[] }>(
      '/api/trend?days=30',
    );
    expect(series.map((s) => s.site)).toEqual(['east', 'north', 'south']);
    expect(series[0]?.points).toEqual([]);
    expect(series[1]?.points).toEqual(
      [northA, northB].map((r) => ({
        scanId: r.scan.id,
        startedAt: r.scan.startedAt,
        devices: r.summary.devices,
        flagged: r.summary.flagged,
        unverified: r.summary.unverified,
      })),
    );
    expect(series[2]?.points.map((p) => p.scanId)).toEqual([southA.scan.id, southB.scan.id]);
    // Seen from T0 + 2.5 days, a 1-day window holds only south's second scan.
    const narrow = await store.trend(1, new Date(T0 + 2.5 * DAY));
    expect(narrow.map((s) => s.points.map((p) => p.scanId))).toEqual([[], [], [southB.scan.id]]);
  });

  it('finds newly flagged devices: flagged now, and their flagged run began at or after since', async () => {
    const newSince = async (since: string) => {
      const r = await json<{ since: string; total: number; items: { key: string }[] }>(
        `/api/flagged/new?since=${encodeURIComponent(since)}`,
      );
      expect(r.since).toBe(since);
      expect(r.total).toBe(r.items.length);
      return r.items.map((d) => d.key).sort();
    };
    // Before everything: every current flagged device.
    expect(await newSince(at(-HOUR))).toEqual(['serial:N-1', 'serial:N-4', 'serial:S-1', 'serial:S-3']);
    // n1 was flagged in both scans since T0: not new after T0. s3 began exactly at since: new.
    expect(await newSince(at(DAY / 2))).toEqual(['serial:N-4', 'serial:S-1', 'serial:S-3']);
    // n4 clear -> flagged at T0+1d; s1 unverified -> flagged at T0+2d.
    expect(await newSince(at(DAY / 2 + 1))).toEqual(['serial:N-4', 'serial:S-1']);
    expect(await newSince(at(1.5 * DAY))).toEqual(['serial:S-1']);
    expect(await newSince(at(3 * DAY))).toEqual([]);
    const byDefault = await json<{ since: string; total: number }>('/api/flagged/new');
    expect(Date.now() - Date.parse(byDefault.since)).toBeGreaterThanOrEqual(7 * DAY - 60000);
    expect(byDefault.total).toBe(3);
  });

  it('stores the interval a site tells, ignores malformed ones, and says when a site is silent', async () => {
    const interval = async () =>
      (await store.pool.query('SELECT interval_seconds AS n FROM hub_sites WHERE name = $1', ['south']))
        .rows[0]?.n as number | null;
    expect(await interval()).toBe(3600);
    // Resends (already stored) still carry the interval; nonsense is ignored.
    for (const bad of ['-60', '1.5', '1e3', '99999999999', '', 'hourly'])
      expect((await push('south', southB, bad)).statusCode).toBe(200);
    expect(await interval()).toBe(3600);
    expect((await push('south', southB, '1800')).statusCode).toBe(200);
    expect(await interval()).toBe(1800);
    const received = (await store.sites()).find((s) => s.name === 'south')?.lastReceivedAt as string;
    const after = (s: number) => new Date(Date.parse(received) + s * 1000);
    // Two intervals and ten minutes.
    const limit = 2 * 1800 + 600;
    expect(await store.silentSites(after(limit - 5))).toEqual([]);
    expect(await store.silentSites(after(limit + 5))).toEqual([
      { site: 'south', intervalSeconds: 1800, lastReceivedAt: received, silentSeconds: limit + 5 },
    ]);
    const sites = await store.sites(after(limit + 5));
    // North never told its interval: never silent; east never sent anything.
    expect(sites.map((s) => [s.name, s.silent])).toEqual([
      ['east', false],
      ['north', false],
      ['south', true],
    ]);
    expect((await store.estate(after(limit + 5))).silentSites).toBe(1);
    expect((await json<{ silent: boolean }[]>('/api/sites')).every((s) => !s.silent)).toBe(true);
    // 0: the site has no schedule any more, so it is never silent.
    expect((await push('south', southB, '0')).statusCode).toBe(200);
    expect(await interval()).toBe(0);
    expect(await store.silentSites(after(limit * 100))).toEqual([]);
  });

  it('calls onIngest after each acknowledged push, saying whether it was new', () => {
    const stored = hooked.filter((h) => h.result === 'stored');
    expect(stored).toEqual([
      { site: 'south', scan: southA.scan.id, result: 'stored' },
      { site: 'south', scan: southB.scan.id, result: 'stored' },
    ]);
    expect(hooked.filter((h) => h.result === 'duplicate').every((h) => h.scan === southB.scan.id)).toBe(true);
    expect(hooked.length).toBeGreaterThan(stored.length);
  });

  it.each([
    '/api/devices?status=bogus',
    '/api/devices?sort=bogus',
    '/api/devices?order=up',
    '/api/devices?limit=0',
    '/api/devices?limit=1001',
    '/api/devices?offset=10',
    '/api/devices?since=yesterday',
    '/api/devices?newSince=2026-13-45',
    `/api/devices?q=${'x'.repeat(101)}`,
    '/api/devices?cursor=not-a-cursor',
    `/api/devices?cursor=${Buffer.from('["1:1:","ip","asc","x","1"]').toString('base64url')}`,
    `/api/devices?cursor=${Buffer.from('["9:1:","ip","asc","x","north","k"]').toString('base64url')}`,
    '/api/trend?days=0',
    '/api/trend?days=367',
    '/api/trend?days=a',
    '/api/flagged/new?since=soon',
    '/api/sites/north/devices/nokind%3Ax',
  ])('400 for %s', async (url) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('refuses a cursor sent with another sort, order or filters', async () => {
    const first = await json<Page>('/api/devices?limit=2&sort=model');
    const cursor = encodeURIComponent(first.nextCursor as string);
    expect((await get(`/api/devices?limit=2&sort=model&cursor=${cursor}`)).statusCode).toBe(200);
    for (const other of ['sort=ip', 'sort=model&order=desc', 'sort=model&status=flagged', 'sort=model&q=a'])
      expect((await get(`/api/devices?limit=2&${other}&cursor=${cursor}`)).statusCode, other).toBe(400);
    // Tampered: a snapshot PostgreSQL cannot read, a row that is not in the snapshot.
    const parts = JSON.parse(Buffer.from(first.nextCursor as string, 'base64url').toString()) as string[];
    expect(parts).toHaveLength(6);
    const forged = (i: number, v: string) =>
      encodeURIComponent(
        Buffer.from(JSON.stringify(parts.map((p, j) => (j === i ? v : p)))).toString('base64url'),
      );
    for (const c of [forged(0, '9:1:'), forged(5, 'serial:NOT-THERE'), forged(4, 'nowhere')]) {
      const res = await get(`/api/devices?limit=2&sort=model&cursor=${c}`);
      expect(res.statusCode, res.body).toBe(400);
    }
  });

  it.each([
    '/api/sites',
    '/api/estate',
    '/api/devices',
    '/api/devices?status=bogus',
    '/api/sites/north/devices/serial%3AN-1',
    '/api/trend',
    '/api/flagged/new',
    '/api/nothing-here',
  ])('401 for %s without the readers token', async (url) => {
    for (const headers of [
      {},
      { authorization: `Bearer ${SITES.get('north')}` },
      { authorization: API_TOKEN },
    ] as Record<string, string>[]) {
      const res = await get(url, headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ statusCode: 401 });
    }
  });

  it('pages from one snapshot while scans land, even one open when the first page was read', async () => {
    const before = sorted(expectedCurrent(), 'ip', 'asc').map(id);
    // East's first scan is mid-transaction (its rows written, not committed) at the first page.
    const east = makeReport(
      [makeDevice('127.0.64.1', { serial: 'E-1' }), makeDevice('127.0.64.77')],
      at(3 * DAY),
    );
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let entered = () => {};
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    const pending = store.ingest('east', east, async () => {
      entered();
      await gate;
    });
    await inside;
    const first = await json<Page>('/api/devices?limit=2');
    expect(first.total).toBe(before.length);
    release();
    expect(await pending).toBe('stored');
    // And a new north scan lands between pages: n1 gone, n2 moved, a new device first in order.
    const northC = makeReport(
      [makeDevice('127.0.64.0', { serial: 'N-0' }), { ...n2, ip: '127.0.64.99' }, n4('flagged'), n5],
      at(3 * DAY),
    );
    expect(await store.ingest('north', northC)).toBe('stored');
    const pages = [first];
    let cursor = first.nextCursor;
    while (cursor) {
      const p: Page = await json<Page>(`/api/devices?limit=2&cursor=${encodeURIComponent(cursor)}`);
      pages.push(p);
      cursor = p.nextCursor;
    }
    expect(pages.flatMap((p) => p.items.map(id))).toEqual(before);
    for (const p of pages) expect(p.total).toBe(before.length);
    // A new listing shows the estate as it is now.
    ingested.push({ site: 'east', report: east }, { site: 'north', report: northC });
    const now = sorted(expectedCurrent(), 'ip', 'asc').map(id);
    expect(now).not.toEqual(before);
    expect((await allPages('', 3)).flatMap((p) => p.items.map(id))).toEqual(now);
  });
});

describe.skipIf(!available)("the hub's /openapi.json", () => {
  let doc: OpenApiDoc;
  beforeAll(async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json() as OpenApiDoc;
  });

  it('lists every route the hub registered, and nothing else', () => {
    expectRoutesDocumented(seen, doc, 8, [
      'get /healthz',
      'get /openapi.json',
      'get /',
      'get /dashboard.js',
      'put /api/sites/{site}/scans/{scanId}',
      'get /api/sites',
      'get /api/estate',
      'get /api/devices',
      'get /api/sites/{site}/devices/{key}',
      'get /api/trend',
      'get /api/flagged/new',
    ]);
  });

  it('validates as OpenAPI 3.1, with a summary and tags on every operation', () => {
    expectValidOas31(doc);
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ops)) {
        expect(op.summary, `${m} ${path}`).toEqual(expect.any(String));
        expect(op.tags, `${m} ${path}`).toEqual(expect.any(Array));
      }
    const names = ((doc.paths['/api/devices']?.get?.parameters ?? []) as { name: string }[]).map(
      (p) => p.name,
    );
    for (const n of [
      'site',
      'status',
      'vendor',
      'since',
      'newSince',
      'q',
      'sort',
      'order',
      'limit',
      'cursor',
    ])
      expect(names).toContain(n);
    const ingest = doc.paths['/api/sites/{site}/scans/{scanId}']?.put as Record<string, unknown>;
    expect(ingest.description).toMatch(/site token/);
    expect(ingest.requestBody).toBeDefined();
    expect(doc.paths['/']?.get?.security).toEqual([]);
    expect(doc.paths['/api/sites']?.get?.security).toEqual([{ bearer: [] }]);
  });

  it('serves the dashboard without a token', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it.each([
    '/healthz',
    '/api/sites',
    '/api/estate',
    '/api/devices?limit=2',
    '/api/devices?sort=bogus',
    '/api/sites/north/devices/serial%3AN-4',
    '/api/sites/north/devices/serial%3ANONE',
    '/api/trend',
    '/api/flagged/new',
    'NOAUTH /api/devices',
  ])('GET %s answers as documented', async (raw) => {
    const url = raw.replace('NOAUTH ', '');
    expectDocumentedResponse(doc, 'get', url, await get(url, raw.startsWith('NOAUTH') ? {} : auth));
  });

  it('PUT answers as documented', async () => {
    const r = makeReport([makeDevice('127.0.64.90')], at(4 * DAY));
    for (const code of [201, 200]) {
      const res = await push('east', r);
      expect(res.statusCode).toBe(code);
      expectDocumentedResponse(doc, 'put', `/api/sites/east/scans/${r.scan.id}`, res);
    }
  });
});

describe.skipIf(!available)('migration 2 on a hub that already holds scans', () => {
  it('fills the new device columns from the stored reports', async () => {
    const { HUB_MIGRATIONS } = await import('../../src/hub/migrations.js');
    await store.pool.query('CREATE SCHEMA upgrade_test');
    const url = `${pgc.url}?options=${encodeURIComponent('-c search_path=upgrade_test')}`;
    // A hub that ran a release with migrations 1 and 3 (the ops part) but not 2.
    const old = await HubStore.open(
      url,
      HUB_MIGRATIONS.filter((m) => m.version !== 2),
    );
    try {
      await old.registerSites(['north']);
      // What such a hub wrote: the scan with its report, the devices without the new columns.
      const r = makeReport(
        [n1('A'), n2, makeDevice('127.0.64.9', { oem: { ...oem('Axis'), probable: true } })],
        at(0),
      );
      await old.pool.query(
        `INSERT INTO hub_scans (id, site, started_at, finished_at, devices, flagged, unverified, report)
         VALUES ($1, 'north', $2, $3, $4, $5, $6, $7)`,
        [
          r.scan.id,
          r.scan.startedAt,
          r.scan.finishedAt,
          3,
          r.summary.flagged,
          r.summary.unverified,
          JSON.stringify(r),
        ],
      );
      // Its device rows, read back out of the stored report as version 1 wrote them.
      await old.pool.query(
        `INSERT INTO hub_devices (scan_id, seq, site, key, ip, mac, serial, hostname, type, brand, oem,
           oem_confidence, model, firmware, status)
         SELECT s.id, (x.n - 1)::int, s.site, ($2::text[])[x.n], d.ip, d.mac, d.serial, d.hostname, d.type,
           d.brand, d.oem->>'vendor', (d.oem->>'confidence')::real, d.model, d.firmware, d.status
         FROM hub_scans s, jsonb_array_elements(s.report->'devices') WITH ORDINALITY x(j, n),
           jsonb_to_record(x.j) AS d(ip text, mac text, serial text, hostname text, type text, brand text,
             oem jsonb, model text, firmware text, status text)
         WHERE s.id = $1`,
        [r.scan.id, r.devices.map(deviceKey)],
      );
      expect(await old.migrate(HUB_MIGRATIONS)).toEqual([2]);
      const page = await old.devices({ limit: 10 });
      expect(page.items.map((d) => d.ip)).toEqual(['127.0.64.2', '127.0.64.9', '127.0.64.10']);
      expect(page.items.map((d) => [d.rebranded, d.oemProbable, d.policies])).toEqual([
        [false, false, []],
        [false, true, []],
        [true, false, ['us-ndaa-889']],
      ]);
      expect(page.items[2]?.flags).toEqual(r.devices[0]?.flags);
    } finally {
      await old.close();
    }
  });
});
