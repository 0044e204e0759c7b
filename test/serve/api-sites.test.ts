/**
 * The dashboard's side of the issue-14 API on a site server, without a network: GET /api/sites
 * (its one site), GET /api/trend (counts per complete scan in a window), GET /api/devices with
 * free-text search, every sort in both orders and cursor paging that stays correct for each,
 * and GET /api/sites/{site}/devices/{key} with the newest report's evidence chain (404 for
 * another site or an unknown key).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Device, ReportEvidence } from '../../src/report/types.js';
import { buildApi } from '../../src/serve/api.js';
import { ServeMetrics } from '../../src/serve/metrics.js';
import type { ScanRunner } from '../../src/serve/runner.js';
import { DEVICE_SORTS } from '../../src/store/device-query.js';
import { openStore } from '../../src/store/index.js';
import { silentLogger } from '../../src/util/log.js';
import { ips, oemDevice, siteApi, storeScans } from '../helpers/api.js';
import { makeReport } from '../helpers/report.js';

const TOKEN = 'sites-test-token-0123456789abcdef';
const SITE = 'lab 65';
const runner = { runningId: undefined, start: () => undefined } as unknown as ScanRunner;

const DAY = 86400e3;
const now = Date.now();
const OLD = new Date(now - 40 * DAY).toISOString();
const MID = new Date(now - 10 * DAY).toISOString();
const NEW = new Date(now - 1 * DAY).toISOString();

const evidence = (value: string): ReportEvidence => ({
  field: 'http.auth.realm',
  value,
  probe: 'http',
  port: 80,
  transport: 'tcp',
  observedAt: NEW,
  signature: 'test-signature',
  vendor: 'Dahua',
});

const made = (ip: string, oem: string | null, over: Partial<Device> = {}) =>
  oemDevice(ip, oem, over, `basis of ${ip}`);

// A: flagged Dahua sold as Lorex, seen by every scan; its evidence changes between scans.
const A = (value: string) =>
  made('127.0.65.10', 'Dahua', {
    status: 'flagged',
    serial: 'SER-A',
    brand: 'Lorex',
    brandClaimed: 'LOREX',
    hostname: 'nvr-lobby',
    evidence: [evidence(value)],
    services: [{ port: 80, transport: 'tcp', service: 'http', status: 'ok' }],
    errors: [{ probe: 'rtsp', port: 554, status: 'timeout', message: 'no answer' }],
  });
const B = made('127.0.65.2', 'Hikvision', {
  status: 'flagged',
  mac: 'c0:56:e3:00:00:01',
  brand: 'Hikvision',
  model: 'M-200',
});
const C = made('127.0.65.3', 'Axis', { status: 'clear', model: 'M-100', firmware: '10.1' });
const D = made('127.0.65.4', null, { status: 'unverified' });
const E = made('127.0.65.5', 'Hanwha', { status: 'clear', serial: 'SER-E' });
const ip = { A: '127.0.65.10', B: '127.0.65.2', C: '127.0.65.3', D: '127.0.65.4', E: '127.0.65.5' };
const order = (s: string) => [...s].map((c) => ip[c as keyof typeof ip]);

let scanIds: string[];

const { auth, store, get, page, walk, refuses } = siteApi({
  token: TOKEN,
  site: SITE,
  runner,
  fill: (db) => {
    const reports = [
      makeReport([A('older-evidence')], OLD),
      makeReport([A('middle-evidence'), E], MID),
      makeReport([A('newest-evidence'), B, C, D, E], NEW),
    ];
    storeScans(db, reports);
    scanIds = reports.map((r) => r.scan.id);
    // A failed scan counts nowhere.
    db.scans.begin('00000000-0000-4000-8000-0000000000f1', new Date(now - 3600e3).toISOString(), 'manual');
    db.scans.end('00000000-0000-4000-8000-0000000000f1', 'failed', 'test');
  },
});
/** The addresses of every page of a query, following nextCursor. */
const walkIps = async (query: string, limit: number) => (await walk(query, limit)).flatMap(ips);

