/**
 * @module identify/nmap
 * Turns an nmap XML file (`-oX`) into per-host evidence, so contractors' existing nmap output
 * can be fingerprinted with today's signatures. Only raw observations are taken, mapped to the
 * evidence fields the live probes emit (src/evidence/types.ts) so the same signatures apply:
 *
 * - `http-headers`, `http-server-header`, `http-title` -> http.header.server, http.auth.realm, http.title
 * - `ssl-cert` (the structured subject/issuer tables, else the Subject:/Issuer: lines) -> tls.subject, tls.issuer
 * - `fingerprint-strings` and the service's `servicefp` (the raw replies of services nmap could
 *   not name) -> the HTTP or RTSP Server header, WWW-Authenticate realm and page title inside
 * - `upnp-info` and `broadcast-upnp-info` -> ssdp.server and the upnp.* description fields
 * - `wsdd-discover` and `broadcast-wsdd-discover` -> wsd.types, wsd.xaddr
 * - `<address addrtype="mac">` -> mac.address
 * - an open TCP port no probe of nmap's found a protocol on -> tcp.open (a hint, as in a scan)
 *
 * nmap's own conclusions (the service element's product/version/extrainfo/devicetype, OS
 * guesses, the MAC `vendor` attribute from its OUI table) are labels, not device bytes: they
 * set no evidence (the MAC itself does, and our own OUI table names its maker).
 *
 * The file is hostile input like any device reply: its size is bounded, entities are decoded by
 * one linear pass that expands nothing declared in a DTD, every script output is cut at a
 * bound (recorded as a `too-large` error on the host), and a file cut short mid-scan keeps the
 * hosts it finished, with a warning.
 */
import { XMLParser } from 'fast-xml-parser';
import { type Evidence, type EvidenceField, makeEvidence } from '../evidence/types.js';
import { authRealm, htmlTitle } from '../probes/http/parse.js';
import type { ServiceName } from '../probes/types.js';
import type { ErrorEntry } from '../report/types.js';
import { emptyHost, type HostResult } from '../scan/host.js';
import {
  decodeXmlEntities,
  dnFromPairs,
  groupByAddress,
  headerLines,
  isIPv4,
  nmapDn,
  servicefpReplies,
} from './nmap-text.js';

export { nmapDn } from './nmap-text.js';

/** A /16 with every script is tens of MB; past this the parser's memory use is the risk. */
export const MAX_NMAP_XML = 128 * 1024 * 1024;
/** Script output (or servicefp) read per script; longer output is cut and the cut recorded. */
export const MAX_SCRIPT_OUTPUT = 64 * 1024;
/** Evidence items kept per host. */
export const MAX_HOST_EVIDENCE = 512;

const decode = (_name: string, value: unknown) =>
  typeof value === 'string' ? decodeXmlEntities(value) : value;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // The parser's entity handling is off (it would leave `&#xa;` undecoded, and DTD entities are
  // a needless risk); decodeXmlEntities runs once on every attribute and text value instead.
  processEntities: false,
  htmlEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  attributeValueProcessor: decode,
  tagValueProcessor: decode,
  isArray: (name) => ['host', 'port', 'address', 'script', 'elem', 'table', 'hostname'].includes(name),
});

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] =>
  (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).map((x) =>
    typeof x === 'object' && x !== null ? (x as Node) : { '#text': String(x) },
  );
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

