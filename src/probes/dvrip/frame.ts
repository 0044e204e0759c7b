/**
 * @module probes/dvrip/frame
 * XiongMai DVRIP ("Sofia", NetSurveillance) framing on TCP 34567: a 20-byte little-endian
 * header (0xFF head, version, 2 reserved, session u32, sequence u32, 2 packet-info bytes,
 * message id u16, payload length u32) and a JSON payload ending in "\n\0". Layout after
 * OpenIPC/python-dvr dvrip.py (`struct "BB2xII2xHI"`); the reader only ever holds one
 * bounded frame, so a hostile length or a byte flood cannot grow memory.
 */
import { TooLargeError } from '../status.js';

export const HEADER_BYTES = 20;
const HEAD = 0xff;
/** Largest payload accepted; a SystemInfo reply is under 1 KiB. */
export const MAX_PAYLOAD = 64 * 1024;

/** Message ids used here (python-dvr QCODES; a reply is the request id + 1). */
export const MSG = {
  login: 1000,
  loginReply: 1001,
  /** Config get by name; `SystemInfo` is read with this id. */
  systemInfo: 1020,
  systemInfoReply: 1021,
  /** IP auto search, broadcast on UDP 34569 (src/probes/xmsearch). */
  ipSearch: 1530,
  ipSearchReply: 1531,
} as const;

export interface Frame {
  session: number;
  sequence: number;
  messageId: number;
  payload: Buffer;
}

export class DvripFrameError extends Error {
  override name = 'DvripFrameError';
}

/** `0x0000001F`, the form the vendor client writes a session id in JSON bodies. */
export const sessionHex = (n: number) => `0x${(n >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

/** One request frame: `body` as compact JSON, terminated with "\n\0" as the vendor client does. */
export function encodeFrame(f: Omit<Frame, 'payload'> & { body: unknown }): Buffer {
  const payload = Buffer.concat([Buffer.from(JSON.stringify(f.body), 'utf8'), Buffer.from([0x0a, 0x00])]);
  const h = Buffer.alloc(HEADER_BYTES);
  h.writeUInt8(HEAD, 0);
  h.writeUInt32LE(f.session >>> 0, 4);
  h.writeUInt32LE(f.sequence >>> 0, 8);
  h.writeUInt16LE(f.messageId, 14);
  h.writeUInt32LE(payload.length, 16);
  return Buffer.concat([h, payload]);
}

/**
 * Collects a byte stream into frames. `push` returns every frame completed by the chunk;
 * it throws {@link DvripFrameError} on a header that is not DVRIP and {@link TooLargeError}
 * on a declared payload over `max`, before any of that payload is kept.
 */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly max = MAX_PAYLOAD) {}

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Frame[] = [];
    for (;;) {
      if (this.buf.length < HEADER_BYTES) {
        if (this.buf.length > 0 && this.buf[0] !== HEAD) throw new DvripFrameError('not a DVRIP frame');
        return out;
      }
      if (this.buf[0] !== HEAD) throw new DvripFrameError('not a DVRIP frame');
      const length = this.buf.readUInt32LE(16);
      if (length > this.max)
        throw new TooLargeError(`DVRIP frame declares ${length} bytes (limit ${this.max})`);
      if (this.buf.length < HEADER_BYTES + length) return out;
      out.push({
        session: this.buf.readUInt32LE(4),
        sequence: this.buf.readUInt32LE(8),
        messageId: this.buf.readUInt16LE(14),
        payload: Buffer.from(this.buf.subarray(HEADER_BYTES, HEADER_BYTES + length)),
      });
      this.buf = this.buf.subarray(HEADER_BYTES + length);
    }
  }
}