describe('GET /api/sites', () => {
  it('lists its own site with the counts of the newest complete scan, never silent', async () => {
    const res = await get('/api/sites');
    expect(res.statusCode).toBe(200);
    const newest = store().scans.get(scanIds[2] as string);
    expect(res.json()).toEqual([
      {
        name: SITE,
        lastScanAt: NEW,
        lastReceivedAt: newest?.finishedAt,
        scans: 3,
        devices: 5,
        flagged: 2,
        unverified: 1,
        clear: 2,
        silent: false,
      },
    ]);
  });

  it('answers for a site with no scan yet, and needs the token', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'oemscan-api-sites-empty-'));
    const s = openStore(empty);
    const bare = buildApi({ store: s, runner, metrics: new ServeMetrics(), token: TOKEN, log: silentLogger });
    try {
      const res = await bare.inject({ method: 'GET', url: '/api/sites', headers: auth });
      expect(res.json()).toEqual([
        {
          name: 'default',
          lastScanAt: null,
          lastReceivedAt: null,
          scans: 0,
          devices: 0,
          flagged: 0,
          unverified: 0,
          clear: 0,
          silent: false,
        },
      ]);
      const trend = await bare.inject({ method: 'GET', url: '/api/trend', headers: auth });
      expect(trend.json()).toEqual({ series: [{ site: 'default', points: [] }] });
    } finally {
      await bare.close();
      s.close();
      rmSync(empty, { recursive: true, force: true });
    }
    expect((await get('/api/sites', {})).statusCode).toBe(401);
    expect((await get('/api/trend', {})).statusCode).toBe(401);
  });
});

describe('GET /api/trend', () => {
  it('has one series for the site: complete scans of the last 30 days, oldest first', async () => {
    const res = await get('/api/trend');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      series: [
        {
          site: SITE,
          points: [
            { scanId: scanIds[1], startedAt: MID, devices: 2, flagged: 1, unverified: 0 },
            { scanId: scanIds[2], startedAt: NEW, devices: 5, flagged: 2, unverified: 1 },
          ],
        },
      ],
    });
  });

  it('takes the window in days', async () => {
    const all = (await get('/api/trend?days=366')).json();
    expect(all.series[0].points.map((p: { startedAt: string }) => p.startedAt)).toEqual([OLD, MID, NEW]);
    const one = (await get('/api/trend?days=2')).json();
    expect(one.series[0].points.map((p: { scanId: string }) => p.scanId)).toEqual([scanIds[2]]);
  });

  it.each([
    ['days=0', 'querystring/days must be >= 1'],
    ['days=367', 'querystring/days must be <= 366'],
    ['days=week', 'querystring/days must be integer'],
    ['site=x', 'querystring must NOT have additional properties'],
  ])('refuses %s with a 400', (query, message) => refuses(`/api/trend?${query}`, message));
});

