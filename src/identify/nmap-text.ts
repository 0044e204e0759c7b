/**
 * @module identify/nmap-text
 * Text helpers for nmap XML: entity decoding (the parser's own is off, see nmap.ts), nmap's
 * `servicefp` escapes, distinguished names, and the indented `Key: value` layout NSE scripts
 * print. Every function is linear in its input and never returns more than it was given.
 */

const XML_NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** A code point a decoded string may carry (XML 1.0 Char production, minus NUL). */
function allowed(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/**
 * Decodes the five XML entities and numeric character references (`&#xa;`, `&#45;`) in one
 * pass, so `&amp;#xa;` stays the text `&#xa;`. Nothing else is expanded: no DTD-declared or HTML
 * entity, so there is nothing to expand recursively. A reference to a code point XML forbids
 * becomes U+FFFD. The result is never longer than the input (every reference is at least four
 * characters and decodes to at most two UTF-16 units).
 */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|apos|quot));/g,
    (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
      if (name) return XML_NAMED[name] ?? '';
      const cp = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(dec ?? '', 10);
      return allowed(cp) ? String.fromCodePoint(cp) : '\ufffd';
    },
  );
}

/**
 * The replies inside a `servicefp` (`%r(GetRequest,92,"HTTP/1\.1\x20404...")`), unescaped: nmap
 * writes bytes as `\xHH`, `\r`, `\n`, `\t`, `\0` and escapes other punctuation with `\`.
 * Bytes are read as Latin-1, as nmap stores them. At most `max` replies.
 */
export function servicefpReplies(fp: string, max = 64): { probe: string; text: string }[] {
  const out: { probe: string; text: string }[] = [];
  const re = /r\(([A-Za-z0-9_-]{1,40}),[0-9A-Fa-f]{1,8},"((?:[^"\\]|\\.){0,20000})"\)/g;
  for (const m of fp.matchAll(re)) {
    if (out.length >= max) break;
    out.push({ probe: m[1] ?? '', text: unescapeFp(m[2] ?? '') });
  }
  return out;
}

function unescapeFp(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => {
    if (e.length === 3) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    if (e === 'r') return '\r';
    if (e === 'n') return '\n';
    if (e === 't') return '\t';
    if (e === '0') return '\u0000';
    return e;
  });
}

// A Map, not an object literal: a key from the input such as `constructor` must not find
// Object.prototype's members.
const DN_NAMES: ReadonlyMap<string, string> = new Map([
  ['countryName', 'C'],
  ['stateOrProvinceName', 'ST'],
  ['localityName', 'L'],
  ['organizationName', 'O'],
  ['organizationalUnitName', 'OU'],
  ['commonName', 'CN'],
]);
const DN_ORDER = ['C', 'ST', 'L', 'O', 'OU', 'CN'];
const rank = (k: string) => (DN_ORDER.includes(k) ? DN_ORDER.indexOf(k) : DN_ORDER.length);

/** Evidence form of a DN given as (nmap long name, value) pairs: `C=CN, ST=..., O=..., CN=...`. */
export function dnFromPairs(pairs: readonly (readonly [string, string])[]): string {
  const parts = pairs
    .map(([k, v]) => ({ key: DN_NAMES.get(k) ?? k, value: v.trim() }))
    .filter((p) => p.key && p.value);
  parts.sort((a, b) => rank(a.key) - rank(b.key));
  return parts.map((p) => `${p.key}=${p.value}`).join(', ');
}

/** nmap prints `commonName=NVR/organizationName=ZheJiang Dahua.../countryName=CN`; we use `C=CN, ..., CN=NVR`. */
export function nmapDn(text: string): string {
  return dnFromPairs(
    text.split(/\/(?=[A-Za-z]+=)/).map((p) => {
      const i = p.indexOf('=');
      // A part without `=` has no attribute name: dropped (an empty key is filtered out).
      return i < 0 ? (['', ''] as const) : ([p.slice(0, i), p.slice(i + 1)] as const);
    }),
  );
}

/** `Name: value` lines of a raw reply or of a script's output, names lower-cased. */
export function headerLines(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const l of text.split('\n')) {
    const m = /^\s*([A-Za-z][\w -]{0,60}?):\s?(.*)$/.exec(l);
    if (m) out.push([(m[1] ?? '').toLowerCase(), (m[2] ?? '').trim()]);
  }
  return out;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
export const isIPv4 = (s: string) => IPV4.test(s);

/**
 * Groups a discovery script's output by the address lines it prints (`broadcast-upnp-info`,
 * `broadcast-wsdd-discover`: an address, then that responder's indented `Key: value` lines).
 * Lines before any address belong to `''` (the unicast scripts print no address).
 */
export function groupByAddress(text: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (isIPv4(line)) {
      current = line;
      if (!groups.has(current)) groups.set(current, []);
      continue;
    }
    const list = groups.get(current) ?? [];
    list.push(line);
    groups.set(current, list);
  }
  return groups;
}
