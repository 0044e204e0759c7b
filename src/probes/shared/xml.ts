/**
 * @module probes/shared/xml
 * XML as the probes read it (fast-xml-parser, namespace prefixes removed, attributes ignored,
 * entities not expanded): a lenient parse for SOAP and ISAPI answers, a strict one for discovery
 * datagrams and descriptions, and a path walker over the result. Never throws.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeNul } from './c-string.js';

/** Datagrams / documents larger than this are not parsed by the strict parser. */
export const MAX_XML_INPUT = 64 * 1024;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  processEntities: false,
  parseTagValue: false,
  trimValues: true,
});

/** Parses XML (up to a C string's end, see `beforeNul`); undefined for anything that is not well-formed. */
export function parseXml(text: string): Record<string, unknown> | undefined {
  try {
    const out = parser.parse(beforeNul(text)) as unknown;
    return out && typeof out === 'object' ? (out as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses a small, well-formed XML document, up to a C string's end. Refuses (undefined) anything over `MAX_XML_INPUT`, anything
 * with a DOCTYPE / ENTITY declaration (no device needs one; it is how entity bombs start) and anything the
 * validator rejects. Never throws.
 */
export function parseXmlStrict(input: string): Record<string, unknown> | undefined {
  if (input.length > MAX_XML_INPUT) return undefined;
  const text = beforeNul(input);
  if (text.length === 0) return undefined;
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) return undefined;
  try {
    if (XMLValidator.validate(text) !== true) return undefined;
    const out = parser.parse(text) as unknown;
    return out && typeof out === 'object' && !Array.isArray(out)
      ? (out as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Walks `obj` along `path`, tolerating arrays (first element) and missing levels. */
export function pick(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (Array.isArray(cur)) cur = cur[0];
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return Array.isArray(cur) ? cur[0] : cur;
}

export const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

const XML_TEXT_ENTITY = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and character references in one pass (nothing recursive). */
export function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(XML_TEXT_ENTITY, (whole, name: string) => {
    const named = NAMED[name.toLowerCase()];
    if (named !== undefined) return named;
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    if (!Number.isInteger(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
    return String.fromCodePoint(code);
  });
}
