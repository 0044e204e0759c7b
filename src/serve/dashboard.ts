/**
 * @module serve/dashboard
 * The dashboard: three static files from src/serve/dashboard/, served with a CSP that allows
 * only this origin's own script, style and API (no inline code, no external fetch, no framing).
 * They hold no data; the page asks the API for it with the token the user types in.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { dataPath } from '../util/paths.js';

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

const FILES: [route: string, file: string, type: string][] = [
  ['/', 'index.html', 'text/html; charset=utf-8'],
  ['/dashboard.js', 'dashboard.js', 'text/javascript; charset=utf-8'],
  ['/dashboard.css', 'dashboard.css', 'text/css; charset=utf-8'],
];

export function registerDashboard(app: FastifyInstance) {
  for (const [route, file, type] of FILES) {
    const body = readFileSync(dataPath('src', 'serve', 'dashboard', file));
    app.get(
      route,
      {
        config: { auth: false },
        schema: {
          summary: `Dashboard: ${file} (no token; the page asks for it)`,
          tags: ['dashboard'],
          response: {
            200: {
              description: file,
              content: { [type.split(';')[0] as string]: { schema: { type: 'string' } } },
            },
          },
        },
      },
      async (_req, reply) =>
        reply
          .type(type)
          .header('Content-Security-Policy', DASHBOARD_CSP)
          .header('Cache-Control', 'no-cache')
          .send(body),
    );
  }
}
