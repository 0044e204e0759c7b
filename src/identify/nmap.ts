/**
 * @module identify/nmap
 * Turns an nmap XML file (`-oX`, with -sV and the http-server-header, http-headers,
 * http-title and ssl-cert scripts) into per-host evidence, so contractors' existing nmap
 * output can be fingerprinted with today's signatures. Only raw observations are taken
 * (headers, titles, certificate names, unrecognised service replies), never nmap's own guesses.
 */
import { XMLParser } from 'fast-xml-parser';
import { type Evidence, type EvidenceField, makeEvidence } from '../evidence/types.js';
import { authRealm } from '../probes/http/parse.js';
import type { ServiceName } from '../probes/types.js';
import type { HostResult } from '../scan/host.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: true,
  htmlEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => ['host', 'port', 'address', 'script', 'elem', 'hostname'].includes(name),
});

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v ? [v as Node] : []);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

const NO_TITLE = /^(Site doesn't have a title|Did not follow redirect|Request failed)/;
const DN_NAMES: Record<string, string> = {
  countryName: 'C',
  stateOrProvinceName: 'ST',
  localityName: 'L',
  organizationName: 'O',
  organizationalUnitName: 'OU',
  commonName: 'CN',
};
const DN_ORDER = ['C', 'ST', 'L', 'O', 'OU', 'CN'];

/** nmap prints `commonName=NVR/organizationName=ZheJiang Dahua.../countryName=CN`; we use `C=CN, ..., CN=NVR`. */
export function nmapDn(text: string): string {
  const parts = text
    .split(/\/(?=[A-Za-z]+=)/)
    .map((p) => {
      const i = p.indexOf('=');
      return { key: DN_NAMES[p.slice(0, i)] ?? p.slice(0, i), value: p.slice(i + 1).trim() };
    })
    .filter((p) => p.value);
  parts.sort((a, b) => rank(a.key) - rank(b.key));
  return parts.map((p) => `${p.key}=${p.value}`).join(', ');
}
const rank = (k: string) => (DN_ORDER.includes(k) ? DN_ORDER.indexOf(k) : DN_ORDER.length);

/** `Name: value` lines of a raw reply or of http-headers output. */
function headerLines(text: string): [string, string][] {
  return text
    .split('\n')
    .map((l) => /^\s*([A-Za-z][\w-]{0,60}):\s?(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => Boolean(m))
    .map((m) => [(m[1] ?? '').toLowerCase(), (m[2] ?? '').trim()]);
}

function portEvidence(ip: string, port: Node): { evidence: Evidence[]; service: ServiceName } {
  const portid = Number(port.portid);
  const evidence: Evidence[] = [];
  const add = (field: EvidenceField, value: string | undefined, request: string) => {
    if (value?.trim())
      evidence.push(
        makeEvidence({ probe: 'nmap', ip, port: portid, transport: 'tcp', request }, field, value),
      );
  };
  const svc = (port.service ?? {}) as Node;
  const name = str(svc.name) ?? '';
  let service: ServiceName = /rtsp/.test(name)
    ? 'rtsp'
    : svc.tunnel === 'ssl' || /https|ssl/.test(name)
      ? 'https'
      : /http/.test(name)
        ? 'http'
        : 'tcp';
  for (const script of list(port.script)) {
    const id = str(script.id) ?? '';
    const out = str(script.output) ?? '';
    if (id === 'http-server-header')
      for (const line of out.split('\n')) add('http.header.server', line.trim(), 'nmap http-server-header');
    if (id === 'http-title' && !NO_TITLE.test(out)) add('http.title', out.trim(), 'nmap http-title');
    if (id === 'http-headers') {
      for (const [k, v] of headerLines(out)) {
        if (k === 'server') add('http.header.server', v, 'nmap http-headers');
        if (k === 'www-authenticate') add('http.auth.realm', authRealm(v), 'nmap http-headers');
      }
    }
    if (id === 'ssl-cert') {
      for (const [k, v] of headerLines(out)) {
        if (k === 'subject') add('tls.subject', nmapDn(v), 'nmap ssl-cert');
        if (k === 'issuer') add('tls.issuer', nmapDn(v), 'nmap ssl-cert');
      }
    }
    if (id === 'fingerprint-strings') {
      // Replies nmap could not name: the raw banner is still evidence.
      for (const elem of list(script.elem)) {
        const raw = str(elem['#text']) ?? '';
        const first = raw.trim().split('\n')[0] ?? '';
        const proto = first.startsWith('RTSP/') ? 'rtsp' : first.startsWith('HTTP/') ? 'http' : undefined;
        if (!proto) continue;
        if (proto === 'rtsp') service = 'rtsp';
        for (const [k, v] of headerLines(raw)) {
          if (k === 'server')
            add(
              proto === 'rtsp' ? 'rtsp.header.server' : 'http.header.server',
              v,
              `nmap ${str(elem.key) ?? 'probe'}`,
            );
          if (k === 'www-authenticate')
            add(
              proto === 'rtsp' ? 'rtsp.auth.realm' : 'http.auth.realm',
              authRealm(v),
              `nmap ${str(elem.key) ?? 'probe'}`,
            );
        }
      }
    }
  }
  return { evidence: dedupe(evidence), service };
}

function dedupe(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = `${e.field}\u0000${e.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function parseNmapXml(text: string): HostResult[] {
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (err) {
    throw new Error(`not valid nmap XML: ${(err as Error).message}`);
  }
  const run = doc.nmaprun as Node | undefined;
  if (!run) throw new Error('not an nmap XML file (no <nmaprun>)');
  const hosts: HostResult[] = [];
  for (const host of list(run.host)) {
    const addrs = list(host.address);
    const ip = str(addrs.find((a) => a.addrtype === 'ipv4')?.addr);
    if (!ip) continue;
    const mac = str(addrs.find((a) => a.addrtype === 'mac')?.addr)?.toLowerCase();
    const hostname = str(list((host.hostnames as Node | undefined)?.hostname)[0]?.name);
    const result: HostResult = {
      ip,
      responsive: false,
      evidence: [],
      services: [],
      errors: [],
      ...(hostname ? { hostname } : {}),
    };
    if (mac)
      result.evidence.push(
        makeEvidence(
          { probe: 'nmap', ip, port: 0, transport: 'tcp', request: 'nmap MAC address' },
          'mac.address',
          mac,
        ),
      );
    for (const port of list((host.ports as Node | undefined)?.port)) {
      if ((port.state as Node | undefined)?.state !== 'open' || port.protocol !== 'tcp') continue;
      const { evidence, service } = portEvidence(ip, port);
      result.evidence.push(...evidence);
      result.services.push({ port: Number(port.portid), transport: 'tcp', service, status: 'ok' });
    }
    result.responsive = result.services.length > 0;
    if (result.responsive) hosts.push(result);
  }
  return hosts;
}
