/**
 * The dashboard against a real hub (issue 14 item 6 on the hub side): `buildHubApi` on a
 * throwaway PostgreSQL, listening on 127.0.64.1, holding two sites' scans (each site two scans,
 * so trends have lines and history has two sightings), and every check of
 * test/helpers/dashboard.ts run in Chromium against it: overview with the estate's site cards,
 * trend, filters, search, sort, paging, drill-down. Nothing in the page may raise a console
 * error or a CSP violation.
 */
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHubApi } from '../../src/hub/service.js';
import { HubStore } from '../../src/hub/store.js';
import type { Device } from '../../src/report/types.js';
import { silentLogger } from '../../src/util/log.js';
import { launchChromium, noBrowser } from '../helpers/browser.js';
import { runDashboardChecks } from '../helpers/dashboard.js';
import { type PgCluster, requirePostgres, startPostgres } from '../helpers/postgres.js';
import { makeDevice, makeReport } from '../helpers/report.js';

const TOKEN = 'hub-dashboard-reader-token-0123456789';
const SITES = new Map([
  ['north', 'north-dashboard-site-token-0123456789'],
  ['south', 'south-dashboard-site-token-0123456789'],
]);
const available = requirePostgres();
let pgc: PgCluster;
let store: HubStore;
let app: FastifyInstance;
let browser: Browser;
let base: string;

const oem = (vendor: string | null) => ({
  vendor,
  confidence: vendor ? 0.9 : 0,
  rebranded: false,
  basis: '',
  alternatives: [],
});
/** A site's fleet: some flagged, some clear, some unverified, distinct models for sorting. */
function fleet(octet: number, n: number, flaggedEvery: number): Device[] {
  return Array.from({ length: n }, (_, i) => {
    const status: Device['status'] =
      i % flaggedEvery === 0 ? 'flagged' : i % 3 === 0 ? 'unverified' : 'clear';
    return makeDevice(`127.0.${octet}.${10 + i}`, {
      status,
      serial: `T${octet}-${i}`,
      model: `model-${String.fromCharCode(97 + (i % 26))}${i}`,
      brand: i % 2 ? 'Lorex' : null,
      oem: oem(status === 'unverified' ? null : i % 2 ? 'Dahua' : 'Axis'),
    });
  });
}

beforeAll(async () => {
  if (!available || noBrowser) return;
  pgc = await startPostgres();
  store = await HubStore.open(pgc.url);
  await store.registerSites([...SITES.keys()]);
  const day = 86400e3;
  for (const [i, site] of [...SITES.keys()].entries())
    for (const [k, ago] of [3, 1].entries())
      await store.ingest(
        site,
        makeReport(
          fleet(100 + i, 8 + 4 * i + k, 3 + i),
          new Date(Date.now() - ago * day - i * 60e3).toISOString(),
        ),
      );
  app = buildHubApi(
    store,
    {
      databaseUrl: pgc.url,
      listen: { host: '127.0.64.1', port: 0 },
      apiToken: TOKEN,
      sites: SITES,
      shutdownTimeoutMs: 5000,
      testCommitDelayMs: 0,
    },
    silentLogger,
  );
  base = await app.listen({ host: '127.0.64.1', port: 0 });
  browser = await launchChromium();
}, 60000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
  await pgc?.stop();
});

describe.skipIf(!available || noBrowser)('the dashboard on a hub', () => {
  it('passes every dashboard check in Chromium against the hub API', async () => {
    expect(await runDashboardChecks(browser, base, TOKEN)).toEqual([]);
  }, 120000);
});
