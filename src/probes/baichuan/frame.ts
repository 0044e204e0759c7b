/**
 * @module probes/baichuan/frame
 * The frames of Reolink's Baichuan protocol (TCP 9000), as Neolink reads and writes them
 * (thirtythreeforty/neolink crates/core/src/bc/{model,de,ser}.rs @186d580; the message table of
 * QuantumEntangledAndy/neolink dissector/messages.md): a little-endian header of magic
 * 0x0abcdef0, message id, body length, channel, stream type, message number, response code and
 * class, plus a 4-byte payload offset for classes 0x6414 and 0x0000; then the body. XML bodies
 * are "encrypted" with BCEncrypt, an XOR with a fixed 8-byte key started at the channel number,
 * or, after a login that negotiated it, with AES-128-CFB (see ./login.ts).
 */

export const MAGIC = 0x0abcdef0;
export const MSG_LOGIN = 1;
export const MSG_VERSION = 80;
/** What a device's reply carries in its response code when it took a request. */
export const CODE_OK = 200;
/** A client's modern message: 24-byte header with a payload offset. */
export const CLASS_MODERN = 0x6414;

/** Classes whose header carries a 4-byte payload offset (Neolink's `has_payload_offset`). */
export const headerLength = (cls: number) => (cls === CLASS_MODERN || cls === 0x0000 ? 24 : 20);

export interface Frame {
  msgId: number;
  channel: number;
  msgNum: number;
  code: number;
  cls: number;
  /** Start of the payload within the body (the extension XML comes before it). */
  payloadOffset: number;
  body: Buffer;
}

/**
 * The first frame of `data`: the frame, 'incomplete' while its declared body is still arriving,
 * or undefined when the bytes are not a Baichuan frame (or declare a body over `maxBody`).
 */
export function readFrame(
  data: Buffer,
  maxBody: number,
): { frame: Frame; rest: Buffer } | 'incomplete' | undefined {
  if (data.length >= 4 && data.readUInt32LE(0) !== MAGIC) return undefined;
  if (data.length < 20) return 'incomplete';
  const cls = data.readUInt16LE(18);
  const start = headerLength(cls);
  const length = data.readUInt32LE(8);
  if (length > maxBody) return undefined;
  if (data.length < start + length) return 'incomplete';
  const payloadOffset = start === 24 ? data.readUInt32LE(20) : 0;
  if (payloadOffset > length) return undefined;
  return {
    frame: {
      msgId: data.readUInt32LE(4),
      channel: data.readUInt8(12),
      msgNum: data.readUInt16LE(14),
      code: data.readUInt16LE(16),
      cls,
      payloadOffset,
      body: data.subarray(start, start + length),
    },
    rest: data.subarray(start + length),
  };
}

/** A client's modern message (class 0x6414, no extension): header, then `payload` as given. */
export function modernFrame(msgId: number, msgNum: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(msgId, 4);
  header.writeUInt32LE(payload.length, 8);
  header.writeUInt16LE(msgNum, 14);
  header.writeUInt16LE(CLASS_MODERN, 18);
  // Channel, stream type, response code and payload offset stay 0.
  return Buffer.concat([header, payload]);
}

const XML_KEY = [0x1f, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0xff];

/** BCEncrypt, its own inverse: each byte XORed with the key byte at (offset + i) mod 8 and the offset. */
export function bcXor(data: Buffer, offset: number): Buffer {
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++)
    out[i] = (data[i] ?? 0) ^ (XML_KEY[(offset + i) % 8] ?? 0) ^ (offset & 0xff);
  return out;
}
