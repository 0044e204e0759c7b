/**
 * The http probe follows a client-side redirect on a tiny start page (a meta refresh, as
 * i-PRO/Panasonic cameras have) to the page it names on the same host, and keeps the evidence of
 * both pages: the start page's refresh names the stack as much as the page behind it. Served on
 * loopback 127.0.0.1:0.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { httpProbe } from '../../src/probes/http/index.js';
import { probeContext } from '../helpers/context.js';

// nmap-service-probes line 8382 (7.93): the start page of a Panasonic BB-HCM331 network camera.
const START =
  '<HTML><HEAD><TITLE>Network Camera</TITLE><META HTTP-EQUIV="Refresh" CONTENT="1;URL=CgiStart"></HEAD></HTML>';
// The page behind it is not published: a stand-in whose title the test can find.
const BEHIND = '<html><head><title>behind the refresh</title></head></html>';

let server: Server;
let port = 0;
const asked: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push(req.url ?? '');
    if (req.url === '/') res.writeHead(200, { 'Content-Type': 'text/html' }).end(START);
    else if (req.url === '/CgiStart') res.writeHead(200, { 'Content-Type': 'text/html' }).end(BEHIND);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise((r) => server.close(r)));

it('records the start page and the page its meta refresh names', async () => {
  const r = await httpProbe.run({ ip: '127.0.0.1', port }, probeContext());
  const seen = r.evidence.map((e) => [
    e.request,
    e.field,
    e.field === 'http.body' ? e.value.slice(0, 40) : e.value,
  ]);
  expect(seen).toContainEqual(['GET /', 'http.title', 'Network Camera']);
  expect(seen).toContainEqual(['GET /', 'http.body', START.slice(0, 40)]);
  expect(seen).toContainEqual(['GET /CgiStart', 'http.title', 'behind the refresh']);
  expect(asked.filter((u) => u === '/CgiStart')).toHaveLength(1);
});
