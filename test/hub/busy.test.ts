/**
 * A burst of pushes holds only the hub's ingest connections: readers still answer, and a push
 * that finds every ingest connection busy for the whole wait gets 503 with Retry-After (the site
 * sends it again), never a 500. Real throwaway PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildHubApi } from '../../src/hub/service.js';
import { HubBusyError, HubStore, INGEST_CONNECTIONS } from '../../src/hub/store.js';
import { silentLogger } from '../../src/util/log.js';
import { type PgCluster, requirePostgres, startPostgres } from '../helpers/postgres.js';
import { makeDevice, makeReport } from '../helpers/report.js';

const API_TOKEN = 'busy-reader-token-0123456789abcdef0123';
const SITE_TOKEN = 'busy-site-token-0123456789abcdef012345';
const available = requirePostgres();
let pgc: PgCluster;
let store: HubStore;
let app: FastifyInstance;

beforeAll(async () => {
  if (!available) return;
  pgc = await startPostgres();
  store = await HubStore.open(pgc.url, undefined, { ingestWaitMs: 300 });
  await store.registerSites(['east']);
  const config = {
    databaseUrl: pgc.url,
    listen: { host: '127.0.0.1', port: 0 },
    apiToken: API_TOKEN,
    sites: new Map([['east', SITE_TOKEN]]),
    shutdownTimeoutMs: 5000,
    testCommitDelayMs: 0,
  };
  app = buildHubApi(store, config, silentLogger);
}, 60000);

afterAll(async () => {
  await app?.close();
  await store?.close();
  await pgc?.stop();
});

it.skipIf(!available)('ingest connections busy: 503 with Retry-After; readers unaffected', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const held = Array.from({ length: INGEST_CONNECTIONS }, () =>
    store.ingest('east', makeReport([makeDevice('10.9.0.1')]), () => gate),
  );
  try {
    // Let every held ingest take its connection.
    await new Promise((r) => setTimeout(r, 200));
    await expect(store.ingest('east', makeReport([makeDevice('10.9.0.1')]))).rejects.toBeInstanceOf(
      HubBusyError,
    );
    const report = makeReport([makeDevice('10.9.0.1')]);
    const push = await app.inject({
      method: 'PUT',
      url: `/api/sites/east/scans/${report.scan.id}`,
      headers: { authorization: `Bearer ${SITE_TOKEN}` },
      payload: report,
    });
    expect(push.statusCode).toBe(503);
    expect(push.headers['retry-after']).toBe('5');
    const read = await app.inject({
      method: 'GET',
      url: '/api/sites',
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(read.statusCode).toBe(200);
  } finally {
    release();
  }
  expect(await Promise.all(held)).toEqual(Array(INGEST_CONNECTIONS).fill('stored'));
});
