/**
 * `/openapi.json` (issue 14, item 4): generated from the routes' own schemas, it lists every
 * route fastify registered (recorded here independently, by wrapping fastify), validates
 * against the official OpenAPI 3.1 schema (test/fixtures/openapi, OAI/OpenAPI-Specification),
 * and what the routes actually send conforms to the response schemas it documents.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ScanRunner } from '../../src/serve/runner.js';
import { siteApi, storeScans } from '../helpers/api.js';
import {
  expectDocumentedResponse,
  expectRoutesDocumented,
  expectValidOas31,
  jsonSchemaAjv,
  type OpenApiDoc,
  openApi31Validator,
} from '../helpers/openapi.js';
import { makeDevice, makeReport } from '../helpers/report.js';

const seen = vi.hoisted(() => [] as { method: string; url: string }[]);
vi.mock('fastify', async (importOriginal) =>
  (await import('../helpers/openapi.js')).recordingFastify(importOriginal, seen),
);

type Json = Record<string, unknown>;
type Doc = OpenApiDoc;

const TOKEN = 'openapi-test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };
let doc: Doc;
let reportId: string;
let olderId: string;

const runner = {
  runningId: undefined,
  start: () => '00000000-0000-4000-8000-0000000000cc',
} as unknown as ScanRunner;

const validateOas = openApi31Validator();

const { app } = siteApi({
  token: TOKEN,
  site: 'oa',
  runner,
  fill: (store) => {
    const a = makeReport(
      [makeDevice('127.0.59.21', { status: 'flagged', serial: 'OA-1' })],
      '2026-04-01T00:00:00.000Z',
    );
    const b = makeReport(
      [makeDevice('127.0.59.21', { status: 'flagged', serial: 'OA-1' }), makeDevice('127.0.59.22')],
      '2026-04-02T00:00:00.000Z',
    );
    storeScans(store, [a, b]);
    olderId = a.scan.id;
    reportId = b.scan.id;
  },
});

beforeAll(async () => {
  const res = await app().inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json() as Doc;
});

describe('/openapi.json', () => {
  it('is served without a token and declares OpenAPI 3.1 with bearer auth', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc).toMatchObject({
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    });
  });

  it('lists every route fastify registered, and nothing else', () => {
    expectRoutesDocumented(seen, doc, 10, [
      'get /healthz',
      'get /metrics',
      'get /openapi.json',
      'get /',
      'get /api/scans',
      'post /api/scans',
      'get /api/scans/{id}',
      'get /api/scans/{id}/report.html',
      'get /api/devices',
      'get /api/devices/{key}',
      'get /api/flagged',
      'get /api/diff',
      'get /api/sites',
      'get /api/trend',
      'get /api/sites/{site}/devices/{key}',
    ]);
  });

  it('validates against the official OpenAPI 3.1 schema', () => {
    expectValidOas31(doc, validateOas);
  });

  it('the schema check can fail: a parameter without `in` is refused', () => {
    const broken = structuredClone(doc);
    const params = broken.paths['/api/devices']?.get?.parameters as Json[];
    delete params[0]?.in;
    expect(validateOas(broken)).toBe(false);
  });

  it('documents the token on /api routes only, and the device filters', () => {
    expect(doc.paths['/api/devices']?.get?.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/healthz']?.get?.security).toEqual([]);
    const names = ((doc.paths['/api/devices']?.get?.parameters ?? []) as { name: string; in: string }[]).map(
      (p) => `${p.in}:${p.name}`,
    );
    for (const n of ['status', 'vendor', 'site', 'since', 'q', 'sort', 'order', 'limit', 'cursor'])
      expect(names).toContain(`query:${n}`);
    const post = doc.paths['/api/scans']?.post as Json;
    expect(post.requestBody).toBeDefined();
    expect(post).toMatchObject({ responses: { 202: { headers: { Location: {} } } } });
  });
});

describe('responses conform to the documented schemas', () => {
  const compiler = jsonSchemaAjv();

  it.each([
    ['get', '/healthz', {}],
    ['get', '/api/scans', auth],
    ['get', '/api/scans?limit=0', auth],
    ['get', '/api/devices', auth],
    ['get', '/api/devices?limit=1', auth],
    ['get', '/api/devices/serial%3AOA-1', auth],
    ['get', '/api/devices/serial%3ANONE', auth],
    ['get', '/api/flagged', auth],
    ['get', '/api/devices?q=oa-1&sort=status&order=desc', auth],
    ['get', '/api/devices?sort=colour', auth],
    ['get', '/api/sites', auth],
    ['get', '/api/trend?days=366', auth],
    ['get', '/api/trend?days=0', auth],
    ['get', '/api/sites/oa/devices/serial%3AOA-1', auth],
    ['get', '/api/sites/elsewhere/devices/serial%3AOA-1', auth],
    ['get', '/api/devices', {}],
    ['post', '/api/scans', auth],
    ['get', 'SCAN', auth],
    ['get', 'DIFF', auth],
  ])('%s %s', async (method, rawUrl, headers) => {
    const url =
      rawUrl === 'SCAN'
        ? `/api/scans/${reportId}`
        : rawUrl === 'DIFF'
          ? `/api/diff?from=${olderId}&to=${reportId}`
          : rawUrl;
    const res = await app().inject({ method: method.toUpperCase() as 'GET', url, headers });
    expectDocumentedResponse(doc, method, url, res, compiler);
  });
});