describe('GET /api/devices: search', () => {
  it.each([
    ['lobby', 'A'], // hostname
    ['C0:56', 'B'], // MAC, case-insensitive
    ['ser-e', 'E'], // serial
    ['127.0.65.1', 'A'], // address substring
    ['dahua', 'A'], // maker
    ['lorex', 'A'], // badge
    ['m-1', 'C'], // model
    ['10.1', 'C'], // firmware
    ['serial:', 'EA'], // key
    ['LAB 6', 'BCDEA'], // site
    ['nothing-like-it', ''],
  ])('q=%s finds %s', async (q, expected) => {
    const want = order(expected);
    const p = await page(`/api/devices?q=${encodeURIComponent(q)}`);
    expect(ips(p)).toEqual(want);
    expect(p.total).toBe(want.length);
  });

  it('combines search with filters and refuses an overlong search', async () => {
    expect(ips(await page('/api/devices?q=127.0.65&status=clear'))).toEqual(order('CE'));
    expect(ips(await page('/api/devices?q=a&vendor=hikvision'))).toEqual(order('B'));
    const res = await get(`/api/devices?q=${'x'.repeat(101)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('querystring/q must NOT have more than 100 characters');
  });
});

describe('GET /api/devices: sort and order', () => {
  it.each([
    ['ip', 'asc', 'BCDEA'],
    ['ip', 'desc', 'AEDCB'],
    // Missing values last ascending, first descending; ties by site, then key; desc is asc reversed.
    ['oem', 'asc', 'CAEBD'],
    ['oem', 'desc', 'DBEAC'],
    ['brand', 'asc', 'BACDE'],
    ['brand', 'desc', 'EDCAB'],
    ['model', 'asc', 'CBDAE'],
    ['model', 'desc', 'EADBC'],
    // Severity: flagged, unverified, clear.
    ['status', 'asc', 'BADCE'],
    ['status', 'desc', 'ECDAB'],
    ['firstSeen', 'asc', 'AECDB'],
    ['firstSeen', 'desc', 'BDCEA'],
    ['lastSeen', 'asc', 'CDBAE'],
    ['lastSeen', 'desc', 'EABDC'],
    ['site', 'asc', 'CDBAE'],
    ['site', 'desc', 'EABDC'],
  ])('sort=%s order=%s', async (sort, dir, expected) => {
    const p = await page(`/api/devices?sort=${sort}&order=${dir}`);
    expect(ips(p)).toEqual(order(expected));
  });

  it('desc is asc reversed for every sort, ties included', async () => {
    for (const sort of DEVICE_SORTS) {
      const asc = ips(await page(`/api/devices?sort=${sort}&order=asc`));
      expect(ips(await page(`/api/devices?sort=${sort}&order=desc`)), sort).toEqual([...asc].reverse());
    }
  });

  it('defaults to ip ascending', async () => {
    expect(ips(await page('/api/devices'))).toEqual(order('BCDEA'));
  });

  it.each(DEVICE_SORTS.flatMap((s) => [`sort=${s}&order=asc`, `sort=${s}&order=desc`]))(
    'pages %s across pages of 1 and 2: every device once, in the one-page order',
    async (query) => {
      const whole = ips(await page(`/api/devices?${query}&limit=1000`));
      expect(whole).toHaveLength(5);
      expect(await walkIps(query, 1)).toEqual(whole);
      expect(await walkIps(query, 2)).toEqual(whole);
      expect(await walkIps(`${query}&status=flagged`, 1)).toEqual(
        ips(await page(`/api/devices?${query}&status=flagged`)),
      );
    },
  );

  it('refuses a cursor from another sort or order, a forged one and an unknown sort', async () => {
    const first = await page('/api/devices?sort=oem&limit=2');
    expect(first.nextCursor).toBeTypeOf('string');
    const cursor = encodeURIComponent(first.nextCursor as string);
    for (const q of [`sort=oem&order=desc&cursor=${cursor}`, `sort=model&cursor=${cursor}`]) {
      const res = await get(`/api/devices?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().message).toContain('cursor belongs to sort=oem&order=asc');
    }
    const forged = Buffer.from(JSON.stringify(['ip', 'asc', 'not-a-number', SITE, 'x'])).toString(
      'base64url',
    );
    const bad = await get(`/api/devices?cursor=${forged}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('cursor is not one this API handed out');
    const unknown = await get('/api/devices?sort=colour');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('querystring/sort must be equal to one of the allowed values');
    expect((await get('/api/devices?order=up')).statusCode).toBe(400);
  });
});

describe('GET /api/sites/{site}/devices/{key}', () => {
  const url = (site: string, key: string) =>
    `/api/sites/${encodeURIComponent(site)}/devices/${encodeURIComponent(key)}`;

  it("returns the device with its history and the newest report's evidence chain", async () => {
    const res = await get(url(SITE, 'serial:SER-A'));
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({
      key: 'serial:SER-A',
      site: SITE,
      ip: '127.0.65.10',
      brand: 'Lorex',
      brandClaimed: 'LOREX',
      oem: 'Dahua',
      oemBasis: 'basis of 127.0.65.10',
      status: 'flagged',
      firstSeen: OLD,
      lastSeen: NEW,
    });
    expect(d.history.map((h: { scanId: string }) => h.scanId)).toEqual([...scanIds].reverse());
    expect(d.evidence).toEqual([evidence('newest-evidence')]);
    expect(d.services).toEqual([{ port: 80, transport: 'tcp', service: 'http', status: 'ok' }]);
    expect(d.errors).toEqual([{ probe: 'rtsp', port: 554, status: 'timeout', message: 'no answer' }]);
    expect(d.flags[0]).toMatchObject({ policy: 'us-ndaa-889', reference: 'https://example.org/ndaa' });
  });

  it('finds MAC keys with colons', async () => {
    const res = await get(url(SITE, 'mac:c0:56:e3:00:00:01'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ip: '127.0.65.2', brandClaimed: null, evidence: [{ value: 'x' }] });
  });

  it('answers 404 for another site or an unknown key, 400 for a malformed key, 401 without the token', async () => {
    const other = await get(url('elsewhere', 'serial:SER-A'));
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ statusCode: 404, error: 'Not Found', message: 'no site elsewhere' });
    expect((await get(url(SITE, 'serial:NOPE'))).statusCode).toBe(404);
    const bad = await get(url(SITE, 'whatever'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('params/key must match pattern');
    expect((await get(url(SITE, 'serial:SER-A'), {})).statusCode).toBe(401);
  });
});
