/**
 * A site server's API (src/serve/api.ts) over a fresh store in a temporary folder, asked with
 * `app.inject` (no network): what the API tests share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Device, Report } from '../../src/report/types.js';
import { buildApi } from '../../src/serve/api.js';
import { ServeMetrics } from '../../src/serve/metrics.js';
import type { ScanRunner } from '../../src/serve/runner.js';
import { openStore, type Store } from '../../src/store/index.js';
import { silentLogger } from '../../src/util/log.js';
import { makeDevice } from './report.js';

/** A device whose verdict names `oem` (or none) with confidence 0.9. */
export const oemDevice = (ip: string, oem: string | null, over: Partial<Device> = {}, basis = '') =>
  makeDevice(ip, {
    ...over,
    oem: { vendor: oem, confidence: 0.9, rebranded: false, basis, alternatives: [] },
  });

/** Stores each report as a complete scan the schedule started. */
export function storeScans(store: Store, reports: readonly Report[]): void {
  for (const r of reports) {
    store.scans.begin(r.scan.id, r.scan.startedAt, 'schedule');
    for (const d of r.devices) store.scans.addDevice(r.scan.id, d);
    store.scans.complete(r);
  }
}

/**
 * Stands in for the scan runner: one scan at a time; `start` gives `id` (and calls `onStart`)
 * unless one is running. `state` is what it did, for the test to read and reset.
 */
export function fakeRunner(id: string, onStart: () => void = () => {}) {
  const state: { running: string | undefined; started: number } = { running: undefined, started: 0 };
  const runner = {
    get runningId() {
      return state.running;
    },
    start() {
      if (state.running) return undefined;
      state.started++;
      state.running = id;
      onStart();
      return id;
    },
  } as unknown as ScanRunner;
  return { runner, state };
}

/** A page of GET /api/devices. */
export type DevicePage = {
  site?: string;
  total: number;
  items: { ip: string; key: string; site: string }[];
  nextCursor: string | null;
};

export const ips = (p: DevicePage) => p.items.map((d) => d.ip);

/**
 * The API of site `site` with bearer `token`, built before the file's tests over a store that
 * `fill` puts scans in, and closed (its folder removed) after them. `app()` and `store()` are
 * there once the file's first beforeAll has run.
 */
export function siteApi(opts: {
  token: string;
  /** Without, the API's default site. */
  site?: string;
  runner: ScanRunner;
  fill: (store: Store) => void;
  metrics?: ServeMetrics;
}) {
  const auth = { authorization: `Bearer ${opts.token}` };
  let dir = '';
  let store: Store | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oemscan-api-'));
    store = openStore(dir);
    opts.fill(store);
    app = buildApi({
      store,
      runner: opts.runner,
      metrics: opts.metrics ?? new ServeMetrics(),
      token: opts.token,
      log: silentLogger,
      ...(opts.site === undefined ? {} : { site: opts.site }),
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const built = () => {
    if (!app) throw new Error('the API is not built yet');
    return app;
  };
  const opened = () => {
    if (!store) throw new Error('the store is not open yet');
    return store;
  };
  const get = (url: string, headers: Record<string, string> = auth) =>
    built().inject({ method: 'GET', url, headers });
  /** GET `url`, which must answer 200, as a page of devices. */
  const page = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as DevicePage;
  };
  /** Every page of GET /api/devices?`query` at `limit` a page, following nextCursor (`max` pages at most). */
  const walk = async (query: string, limit: number, max = 20) => {
    const pages: DevicePage[] = [];
    let cursor: string | null = null;
    do {
      const p: DevicePage = await page(
        `/api/devices?${query ? `${query}&` : ''}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(p.items.length).toBeLessThanOrEqual(limit);
      pages.push(p);
      cursor = p.nextCursor;
    } while (cursor && pages.length < max);
    return pages;
  };
  /** GET `url` must answer 400 with a message that says `why`. */
  const refuses = async (url: string, why: string) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(why);
  };
  return { auth, app: built, store: opened, get, page, walk, refuses };
}
