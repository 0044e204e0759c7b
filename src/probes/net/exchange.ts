/**
 * @module probes/net/exchange
 * One request/response over a raw TCP (or TLS) connection with hard bounds: the reply is read
 * until `complete` says so, the byte cap is hit, the peer closes, or the timeout fires.
 */
import { connect, type Socket } from 'node:net';
import { BoundedBuffer, TimeoutError } from '../../util/bounded.js';
import { TooLargeError } from '../status.js';
import type { ProbeContext, ProbeTarget } from '../types.js';

export interface ExchangeOptions {
  ip: string;
  port: number;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  /** Returns true once `data` holds a whole reply. */
  complete: (data: Buffer) => boolean;
  /** Leave the connection open after a complete reply, for the next request (the caller closes it). */
  keepOpen?: boolean;
}

export interface ExchangeReply {
  data: Buffer;
  /** The cap was hit before the reply was complete. */
  truncated: boolean;
}

/** Opens a connection; resolves when connected, rejects with the socket error or a timeout. */
export function openSocket(
  ip: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: ip, port });
    const done = (err?: Error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      sock.removeAllListeners('connect');
      if (err) {
        sock.destroy();
        reject(err);
      } else resolve(sock);
    };
    const onAbort = () => done(new TimeoutError(timeoutMs, 'host budget exhausted'));
    const timer = setTimeout(
      () => done(new TimeoutError(timeoutMs, `connect timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    sock.once('connect', () => done());
    sock.once('error', (err) => done(err));
  });
}

/**
 * Sends `request` on a connected socket and collects the bounded reply. Destroys the socket,
 * unless `keepOpen` and the reply came whole.
 */
export function exchangeOn(
  sock: Socket,
  request: string | Buffer,
  opts: Omit<ExchangeOptions, 'ip' | 'port'>,
) {
  return new Promise<ExchangeReply>((resolve, reject) => {
    const buf = new BoundedBuffer(opts.maxBytes);
    let settled = false;
    let whole = false;
    // A kept connection may still fail between requests; that must not be an uncaught 'error'.
    if (opts.keepOpen && sock.listenerCount('error') === 0) sock.on('error', () => {});
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      sock.removeListener('data', onData);
      sock.removeListener('end', onEnd);
      sock.removeListener('error', onError);
      if (err || !opts.keepOpen || !whole) sock.destroy();
      if (err) reject(err);
      else resolve({ data: buf.toBuffer(), truncated: buf.overflowed });
    };
    const onAbort = () => finish(new TimeoutError(opts.timeoutMs, 'host budget exhausted'));
    const timer = setTimeout(() => {
      // A partial reply is still worth parsing: the caller decides.
      if (buf.length > 0) finish();
      else finish(new TimeoutError(opts.timeoutMs));
    }, opts.timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const onData = (chunk: Buffer) => {
      if (!buf.push(chunk)) {
        whole = opts.complete(buf.toBuffer());
        return finish(whole ? undefined : new TooLargeError(`reply exceeds ${opts.maxBytes} bytes`));
      }
      if (opts.complete(buf.toBuffer())) {
        whole = true;
        finish();
      }
    };
    const onEnd = () => finish();
    const onError = (err: Error) => finish(buf.length > 0 ? undefined : err);
    sock.on('data', onData);
    sock.once('end', onEnd);
    sock.once('error', onError);
    sock.write(request);
  });
}

export async function exchange(request: string | Buffer, opts: ExchangeOptions): Promise<ExchangeReply> {
  const sock = await openSocket(opts.ip, opts.port, opts.timeoutMs, opts.signal);
  return exchangeOn(sock, request, opts);
}

/**
 * A probe's one question to its target: waits for a connection slot, then one exchange within
 * the scan's timeout and byte cap, the cap lowered to `maxBytes` (what the answer can need).
 */
export async function askTarget(
  target: ProbeTarget,
  ctx: ProbeContext,
  request: string | Buffer,
  answer: { maxBytes: number; complete: ExchangeOptions['complete'] },
): Promise<ExchangeReply> {
  await ctx.connectSlot();
  return exchange(request, {
    ip: target.ip,
    port: target.port,
    timeoutMs: ctx.limits.timeoutMs,
    maxBytes: Math.min(ctx.limits.maxBytes, answer.maxBytes),
    signal: ctx.signal,
    complete: answer.complete,
  });
}
