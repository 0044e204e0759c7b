/**
 * @module probes/rtsp/parse
 * Parses an RTSP reply head. Pure: takes bytes, returns fields or a typed failure.
 */
export interface RtspHead {
  status: number;
  reason: string;
  headers: Record<string, string>;
  /** The status and header lines as sent (names' case, order and spacing), joined by \n. */
  layout: string;
  /** What followed the head, up to its Content-Length (an SDP after a DESCRIBE). */
  body: string;
}

/** `http`: the answer is an HTTP response, i.e. a web server holds the port, not an RTSP one. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string; http?: true };

const HEAD_END = /\r?\n\r?\n/;
const CONTENT_LENGTH = /^content-length:[ \t]*(\d{1,9})[ \t]*$/im;

/** The head has ended and so has the body its Content-Length announces. */
export function replyComplete(data: Buffer): boolean {
  const text = data.toString('latin1');
  const end = HEAD_END.exec(text);
  if (!end) return false;
  const length = Number(CONTENT_LENGTH.exec(text.slice(0, end.index))?.[1] ?? 0);
  return data.length >= end.index + end[0].length + length;
}

export function parseRtspHead(data: Buffer): ParseResult<RtspHead> {
  const text = data.toString('latin1');
  const end = HEAD_END.exec(text);
  const head = end ? text.slice(0, end.index) : text;
  const lines = head.split(/\r?\n/);
  const m = /^RTSP\/\d\.\d (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!m) {
    const first = lines[0] ?? '';
    return {
      ok: false,
      reason: `not an RTSP reply: ${JSON.stringify(first.slice(0, 60))}`,
      ...(/^HTTP\/\d(?:\.\d)? \d{3}(?: |$)/.test(first) ? { http: true as const } : {}),
    };
  }
  // No prototype: a header named `constructor` must not find Object's.
  const headers: Record<string, string> = Object.create(null);
  for (const line of lines.slice(1, 100)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const key = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    // Repeated WWW-Authenticate (Digest + Basic) are both kept.
    headers[key] = headers[key] ? `${headers[key]}, ${value}` : value;
  }
  const rest = end ? data.subarray(end.index + end[0].length) : Buffer.alloc(0);
  const length = Number(headers['content-length']);
  const body = (Number.isSafeInteger(length) && length >= 0 ? rest.subarray(0, length) : rest).toString(
    'utf8',
  );
  const layout = lines.slice(0, 100).join('\n');
  return { ok: true, value: { status: Number(m[1]), reason: m[2] ?? '', headers, layout, body } };
}

/** The session description of a DESCRIBE answer, or undefined when the body is not one. */
export function sdpOf(head: RtspHead): string | undefined {
  const body = head.body.trim();
  return head.status === 200 && body.startsWith('v=') ? body : undefined;
}
