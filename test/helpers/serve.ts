/**
 * Runs `oemscan serve` from dist/ as a child process, polls its API, and receives its
 * webhooks on a local HTTP server: the plumbing the service's integration tests share.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { CLI } from './cli.js';

export interface ServeProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnServe(args: string[], env: Record<string, string>, logLevel = 'info'): ServeProcess {
  const child = spawn(process.execPath, [CLI, '--log-level', logLevel, 'serve', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    err += c;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls `probe` every 50 ms until it returns a value; fails after `ms` naming `what`. */
export async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function apiClient(base: string, token: string) {
  const headers = { Authorization: `Bearer ${token}` };
  return {
    text: async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers });
      return { status: res.status, body: await res.text() };
    },
    json: async <T>(path: string): Promise<T> => {
      const res = await fetch(`${base}${path}`, { headers });
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      return (await res.json()) as T;
    },
    post: async (path: string) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
  };
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP server that records every request and answers with `status(n)` for the n-th one. */
export async function webhookReceiver(host: string, port: number, status: (n: number) => number = () => 204) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status(received.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, () => resolve()));
  return {
    url: `http://${host}:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
