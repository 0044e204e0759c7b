/**
 * What the `/openapi.json` tests of the site server and the hub share: fastify wrapped so every
 * route it registers is recorded independently of the app's own collector, the official
 * OpenAPI 3.1 schema (test/fixtures/openapi, OAI/OpenAPI-Specification) compiled with Ajv, and
 * the documented JSON schema of one response.
 *
 * Use in a test file (vi.mock is hoisted, so the list comes from vi.hoisted):
 *   const seen = vi.hoisted(() => [] as { method: string; url: string }[]);
 *   vi.mock('fastify', async (orig) => (await import('../helpers/openapi.js')).recordingFastify(orig, seen));
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

type Json = Record<string, unknown>;
export type OpenApiDoc = { openapi: string; paths: Record<string, Record<string, Json>> };
export interface SeenRoute {
  method: string;
  url: string;
}

/** The fastify module with its factory wrapped to push every registered route to `seen`. */
export async function recordingFastify(importOriginal: () => Promise<unknown>, seen: SeenRoute[]) {
  const mod = (await importOriginal()) as typeof import('fastify');
  const original = mod.default as unknown as (opts: unknown) => FastifyInstance;
  const wrapped = (opts: unknown) => {
    const app = original(opts);
    app.addHook('onRoute', (r) => {
      for (const m of [r.method].flat()) seen.push({ method: String(m).toLowerCase(), url: r.url });
    });
    return app;
  };
  return { ...mod, default: wrapped };
}

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020;

export function jsonSchemaAjv() {
  const a = new Ajv2020({ strict: false, allErrors: true });
  addFormats(a);
  a.addFormat('media-range', true);
  return a;
}

/**
 * In this schema (not schema-base.json) `$dynamicRef: "#meta"` can only land on `$defs/schema`
 * (the one `$dynamicAnchor: meta`: any object or boolean), and Ajv resolves dynamic references
 * only from a schema's root, so the reference is written as the plain `$ref` it amounts to.
 */
export function openApi31Validator() {
  const oas = JSON.parse(
    readFileSync(
      join(import.meta.dirname, '..', 'fixtures', 'openapi', 'oas-3.1-schema.json'),
      'utf8',
    ).replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"'),
  ) as Json;
  return jsonSchemaAjv().compile(oas);
}

export const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** `method path` of every operation the document lists. */
export const documentedOperations = (doc: OpenApiDoc) =>
  new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)));

/** The application/json schema the document gives for `status` of `method url`. */
export function responseSchema(doc: OpenApiDoc, method: string, url: string, status: number) {
  const path = url.split('?')[0] as string;
  const entry = Object.entries(doc.paths).find(([p, ops]) => {
    const re = new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`);
    return re.test(path) && ops[method];
  });
  const op = entry?.[1][method] as {
    responses: Record<string, { content?: Record<string, { schema: Json }> }>;
  };
  return op?.responses[status]?.content?.['application/json']?.schema;
}

/**
 * Every route fastify registered (`seen`, more than `atLeast`) is a documented operation and
 * every documented one was registered; `expected` (`method /path`) are among them.
 */
export function expectRoutesDocumented(
  seen: SeenRoute[],
  doc: OpenApiDoc,
  atLeast: number,
  expected: string[],
) {
  const registered = new Set(seen.map((r) => `${r.method} ${toOpenApiPath(r.url)}`));
  expect(registered.size).toBeGreaterThan(atLeast);
  const documented = documentedOperations(doc);
  expect([...registered].sort()).toEqual([...documented].sort());
  for (const r of expected) expect(documented, r).toContain(r);
}

/** `doc` validates against the official OpenAPI 3.1 schema, and a 3.0 version of it does not. */
export function expectValidOas31(doc: OpenApiDoc, validate = openApi31Validator()) {
  const ok = validate(doc);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
  expect(validate({ ...doc, openapi: '3.0.3' })).toBe(false);
}

/** `res`, the answer to `method url`, has a status the document lists and a body its schema takes. */
export function expectDocumentedResponse(
  doc: OpenApiDoc,
  method: string,
  url: string,
  res: LightMyRequestResponse,
  compiler = jsonSchemaAjv(),
) {
  const schema = responseSchema(doc, method, url, res.statusCode);
  expect(schema, `${method} ${url} ${res.statusCode} is documented`).toBeDefined();
  const validate = compiler.compile(schema as Json);
  const ok = validate(res.json());
  expect(validate.errors ?? [], `${method} ${url} ${res.statusCode}`).toEqual([]);
  expect(ok).toBe(true);
}
