/**
 * @module serve/openapi
 * The OpenAPI 3.1 document of a fastify app, generated from its routes' own JSON schemas (the
 * ones fastify validates requests with): `collectRoutes(app)` records every route as it is
 * registered (onRoute hook, so nothing can be left out), `openApiDocument()` turns them into
 * the document. Generic: the hub's API can use it unchanged.
 *
 * Route options read: `schema.{summary, description, tags, params, querystring, body, headers,
 * response}` (a response entry may carry `description`, `headers` and `content`, or be a bare
 * JSON schema for application/json) and `config.auth` (false: no bearer token needed).
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

type Json = Record<string, unknown>;

export interface CollectedRoute {
  method: string;
  url: string;
  schema: Json;
  auth: boolean;
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

/** Records every route the app registers from now on. Call before registering routes. */
export function collectRoutes(app: FastifyInstance): CollectedRoute[] {
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (r: RouteOptions) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const config = (r.config ?? {}) as { auth?: boolean };
    for (const method of methods)
      routes.push({
        method: method.toLowerCase(),
        url: r.url,
        schema: (r.schema ?? {}) as Json,
        auth: config.auth !== false,
      });
  });
  return routes;
}

/** `/api/scans/:id` -> `/api/scans/{id}`; a trailing `*` becomes `{wildcard}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{wildcard}');
}

const REASONS: Record<string, string> = {
  200: 'OK',
  202: 'Accepted',
  400: 'Bad request: the message says which parameter is wrong',
  401: 'Missing or wrong bearer token',
  404: 'Not found',
  409: 'Conflict',
  415: 'Unsupported media type',
  503: 'Service unavailable',
};

function parameters(schema: Json | undefined, where: 'path' | 'query' | 'header'): Json[] {
  if (!schema) return [];
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function responses(schema: Json | undefined): Json {
  const out: Json = {};
  for (const [code, r] of Object.entries((schema ?? {}) as Record<string, Json>)) {
    const description = typeof r.description === 'string' ? r.description : (REASONS[code] ?? 'Response');
    if (r.content) {
      out[code] = { description, ...(r.headers ? { headers: r.headers } : {}), content: r.content };
    } else {
      const { description: _d, headers, ...body } = r;
      out[code] = {
        description,
        ...(headers ? { headers } : {}),
        ...(Object.keys(body).length ? { content: { 'application/json': { schema: body } } } : {}),
      };
    }
  }
  if (Object.keys(out).length === 0) out.default = { description: 'Response' };
  return out;
}

/** `GET /openapi.json` (no token): the document of every route `routes` collected, built once. */
export function registerOpenApi(app: FastifyInstance, routes: readonly CollectedRoute[], info: OpenApiInfo) {
  let doc: Json | undefined;
  app.get(
    '/openapi.json',
    {
      config: { auth: false },
      schema: {
        summary: 'This OpenAPI 3.1 document (no token)',
        tags: ['service'],
        response: { 200: { type: 'object', required: ['openapi', 'info', 'paths'] } },
      },
    },
    async () => {
      doc ??= openApiDocument(routes, info);
      return doc;
    },
  );
}

export function openApiDocument(routes: readonly CollectedRoute[], info: OpenApiInfo): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const s = r.schema;
    if (s.hide === true) continue;
    const path = openApiPath(r.url);
    const params = [
      ...parameters(s.params as Json | undefined, 'path'),
      ...parameters(s.querystring as Json | undefined, 'query'),
      ...parameters(s.headers as Json | undefined, 'header'),
    ];
    // A path parameter fastify matches without a schema (e.g. the wildcard) is still declared.
    for (const m of path.matchAll(/\{([^}]+)\}/g))
      if (!params.some((p) => p.in === 'path' && p.name === m[1]))
        params.unshift({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    const op: Json = {
      operationId: `${r.method}${path.replace(/\{([^}]+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      ...(typeof s.summary === 'string' ? { summary: s.summary } : {}),
      ...(typeof s.description === 'string' ? { description: s.description } : {}),
      ...(Array.isArray(s.tags) ? { tags: s.tags } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(s.body
        ? {
            requestBody: {
              required: false,
              content: { 'application/json': { schema: s.body } },
            },
          }
        : {}),
      responses: responses(s.response as Json | undefined),
      security: r.auth ? [{ bearer: [] }] : [],
    };
    paths[path] ??= {};
    (paths[path] as Record<string, Json>)[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      ...(info.description ? { description: info.description } : {}),
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The API token (OEMSCAN_API_TOKEN)' },
      },
    },
  };
}
