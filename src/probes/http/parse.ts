/**
 * @module probes/http/parse
 * Pure extractors for HTTP replies. Input is hostile: everything is bounded and optional.
 */

export { authRealm } from '../shared/auth-header.js';

/** Contents of the first <title>, entities for the common cases decoded. */
export function htmlTitle(body: string): string | undefined {
  const m = /<title[^>]{0,200}>([\s\S]{0,1024}?)<\/title>/i.exec(body);
  if (!m?.[1]) return undefined;
  return m[1]
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
}

/** Same-host redirect target, or undefined when the Location leaves the host (never followed). */
export function sameHostRedirect(base: string, location: string | undefined): string | undefined {
  if (!location) return undefined;
  try {
    const from = new URL(base);
    const to = new URL(location, base);
    if (to.protocol !== from.protocol || to.host !== from.host) return undefined;
    return to.toString();
  } catch {
    return undefined;
  }
}

/**
 * The client-side redirect many camera UIs use instead of a 302: a script (`location.href =
 * "/doc/page/login.asp"`, `location.replace('...')`) or a meta refresh, as the start pages of
 * Axis, i-PRO, ACTi and Everfocus cameras have (`<META HTTP-EQUIV="Refresh" CONTENT="0;
 * URL=/view/viewer_index.shtml">`; examples in fingerprints/http-body.yaml).
 */
export function clientRedirect(body: string): string | undefined {
  const head = body.slice(0, 8192);
  const script =
    /(?:window\.)?location(?:\.href)?\s*=\s*["']([^"'<>\s]{1,200})["']/i.exec(head) ??
    /location\.(?:replace|assign)\(\s*["']([^"'<>\s]{1,200})["']\s*\)/i.exec(head);
  if (script) return script[1];
  const meta = /<meta\b[^>]{0,300}?\bhttp-equiv\s*=\s*["']?refresh\b[^>]{0,300}>/i.exec(head)?.[0];
  return meta
    ? /\bcontent\s*=\s*["']?\s*\d{0,4}\s*[;,]\s*url\s*=\s*([^"'<>\s]{1,200})/i.exec(meta)?.[1]
    : undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The charset a reply declares: its `Content-Type` header's, else the page's own `<meta charset>`
 * or `<meta http-equiv="Content-Type" content="...; charset=...">` near its start.
 */
export function declaredCharset(contentType: string | undefined, bytes: Buffer): string | undefined {
  const label = /;\s*charset\s*=\s*["']?([\w.:-]{1,40})/i;
  const header = contentType ? label.exec(contentType)?.[1] : undefined;
  if (header) return header;
  // The label is ASCII in every encoding a camera page uses, so the head can be read as Latin-1.
  const head = bytes.subarray(0, 2048).toString('latin1');
  return /<meta\b[^>]{0,200}?\bcharset\s*=\s*["']?([\w.:-]{1,40})/i.exec(head)?.[1];
}

/** A decoder for a declared label the runtime knows (WHATWG names: gb2312 is read as GBK). */
function decoderFor(label: string | undefined): InstanceType<typeof TextDecoder> | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label);
  } catch {
    return undefined;
  }
}

/** windows-1252's 0x80-0x9F (WHATWG index); every other byte is its Latin-1 code point. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * windows-1252, which browsers use for a page labelled ISO-8859-1 or not UTF-8 at all. Decoded
 * here because Node 20's TextDecoder reads this label as plain Latin-1.
 */
function windows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

/**
 * A page's text. A declared charset other than UTF-8 is honoured: Chinese-market recorders serve
 * GB2312 pages and others windows-1252, whose titles would otherwise read as Latin-1 mojibake.
 * Otherwise UTF-8 when the bytes are valid UTF-8 (a cut at the size bound may split the last
 * character), else windows-1252, which every byte sequence decodes as; never throws.
 */
export function bodyText(bytes: Buffer, truncated: boolean, contentType?: string): string {
  const declared = decoderFor(declaredCharset(contentType, bytes));
  if (declared && declared.encoding !== 'utf-8' && declared.encoding !== 'windows-1252')
    return declared.decode(bytes);
  for (let cut = 0; cut <= (truncated ? 3 : 0) && cut < bytes.length; cut++) {
    try {
      return UTF8.decode(bytes.subarray(0, bytes.length - cut));
    } catch {
      // a split character at the end, or not UTF-8 at all
    }
  }
  return windows1252(bytes);
}
