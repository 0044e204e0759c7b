/**
 * @module util/bounded
 * Helpers that put a hard bound on time and bytes for everything a device sends.
 */

/** Rejects with a `timeout` error after `ms`, or when `signal` aborts. */
export function withTimeout<T>(work: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
    const onAbort = () => reject(new TimeoutError(ms, 'host budget exhausted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

export class TimeoutError extends Error {
  override name = 'TimeoutError';
  constructor(ms: number, why = `no answer within ${ms} ms`) {
    super(why);
  }
}

/** Appends chunks up to `max` bytes; `overflowed` tells whether the device sent more. */
export class BoundedBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  overflowed = false;
  constructor(private readonly max: number) {}
  push(chunk: Buffer): boolean {
    const room = this.max - this.size;
    if (chunk.length > room) {
      this.overflowed = true;
      if (room > 0) {
        this.chunks.push(chunk.subarray(0, room));
        this.size += room;
      }
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }
  get length() {
    return this.size;
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}