const NO_TITLE = /^(Site doesn't have a title|Did not follow redirect|Request failed)/;

export interface NmapParse {
  hosts: HostResult[];
  /** Problems with the file as a whole (e.g. cut short); per-host problems are in each host's errors. */
  warnings: string[];
}

/** Collects one host's evidence and errors, bounded. */
class HostSink {
  readonly evidence: Evidence[] = [];
  readonly errors: ErrorEntry[] = [];
  private readonly seen = new Set<string>();
  private full = false;
  constructor(readonly ip: string) {}

  add(
    port: number,
    transport: 'tcp' | 'udp',
    request: string,
    field: EvidenceField,
    value: string | undefined,
  ) {
    if (!value?.trim()) return;
    const e = makeEvidence({ probe: 'nmap', ip: this.ip, port, transport, request }, field, value);
    if (!e.value) return;
    const key = `${e.field}\u0000${e.value}\u0000${port}`;
    if (this.seen.has(key)) return;
    if (this.evidence.length >= MAX_HOST_EVIDENCE) {
      if (!this.full)
        this.error(port, 'too-large', `more than ${MAX_HOST_EVIDENCE} evidence items; the rest dropped`);
      this.full = true;
      return;
    }
    this.seen.add(key);
    this.evidence.push(e);
  }

  error(port: number, status: ErrorEntry['status'], message: string) {
    if (this.errors.length < 64) this.errors.push({ probe: 'nmap', port, status, message });
  }

  /** A script's text, cut at the bound (and the cut recorded). */
  bounded(port: number, what: string, text: string | undefined): string {
    if (!text) return '';
    if (text.length <= MAX_SCRIPT_OUTPUT) return text;
    this.error(port, 'too-large', `${what}: ${text.length} characters, read the first ${MAX_SCRIPT_OUTPUT}`);
    return text.slice(0, MAX_SCRIPT_OUTPUT);
  }
}

/** Server, realm and (for a page) title from one raw HTTP or RTSP reply. Returns its protocol. */
function rawReply(
  sink: HostSink,
  port: number,
  request: string,
  raw: string,
  isPage: boolean,
): 'http' | 'rtsp' | undefined {
  const text = raw.replace(/\r\n?/g, '\n').trimStart();
  const first = text.split('\n', 1)[0] ?? '';
  const proto = first.startsWith('RTSP/') ? 'rtsp' : first.startsWith('HTTP/') ? 'http' : undefined;
  if (!proto) return undefined;
  // A servicefp reply keeps the blank line that ends the head; fingerprint-strings drops blank
  // lines, so there the whole text is read (nmap prints only the reply's printable lines).
  const head = text.split(/\n[ \t]*\n/, 1)[0] ?? text;
  for (const [k, v] of headerLines(head)) {
    if (k === 'server')
      sink.add(port, 'tcp', request, proto === 'rtsp' ? 'rtsp.header.server' : 'http.header.server', v);
    if (k === 'www-authenticate')
      sink.add(port, 'tcp', request, proto === 'rtsp' ? 'rtsp.auth.realm' : 'http.auth.realm', authRealm(v));
  }
  if (proto === 'http' && isPage) sink.add(port, 'tcp', request, 'http.title', htmlTitle(text));
  return proto;
}

/** `table key="subject"` of ssl-cert as (name, value) pairs. */
function certTable(script: Node, key: string): [string, string][] | undefined {
  const table = list(script.table).find((t) => str(t.key) === key);
  if (!table) return undefined;
  return list(table.elem).flatMap((e) => {
    const k = str(e.key);
    const v = str(e['#text']);
    return k && v ? [[k, v] as [string, string]] : [];
  });
}

/** The UPnP keys nmap's upnp library prints, and the evidence field of each. */
const UPNP_KEYS: Record<string, EvidenceField> = {
  server: 'ssdp.server',
  webserver: 'http.header.server',
  name: 'upnp.friendly-name',
  manufacturer: 'upnp.manufacturer',
  'model descr': 'upnp.model-description',
  'model name': 'upnp.model-name',
  'model version': 'upnp.model-number',
};

function upnpLines(sink: HostSink, lines: string[], request: string) {
  lines.forEach((line, i) => {
    const m = /^([A-Za-z][A-Za-z ]{0,20}?):\s*(.*)$/.exec(line);
    const key = (m?.[1] ?? '').toLowerCase();
    const field = Object.hasOwn(UPNP_KEYS, key) ? UPNP_KEYS[key] : undefined;
    if (field) sink.add(1900, 'udp', request, field, m?.[2]);
    // Older nmap printed the SERVER value first with no key (broadcast-upnp-info's own example).
    else if (i === 0 && !m && !/^https?:/.test(line)) sink.add(1900, 'udp', request, 'ssdp.server', line);
  });
}

function wsddLines(sink: HostSink, lines: string[], request: string) {
  for (const line of lines) {
    const m = /^(Address|Type):\s*(.*)$/.exec(line);
    if (!m) continue;
    // Types as the live probe keeps them (one space-separated item); XAddrs one item each.
    if (m[1] === 'Type') sink.add(3702, 'udp', request, 'wsd.types', m[2]);
    else
      for (const v of (m[2] ?? '').split(/\s+/).filter(Boolean))
        sink.add(3702, 'udp', request, 'wsd.xaddr', v);
  }
}

function portEvidence(sink: HostSink, port: Node, transport: 'tcp' | 'udp'): ServiceName {
  const portid = Number(port.portid);
  const svc = list(port.service)[0] ?? {};
  const name = str(svc.name) ?? '';
  let service: ServiceName =
    transport === 'udp'
      ? portid === 1900 || /upnp|ssdp/.test(name)
        ? 'ssdp'
        : portid === 3702 || /ws-discovery|wsdd/.test(name)
          ? 'ws-discovery'
          : 'tcp'
      : /rtsp/.test(name)
        ? 'rtsp'
        : svc.tunnel === 'ssl' || /https|ssl/.test(name)
          ? 'https'
          : /http/.test(name)
            ? 'http'
            : 'tcp';
  const seenRaw = (proto: 'http' | 'rtsp' | undefined) => {
    if (proto === 'rtsp') service = 'rtsp';
    else if (proto === 'http' && service === 'tcp') service = svc.tunnel === 'ssl' ? 'https' : 'http';
  };
  const scripts = list(port.script);
  const hasStrings = scripts.some((s) => s.id === 'fingerprint-strings');
  for (const script of scripts) {
    const id = str(script.id) ?? '';
    const out = sink.bounded(portid, `script ${id.slice(0, 60)}`, str(script.output));
    const req = `nmap ${id}`;
    if (id === 'http-server-header') {
      const elems = list(script.elem).flatMap((e) => str(e['#text']) ?? []);
      for (const v of elems.length ? elems : out.split('\n'))
        sink.add(portid, transport, req, 'http.header.server', v);
    } else if (id === 'http-title') {
      const title =
        str(list(script.elem).find((e) => e.key === 'title')?.['#text']) ?? out.split('\n')[0] ?? '';
      if (!NO_TITLE.test(title)) sink.add(portid, transport, req, 'http.title', title);
    } else if (id === 'http-headers') {
      for (const [k, v] of headerLines(out)) {
        if (k === 'server') sink.add(portid, transport, req, 'http.header.server', v);
        if (k === 'www-authenticate') sink.add(portid, transport, req, 'http.auth.realm', authRealm(v));
      }
    } else if (id === 'ssl-cert') {
      const lines = headerLines(out);
      for (const [key, field] of [
        ['subject', 'tls.subject'],
        ['issuer', 'tls.issuer'],
      ] as const) {
        const table = certTable(script, key);
        const line = lines.find(([k]) => k === key)?.[1];
        sink.add(
          portid,
          transport,
          req,
          field,
          table?.length ? dnFromPairs(table) : line ? nmapDn(line) : undefined,
        );
      }
    } else if (id === 'rtsp-methods') {
      if (!/^ERROR/.test(out)) service = 'rtsp';
    } else if (id === 'fingerprint-strings') {
      // Replies nmap could not name, grouped by the probes that got each: the raw banner is evidence.
      for (const elem of list(script.elem)) {
        const key = (str(elem.key) ?? 'probe').slice(0, 200);
        const raw = sink.bounded(portid, 'fingerprint-strings reply', str(elem['#text']));
        seenRaw(rawReply(sink, portid, `nmap ${key}`, raw, /\bGetRequest\b/.test(key)));
      }
    } else if (id === 'upnp-info') {
      for (const [, lines] of groupByAddress(out)) upnpLines(sink, lines, req);
      service = 'ssdp';
    } else if (id === 'wsdd-discover') {
      for (const [, lines] of groupByAddress(out)) wsddLines(sink, lines, req);
      service = 'ws-discovery';
    }
  }
  // The raw replies in the service fingerprint, when fingerprint-strings did not print them.
  const fp = str(svc.servicefp);
  if (fp && !hasStrings && transport === 'tcp')
    for (const r of servicefpReplies(sink.bounded(portid, 'servicefp', fp)))
      seenRaw(rawReply(sink, portid, `nmap ${r.probe}`, r.text, r.probe === 'GetRequest'));
  return service;
}

/** Parses the document, or (a file cut short mid-scan) the hosts it finished. */
function parseDocument(text: string, warnings: string[]): Node {
  try {
    return parser.parse(text) as Node;
  } catch (err) {
    const cut = text.lastIndexOf('</host>');
    // The parser quotes the file around the fault; the file may hold anything (a script's
    // captured credentials), so only the position is kept.
    const message = (err as Error).message.replace(/\.?\s*Context:[\s\S]*$/, '').slice(0, 200);
    if (cut > 0 && /<nmaprun[\s>]/.test(text.slice(0, cut))) {
      try {
        const doc = parser.parse(`${text.slice(0, cut + 7)}</nmaprun>`) as Node;
        warnings.push(`the file is cut short or broken after its last complete host (${message})`);
        return doc;
      } catch {
        // fall through to the original error
      }
    }
    throw new Error(`not valid nmap XML: ${message}`);
  }
}

/** Discovery output nmap writes outside any host (`broadcast-*` prerule scripts). */
function discoveryScripts(run: Node): Node[] {
  return [...list(run.prescript), ...list(run.postscript)].flatMap((s) => list(s.script));
}

export function parseNmapDocument(text: string): NmapParse {
  const warnings: string[] = [];
  if (text.length > MAX_NMAP_XML)
    throw new Error(`not valid nmap XML: larger than ${MAX_NMAP_XML} characters`);
  const doc = parseDocument(text, warnings);
  const run = list(doc.nmaprun)[0];
  if (!run) throw new Error('not an nmap XML file (no <nmaprun>)');
  const hosts = new Map<string, HostResult>();
  const sinks = new Map<string, HostSink>();
  const entry = (ip: string, hostname?: string) => {
    let h = hosts.get(ip);
    if (!h) {
      h = emptyHost(ip, hostname);
      hosts.set(ip, h);
      sinks.set(ip, new HostSink(ip));
    }
    return { host: h, sink: sinks.get(ip) as HostSink };
  };

  for (const node of list(run.host)) {
    const addrs = list(node.address);
    const ip = str(addrs.find((a) => a.addrtype === 'ipv4')?.addr);
    if (!ip || !isIPv4(ip)) continue;
    const hostname = str(list(list(node.hostnames)[0]?.hostname)[0]?.name);
    const { host, sink } = entry(ip, hostname?.slice(0, 253));
    const mac = str(addrs.find((a) => a.addrtype === 'mac')?.addr)?.toLowerCase();
    if (mac && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac))
      sink.add(0, 'tcp', 'nmap MAC address', 'mac.address', mac);
    for (const port of list(list(node.ports)[0]?.port)) {
      const transport = port.protocol === 'udp' ? 'udp' : port.protocol === 'tcp' ? 'tcp' : undefined;
      const portid = Number(port.portid);
      if (!transport || !Number.isInteger(portid) || portid < 0 || portid > 65535) continue;
      const state = str(list(port.state)[0]?.state) ?? '';
      // A UDP port nmap could not tell from filtered still counts when a script got an answer.
      const answered = state === 'open' || (transport === 'udp' && list(port.script).length > 0);
      if (!answered) continue;
      const service = portEvidence(sink, port, transport);
      if (transport === 'udp' && service === 'tcp') continue;
      // An open port is a hint (fingerprints/tcp-open.yaml), as in a scan, unless nmap's probes
      // found another protocol answering on it (its service was identified by probing).
      const svc = list(port.service)[0];
      if (transport === 'tcp' && service === 'tcp' && svc?.method !== 'probed')
        sink.add(portid, 'tcp', 'nmap port state', 'tcp.open', String(portid));
      if (!host.services.some((s) => s.port === portid && s.transport === transport))
        host.services.push({ port: portid, transport, service, status: 'ok' });
    }
  }

  for (const script of discoveryScripts(run)) {
    const id = str(script.id) ?? '';
    if (id !== 'broadcast-upnp-info' && id !== 'broadcast-wsdd-discover') continue;
    const out = str(script.output) ?? '';
    if (out.length > MAX_SCRIPT_OUTPUT * 16)
      warnings.push(`${id}: output cut at ${MAX_SCRIPT_OUTPUT * 16} characters`);
    for (const [ip, lines] of groupByAddress(out.slice(0, MAX_SCRIPT_OUTPUT * 16))) {
      if (!isIPv4(ip)) continue;
      const { host, sink } = entry(ip);
      const upnp = id === 'broadcast-upnp-info';
      if (upnp) upnpLines(sink, lines, `nmap ${id}`);
      else wsddLines(sink, lines, `nmap ${id}`);
      const port = upnp ? 1900 : 3702;
      if (!host.services.some((s) => s.port === port && s.transport === 'udp'))
        host.services.push({ port, transport: 'udp', service: upnp ? 'ssdp' : 'ws-discovery', status: 'ok' });
    }
  }

  const out: HostResult[] = [];
  for (const [ip, host] of hosts) {
    const sink = sinks.get(ip) as HostSink;
    host.evidence.push(...sink.evidence);
    host.errors.push(...sink.errors);
    host.responsive = host.services.length > 0;
    if (host.responsive) out.push(host);
  }
  return { hosts: out, warnings };
}

/** The hosts of an nmap XML file (see {@link parseNmapDocument} for the warnings too). */
export function parseNmapXml(text: string): HostResult[] {
  return parseNmapDocument(text).hosts;
}
