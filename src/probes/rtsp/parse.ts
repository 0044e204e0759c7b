/**
 * @module probes/rtsp/parse
 * Parses an RTSP reply head. Pure: takes bytes, returns fields or a typed failure.
 */
export interface RtspHead {
  status: number;
  reason: string;
  headers: Record<string, string>;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export const headComplete = (data: Buffer) => data.includes('\r\n\r\n') || data.includes('\n\n');

export function parseRtspHead(data: Buffer): ParseResult<RtspHead> {
  const text = data.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end >= 0 ? text.slice(0, end) : text;
  const lines = head.split(/\r?\n/);
  const m = /^RTSP\/\d\.\d (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!m) return { ok: false, reason: `not an RTSP reply: ${JSON.stringify((lines[0] ?? '').slice(0, 60))}` };
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
  return { ok: true, value: { status: Number(m[1]), reason: m[2] ?? '', headers } };
}
