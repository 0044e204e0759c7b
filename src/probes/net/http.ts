/**
 * @module probes/net/http
 * One bounded HTTP(S) request on node:http: headers always, body up to the byte cap, never
 * through a proxy, never following a redirect, TLS as devices speak it (probes/net/tls-options).
 * Bodies are decompressed (gzip, deflate, br) and the request is the one the scanner sent
 * through axios before (same headers, same order), without loading an HTTP client library and
 * fetch into every scan.
 */
import http from 'node:http';
import https from 'node:https';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { BoundedBuffer, TimeoutError } from '../../util/bounded.js';
import type { ProbeContext } from '../types.js';
import { EDGE_BLANKS, lenientReply, rawExchange, readValue } from './http-lenient.js';
import { DEVICE_TLS } from './tls-options.js';

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
  /** Waited on before a second connection (the lenient re-ask), as the caller waited before the first. */
  connectSlot?: () => Promise<void>;
}

const httpAgent = new http.Agent({ keepAlive: false });
const httpsAgent = new https.Agent({ keepAlive: false, ...DEVICE_TLS });

/** One request inside a probe: waits for the host's connection slot, bounded by the probe's limits. */
export async function probeRequest(
  ctx: Pick<ProbeContext, 'connectSlot' | 'limits' | 'signal'>,
  req: Omit<HttpRequest, 'timeoutMs' | 'maxBytes' | 'signal'>,
): Promise<HttpReply> {
  await ctx.connectSlot();
  return httpRequest({
    ...req,
    connectSlot: ctx.connectSlot,
    timeoutMs: ctx.limits.timeoutMs,
    maxBytes: ctx.limits.maxBytes,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
}

export const USER_AGENT = 'oemscan/0.1 (+camera inventory)';
const ACCEPT_ENCODING = 'gzip, compress, deflate, br';

/** A failure of the request itself; `code` is what probes/status maps to a probe status. */
export class HttpClientError extends Error {
  override name = 'HttpClientError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const NOT_WIRE_BYTES = /[^\u0009\u0020-\u007e\u0080-\u00ff]+/g;
/** A header value as bytes on the wire: no control characters, no edge blanks (CR/LF never reach a request line). */
const cleanValue = (v: string) => v.replace(NOT_WIRE_BYTES, '').replace(EDGE_BLANKS, '');

/** The request headers, in the order and spelling the scanner has always sent. */
function requestHeaders(req: HttpRequest, length: number): Record<string, string> {
  const given: Record<string, string | undefined> = {
    'User-Agent': USER_AGENT,
    Accept: '*/*',
    ...req.headers,
  };
  const out: Record<string, string> = {};
  const byLower = new Map<string, string>();
  const set = (name: string, value: string | undefined, replace = true) => {
    if (value === undefined) return;
    const lower = name.trim().toLowerCase();
    const key = byLower.get(lower);
    if (key !== undefined && !replace) return;
    if (key === undefined) byLower.set(lower, name);
    out[key ?? name] = cleanValue(String(value));
  };
  set('Accept', given.Accept);
  set('Content-Type', given['Content-Type']);
  for (const [k, v] of Object.entries(given)) set(k, v);
  if (length > 0) set('Content-Length', String(length), false);
  set('Accept-Encoding', ACCEPT_ENCODING, false);
  return out;
}

/** Raw deflate streams without the zlib header get one, as browsers accept them. */
class ZlibHeader extends Transform {
  private seen = false;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    if (!this.seen && chunk.length > 0) {
      this.seen = true;
      if (chunk[0] !== 0x78) this.push(Buffer.from([0x78, 0x9c]));
    }
    done(null, chunk);
  }
}

const zlibOptions = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const brotliOptions = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

/** The body stream, decompressed when the device says it is compressed (and the header dropped then). */
function bodyStream(res: http.IncomingMessage, method: string): Readable {
  const headers = res.headers;
  if (!headers['content-encoding']) return res;
  if (method === 'HEAD' || res.statusCode === 204) delete headers['content-encoding'];
  let decoders: Transform[] = [];
  switch ((headers['content-encoding'] ?? '').toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
    case 'compress':
    case 'x-compress':
      decoders = [zlib.createUnzip(zlibOptions)];
      break;
    case 'deflate':
      decoders = [new ZlibHeader(), zlib.createUnzip(zlibOptions)];
      break;
    case 'br':
      decoders = [zlib.createBrotliDecompress(brotliOptions)];
      break;
    case 'zstd': {
      // Where the runtime has it (Node 22.15+); not advertised, but decoded when sent anyway.
      const zstd = (zlib as { createZstdDecompress?: (o: object) => Transform }).createZstdDecompress;
      if (!zstd) return res;
      const flush = zlib.constants.ZSTD_e_flush;
      decoders = [zstd({ flush, finishFlush: flush })];
      break;
    }
    default:
      return res;
  }
  delete headers['content-encoding'];
  return pipeline([res, ...decoders], () => {}) as unknown as Readable;
}

/** Sends the request; resolves with the status, headers and body stream once the headers arrived. */
function send(req: HttpRequest): Promise<{ res: http.IncomingMessage; data: Readable }> {
  return new Promise((resolve, reject) => {
    const url = new URL(req.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return reject(new HttpClientError(`Unsupported protocol ${url.protocol}`, 'ERR_BAD_REQUEST'));
    const method = req.method ?? 'GET';
    const body = req.body ? Buffer.from(req.body, 'utf8') : undefined;
    if (req.signal?.aborted) return reject(new HttpClientError('canceled', 'ERR_CANCELED'));
    const isHttps = url.protocol === 'https:';
    let done = false;
    const settle = (err?: Error) => {
      done = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      if (err) {
        reject(err);
        if (!request.destroyed) request.destroy();
      }
    };
    const request = (isHttps ? https : http).request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || (isHttps ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method,
        headers: requestHeaders(req, body?.length ?? 0),
        agent: isHttps ? httpsAgent : httpAgent,
        // Embedded servers end lines with a bare LF or put control bytes in values (nodejs/node#43798).
        insecureHTTPParser: true,
      },
      (res) => {
        if (done) {
          res.destroy();
          return;
        }
        settle();
        resolve({ res, data: bodyStream(res, method) });
      },
    );
    // No answer (headers) within the timeout, connect included: the request fails.
    const onTimeout = () => {
      if (!done) settle(new HttpClientError(`timeout of ${req.timeoutMs}ms exceeded`, 'ECONNABORTED'));
    };
    const timer = setTimeout(onTimeout, req.timeoutMs);
    request.setTimeout(req.timeoutMs, onTimeout);
    const onAbort = () => {
      if (!done) settle(new HttpClientError('canceled', 'ERR_CANCELED'));
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (err) => {
      if (!done) settle(err);
    });
    request.end(body);
  });
}

/**
 * The request, read by Node's parser; an answer that starts like HTTP but that parser refuses is
 * asked again and read leniently (probes/net/http-lenient), for a GET without credentials only,
 * so a login is never sent twice.
 */
export async function httpRequest(req: HttpRequest): Promise<HttpReply> {
  try {
    return await strictRequest(req);
  } catch (err) {
    if (!refusedHttp(err) || (req.method ?? 'GET') !== 'GET') throw err;
    const headers = requestHeaders(req, 0);
    if (Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')) throw err;
    const url = new URL(req.url);
    const head = [`GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
    for (const [k, v] of Object.entries(headers)) head.push(`${k}: ${v}`);
    head.push('Connection: close', '', '');
    await req.connectSlot?.();
    const { raw, cut } = await rawExchange(url, Buffer.from(head.join('\r\n'), 'latin1'), req);
    const reply = lenientReply(raw, req.maxBytes, cut);
    if (!reply) throw err;
    return reply;
  }
}

/** A parse error of Node's on bytes that begin like an HTTP answer (not another protocol). */
function refusedHttp(err: unknown): boolean {
  const e = err as { code?: unknown; rawPacket?: unknown };
  return (
    typeof e?.code === 'string' &&
    e.code.startsWith('HPE_') &&
    e.code !== 'HPE_HEADER_OVERFLOW' &&
    Buffer.isBuffer(e.rawPacket) &&
    e.rawPacket.subarray(0, 5).toString('latin1') === 'HTTP/'
  );
}

async function strictRequest(req: HttpRequest): Promise<HttpReply> {
  const { res, data } = await send(req);
  const { body, truncated } = await readBounded(data, req.maxBytes, req.timeoutMs);
  // No prototype: a header named `__proto__` is kept as a header like any other.
  const headers: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined || v === null) continue;
    headers[k.trim().toLowerCase()] = Array.isArray(v) ? v.map(readValue).join(', ') : readValue(String(v));
  }
  return { status: res.statusCode ?? 0, headers, body, truncated };
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
