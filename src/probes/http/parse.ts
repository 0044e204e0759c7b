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
 * A page's text: UTF-8 when the bytes are valid UTF-8 (a cut at the size bound may split the last
 * character), else ISO-8859-1, which every byte sequence decodes as; never throws.
 */
export function bodyText(bytes: Buffer, truncated: boolean): string {
  for (let cut = 0; cut <= (truncated ? 3 : 0) && cut < bytes.length; cut++) {
    try {
      return UTF8.decode(bytes.subarray(0, bytes.length - cut));
    } catch {
      // a split character at the end, or not UTF-8 at all
    }
  }
  return bytes.toString('latin1');
}
