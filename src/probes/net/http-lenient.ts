/**
 * @module probes/net/http-lenient
 * A second reading of an HTTP answer that Node's parser refused even in its lenient mode, the way
 * nmap reads one: embedded web servers send header lines with no name (a GoaHead camera's
 * `Tue, 12 Jun 2012 01:56:34 GMT` between its headers, home-assistant/core#14960), a blank
 * before the colon, or one Content-Length twice, and the banner in them is still the device's.
 * The same request goes out again on a plain socket and the answer is read as a status line,
 * `name: value` lines (any other line skipped) and the body after the blank line, all bounded.
 */
import net from 'node:net';
import tls from 'node:tls';
import zlib from 'node:zlib';
import type { HttpReply } from './http.js';
import { DEVICE_TLS } from './tls-options.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f]+/g;
export const EDGE_BLANKS = /^[ \t]+|[ \t]+$/g;
/** A header value as read back, by either reading: control characters (but tab) removed, edge blanks trimmed. */
export const readValue = (v: string) => v.replace(CONTROLS, '').replace(EDGE_BLANKS, '');

/** Header block a lenient reading accepts (Node's parser allows 16 KiB). */
const MAX_HEAD = 16 * 1024;

/** Status, headers and where the body starts, or undefined when this is not an HTTP answer at all. */
export function readHead(
  raw: Buffer,
): { status: number; headers: Record<string, string>; bodyAt: number } | undefined {
  const text = raw.subarray(0, MAX_HEAD).toString('latin1');
  const status = /^HTTP\/\d(?:\.\d)?[ \t]+(\d{3})(?:[ \t\r\n]|$)/.exec(text);
  if (!status) return undefined;
  const blank = /\r?\n\r?\n/.exec(text);
  const head = blank ? text.slice(0, blank.index) : text;
  // No prototype: a header named `constructor` must not find Object's.
  const headers: Record<string, string> = Object.create(null);
  for (const line of head.split(/\r?\n/).slice(1)) {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,64})[ \t]*:(.*)$/.exec(line);
    if (!m?.[1]) continue;
    const name = m[1].toLowerCase();
    const value = readValue(m[2] ?? '');
    // The first of a repeated Content-Length counts; other repeats are joined, as Node joins them.
    if (headers[name] === undefined) headers[name] = value;
    else if (name !== 'content-length') headers[name] = `${headers[name]}, ${value}`;
  }
  return { status: Number(status[1]), headers, bodyAt: blank ? blank.index + blank[0].length : raw.length };
}

/** A chunked body as far as it is well-formed. */
function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const eol = data.indexOf('\n', at);
    if (eol < 0) break;
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1').trim(), 16);
    if (!Number.isFinite(size) || size <= 0) break;
    parts.push(data.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size;
    if (data[at] === 0x0d) at++;
    if (data[at] === 0x0a) at++;
  }
  return Buffer.concat(parts);
}

/** The body decompressed, or undefined when it is not (unknown encoding, or not the encoding it claims). */
function decoded(body: Buffer, encoding: string, maxBytes: number): Buffer | undefined {
  try {
    switch (encoding.toLowerCase()) {
      case 'gzip':
      case 'x-gzip':
      case 'deflate':
        return zlib.unzipSync(body, { maxOutputLength: maxBytes, finishFlush: zlib.constants.Z_SYNC_FLUSH });
      case 'br':
        return zlib.brotliDecompressSync(body, { maxOutputLength: maxBytes });
      default:
        return undefined;
    }
  } catch {
    return undefined; // kept as sent: a cut or false encoding still shows its bytes
  }
}

/** The reply a lenient reading makes of a whole answer, or undefined when it is not HTTP. */
export function lenientReply(raw: Buffer, maxBytes: number, cut: boolean): HttpReply | undefined {
  const head = readHead(raw);
  if (!head) return undefined;
  let body = raw.subarray(head.bodyAt);
  if (/\bchunked\b/i.test(head.headers['transfer-encoding'] ?? '')) body = dechunk(body);
  else {
    const length = Number(head.headers['content-length']);
    if (Number.isInteger(length) && length >= 0 && length < body.length) body = body.subarray(0, length);
  }
  const encoding = head.headers['content-encoding'];
  const plain = encoding ? decoded(body, encoding, maxBytes) : undefined;
  if (plain) {
    body = plain;
    delete head.headers['content-encoding'];
  }
  return {
    status: head.status,
    headers: head.headers,
    body: body.subarray(0, maxBytes),
    truncated: cut || body.length > maxBytes,
  };
}

/** Sends `request` to the URL's host on a plain (or TLS, unverified) socket and reads the answer to its end, bounded. */
export function rawExchange(
  url: URL,
  request: Buffer,
  limits: { timeoutMs: number; maxBytes: number; signal?: AbortSignal },
): Promise<{ raw: Buffer; cut: boolean }> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const isTls = url.protocol === 'https:';
    const port = Number(url.port || (isTls ? 443 : 80));
    const cap = limits.maxBytes + MAX_HEAD;
    const chunks: Buffer[] = [];
    let size = 0;
    const sock = isTls
      ? tls.connect({ host, port, ...DEVICE_TLS, ...(net.isIP(host) ? {} : { servername: host }) })
      : net.connect({ host, port });
    const finish = (err?: Error) => {
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      sock.destroy();
      if (size === 0 && err) reject(err);
      else resolve({ raw: Buffer.concat(chunks).subarray(0, cap), cut: size > cap });
    };
    const onAbort = () => finish(Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' }));
    const timer = setTimeout(
      () =>
        finish(
          Object.assign(new Error(`timeout of ${limits.timeoutMs}ms exceeded`), { code: 'ECONNABORTED' }),
        ),
      limits.timeoutMs,
    );
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    sock.once(isTls ? 'secureConnect' : 'connect', () => sock.write(request));
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      size += d.length;
      if (size > cap) finish();
    });
    sock.once('end', () => finish());
    sock.once('error', (err) => finish(err));
  });
}
