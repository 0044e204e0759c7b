/**
 * @module probes/net/http
 * One bounded HTTP(S) request through axios: headers always, body up to the byte cap, never
 * through a proxy, TLS certificates not verified (cameras ship self-signed ones).
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import axios from 'axios';
import { BoundedBuffer, TimeoutError } from '../../util/bounded.js';
import type { ProbeContext } from '../types.js';

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

const httpAgent = new http.Agent({ keepAlive: false });
const httpsAgent = new https.Agent({ keepAlive: false, rejectUnauthorized: false });

/** One request inside a probe: waits for the host's connection slot, bounded by the probe's limits. */
export async function probeRequest(
  ctx: Pick<ProbeContext, 'connectSlot' | 'limits' | 'signal'>,
  req: Omit<HttpRequest, 'timeoutMs' | 'maxBytes' | 'signal'>,
): Promise<HttpReply> {
  await ctx.connectSlot();
  return httpRequest({
    ...req,
    timeoutMs: ctx.limits.timeoutMs,
    maxBytes: ctx.limits.maxBytes,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
}

export const USER_AGENT = 'oemscan/0.1 (+camera inventory)';

export async function httpRequest(req: HttpRequest): Promise<HttpReply> {
  const res = await axios.request<Readable>({
    url: req.url,
    method: req.method ?? 'GET',
    data: req.body,
    headers: { 'User-Agent': USER_AGENT, Accept: '*/*', ...req.headers },
    responseType: 'stream',
    maxRedirects: 0,
    proxy: false,
    validateStatus: () => true,
    timeout: req.timeoutMs,
    signal: req.signal,
    httpAgent,
    httpsAgent,
    decompress: true,
  });
  const { body, truncated } = await readBounded(res.data, req.maxBytes, req.timeoutMs);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers ?? {})) {
    if (v !== undefined && v !== null) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return { status: res.status, headers, body, truncated };
}

function readBounded(stream: Readable, maxBytes: number, timeoutMs: number) {
  return new Promise<{ body: Buffer; truncated: boolean }>((resolve, reject) => {
    const buf = new BoundedBuffer(maxBytes);
    const finish = (err?: Error) => {
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.destroy();
      if (err && buf.length === 0) reject(err);
      else resolve({ body: buf.toBuffer(), truncated: buf.overflowed });
    };
    // A device that trickles its body forever still ends at the timeout with what it sent.
    const timer = setTimeout(
      () => finish(new TimeoutError(timeoutMs, 'body not finished in time')),
      timeoutMs,
    );
    stream.on('data', (chunk: Buffer) => {
      if (!buf.push(chunk)) finish();
    });
    stream.once('end', () => finish());
    stream.once('error', (err) => finish(err));
  });
}
