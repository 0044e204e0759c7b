/**
 * @module lab/dvrip-wire
 * DVRIP frames as the simulated devices read and write them, written apart from the probe's codec
 * (so a probe encoder and reader that agree on a wrong layout still fail against the lab): the
 * header of OpenIPC/python-dvr dvrip.py, `struct "BB2xII2xHI"` little-endian (0xff, version, 2
 * reserved, session, sequence, 2 packet-info bytes, message id, payload length), and JSON
 * payloads ending in "\n\0" as in the device replies quoted in sofia-netsurv/python-netsurv#7.
 */

const HEADER = 20;
const MAX_PAYLOAD = 16 * 1024;

export interface DvripRequest {
  sequence: number;
  messageId: number;
  json: Record<string, unknown>;
}

/** A reply frame the way the device sends one. */
export function dvripReply(session: number, sequence: number, messageId: number, body: unknown): Buffer {
  const payload = Buffer.from(`${JSON.stringify(body)}\n\0`, 'utf8');
  const h = Buffer.alloc(HEADER);
  h[0] = 0xff;
  h.writeUInt32LE(session >>> 0, 4);
  h.writeUInt32LE(sequence >>> 0, 8);
  h.writeUInt16LE(messageId, 14);
  h.writeUInt32LE(payload.length, 16);
  return Buffer.concat([h, payload]);
}

/** Splits a client's byte stream into requests; `undefined` once it sent something that is not one. */
export function dvripRequests(): (chunk: Buffer) => DvripRequest[] | undefined {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    const out: DvripRequest[] = [];
    while (buf.length > 0) {
      if (buf[0] !== 0xff) return undefined;
      if (buf.length < HEADER) break;
      const length = buf.readUInt32LE(16);
      if (length > MAX_PAYLOAD) return undefined;
      if (buf.length < HEADER + length) break;
      const text = buf.subarray(HEADER, HEADER + length).toString('utf8');
      const end = text.indexOf('\0');
      let json: unknown;
      try {
        json = JSON.parse(end < 0 ? text : text.slice(0, end));
      } catch {
        return undefined;
      }
      if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
      out.push({
        sequence: buf.readUInt32LE(8),
        messageId: buf.readUInt16LE(14),
        json: json as Record<string, unknown>,
      });
      buf = buf.subarray(HEADER + length);
    }
    return out;
  };
}

/** Whether a datagram is XiongMai's IP search: a DVRIP header with message id 1530 (python-dvr `SearchXM`). */
export const isXmSearch = (msg: Buffer): boolean =>
  msg.length >= HEADER && msg[0] === 0xff && msg.readUInt16LE(14) === 1530;
