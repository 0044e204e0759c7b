/**
 * Pure parsers fed real packets, every truncation of them, and random bytes: they return a
 * value or a typed failure, never throw.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { faviconMmh3, murmur3x86_32 } from '../../src/probes/http/favicon.js';
import {
  authRealm,
  bodyText,
  clientRedirect,
  declaredCharset,
  htmlTitle,
  sameHostRedirect,
} from '../../src/probes/http/parse.js';
import { deviceInformation, parseSoapReply } from '../../src/probes/onvif/soap.js';
import { parseRtspHead } from '../../src/probes/rtsp/parse.js';
import { parseProbeMatches } from '../../src/probes/wsdiscovery/parse.js';

// Shaped like the Dahua RTSP 401 in scottlamb/retina issue #62 (realm "Login to <serial>"); serial from rroller/dahua issues.
const RTSP_401 =
  'RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Digest realm="Login to 4X7C5A1ZAG21L3F", nonce="a1b2"\r\nServer: Dahua Rtsp Server\r\n\r\n';

const SOAP_FAULT =
  '<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error">' +
  '<env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:NotAuthorized</env:Value></env:Subcode></env:Code>' +
  '<env:Reason><env:Text xml:lang="en">Sender not Authorized</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>';

const DEVICE_INFO =
  '<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body>' +
  '<tds:GetDeviceInformationResponse><tds:Manufacturer>LOREX</tds:Manufacturer><tds:Model>LNB8973B</tds:Model>' +
  '<tds:FirmwareVersion>2.460.0001.5.R, Build Date 2017-08-11</tds:FirmwareVersion><tds:SerialNumber>ND021808019141</tds:SerialNumber>' +
  '<tds:HardwareId>1.00</tds:HardwareId></tds:GetDeviceInformationResponse></s:Body></s:Envelope>';

const PROBE_MATCHES =
  '<?xml version="1.0"?><e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" xmlns:w="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery">' +
  '<e:Body><d:ProbeMatches><d:ProbeMatch><w:EndpointReference><w:Address>urn:uuid:1</w:Address></w:EndpointReference>' +
  '<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>' +
  '<d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/hardware/DS-2CD2143G0-I</d:Scopes>' +
  '<d:XAddrs>http://127.0.0.1/onvif/device_service</d:XAddrs></d:ProbeMatch></d:ProbeMatches></e:Body></e:Envelope>';

function noThrowOnAnyPrefix(sample: string, parse: (b: Buffer) => unknown) {
  const buf = Buffer.from(sample);
  for (let i = 0; i <= buf.length; i++) expect(() => parse(buf.subarray(0, i))).not.toThrow();
  for (let i = 0; i < 200; i++) expect(() => parse(randomBytes(1 + (i % 97) * 13))).not.toThrow();
}

describe('page text', () => {
  it('reads UTF-8 as UTF-8 and anything else as ISO-8859-1', () => {
    // A signature example of fingerprints/http-title.yaml (CP Plus DVR) with an en dash, E2 80 93 in UTF-8.
    expect(bodyText(Buffer.from('CPPLUS DVR –Web View', 'utf8'), false)).toBe('CPPLUS DVR –Web View');
    expect(bodyText(Buffer.from('Caméra réseau Über', 'latin1'), false)).toBe('Caméra réseau Über');
    // A UTF-8 page cut inside its last character at the size bound is still UTF-8.
    const cut = Buffer.from('Kamera – Übersicht', 'utf8');
    expect(bodyText(cut.subarray(0, cut.length - 1), true)).toBe('Kamera – Übersich');
    // A complete page whose last byte is not UTF-8 is not trimmed to make it so.
    expect(bodyText(Buffer.from('café', 'latin1'), false)).toBe('café');
    // Undeclared and not UTF-8: windows-1252, as a browser shows it (0x96 is the en dash).
    expect(bodyText(Buffer.from([0x41, 0x96, 0x42]), false)).toBe('A–B');
  });

  it('takes the charset from the Content-Type header first, then from a meta tag', () => {
    const meta = Buffer.from(
      '<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=gb2312">',
    );
    expect(declaredCharset('text/html; charset="big5"', meta)).toBe('big5');
    expect(declaredCharset('text/html', meta)).toBe('gb2312');
    expect(declaredCharset(undefined, Buffer.from("<meta charset='euc-kr'>"))).toBe('euc-kr');
    expect(declaredCharset('text/html', Buffer.from('<html><title>x</title>'))).toBeUndefined();
  });
});

describe('rtsp head parser', () => {
  it('reads status, Server and realm', () => {
    const r = parseRtspHead(Buffer.from(RTSP_401));
    expect(r.ok && r.value.status).toBe(401);
    expect(r.ok && r.value.headers.server).toBe('Dahua Rtsp Server');
    expect(authRealm(r.ok ? r.value.headers['www-authenticate'] : undefined)).toBe(
      'Login to 4X7C5A1ZAG21L3F',
    );
  });
  it('rejects non-RTSP and survives truncation and noise', () => {
    expect(parseRtspHead(Buffer.from('HTTP/1.1 200 OK\r\n\r\n')).ok).toBe(false);
    noThrowOnAnyPrefix(RTSP_401, parseRtspHead);
  });
});

describe('http extractors', () => {
  it('finds realms in Basic and Digest headers', () => {
    expect(authRealm('Basic realm="hikvision"')).toBe('hikvision');
    expect(authRealm('Digest qop="auth", realm="IP Camera(C2358)", nonce="x"')).toBe('IP Camera(C2358)');
    expect(authRealm('Basic realm=Device_CGI')).toBe('Device_CGI');
    expect(authRealm('Negotiate')).toBeUndefined();
  });
  it('reads a title and decodes entities', () => {
    expect(htmlTitle('<html><head><TITLE> A &amp; B </TITLE>')).toBe('A & B');
    expect(htmlTitle('<title>unterminated')).toBeUndefined();
  });
  it('follows redirects only within the same host', () => {
    expect(sameHostRedirect('http://127.0.0.5:80/', '/doc/page/login.asp')).toBe(
      'http://127.0.0.5/doc/page/login.asp',
    );
    expect(sameHostRedirect('http://127.0.0.5/', 'http://192.168.1.64/doc/page/login.asp')).toBeUndefined();
    expect(sameHostRedirect('http://127.0.0.5/', 'https://127.0.0.5/')).toBeUndefined();
    expect(sameHostRedirect('http://127.0.0.5/', 'http://[::1')).toBeUndefined();
    expect(clientRedirect('<script>window.location.href = "/doc/page/login.asp?_" </script>')).toBe(
      '/doc/page/login.asp?_',
    );
  });

  it.each([
    // The meta refreshes of camera start pages that fingerprints/http-body.yaml cites.
    [
      '<META HTTP-EQUIV="Refresh" CONTENT="0; URL=/view/viewer_index.shtml?id=1">',
      '/view/viewer_index.shtml?id=1',
    ],
    ['<META HTTP-EQUIV="Refresh" CONTENT="1;URL=CgiStart">', 'CgiStart'],
    [
      '<meta http-equiv="refresh" content="0; url=/cgi-bin/videoconfiguration.cgi">',
      '/cgi-bin/videoconfiguration.cgi',
    ],
    ['<meta http-equiv="refresh" content="0;url=/login.html?1600&1">', '/login.html?1600&1'],
    ["<meta content='2; url=/index.html' http-equiv='refresh'>", '/index.html'],
    ["<script>location.replace('/doc/index.html')</script>", '/doc/index.html'],
  ])('finds the client-side redirect in %s', (body, target) => {
    expect(clientRedirect(`<html><head>${body}</head></html>`)).toBe(target);
  });

  it('finds none in a refresh without a URL or a page without a redirect', () => {
    expect(clientRedirect('<meta http-equiv="refresh" content="30">')).toBeUndefined();
    expect(clientRedirect('<meta name="description" content="0; url=/x">')).toBeUndefined();
    expect(clientRedirect('<title>Login</title>')).toBeUndefined();
  });
});

describe('favicon hashes', () => {
  it('computes MurmurHash3 x86_32 like the reference implementation', () => {
    // Reference values of MurmurHash3_x86_32 with seed 0 (smhasher test vectors).
    expect(murmur3x86_32(Buffer.from(''))).toBe(0);
    expect(murmur3x86_32(Buffer.from('foo')) | 0).toBe(-156908512);
    expect(murmur3x86_32(Buffer.from('hello'))).toBe(0x248bfa47);
  });
  it('hashes base64 text wrapped at 76 columns, as Shodan does', () => {
    expect(() => faviconMmh3(randomBytes(300))).not.toThrow();
    expect(faviconMmh3(Buffer.alloc(0))).toBe(String(murmur3x86_32(Buffer.from('\n')) | 0));
  });
});

describe('onvif soap', () => {
  it('recognises NotAuthorized faults', () => {
    const r = parseSoapReply(SOAP_FAULT);
    expect(r.kind === 'fault' && r.notAuthorized).toBe(true);
  });
  it('reads GetDeviceInformation', () => {
    const r = parseSoapReply(DEVICE_INFO);
    expect(r.kind).toBe('body');
    expect(r.kind === 'body' && deviceInformation(r.body)).toEqual({
      manufacturer: 'LOREX',
      model: 'LNB8973B',
      firmware: '2.460.0001.5.R, Build Date 2017-08-11',
      serial: 'ND021808019141',
      hardwareId: '1.00',
    });
  });
  it('survives truncation, noise and entity tricks', () => {
    noThrowOnAnyPrefix(DEVICE_INFO, (b) => parseSoapReply(b.toString('utf8')));
    const bomb = `<!DOCTYPE x [<!ENTITY a "${'A'.repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;&b;&b;</x>`;
    expect(parseSoapReply(bomb).kind).toBe('invalid');
  });
});

describe('ws-discovery ProbeMatches', () => {
  it('reads types, scopes and XAddrs', () => {
    const [m] = parseProbeMatches(Buffer.from(PROBE_MATCHES)) ?? [];
    expect(m?.types).toEqual(['dn:NetworkVideoTransmitter', 'tds:Device']);
    expect(m?.scopes).toContain('onvif://www.onvif.org/hardware/DS-2CD2143G0-I');
    expect(m?.xaddrs).toEqual(['http://127.0.0.1/onvif/device_service']);
  });
  it('survives truncation and noise', () => {
    noThrowOnAnyPrefix(PROBE_MATCHES, parseProbeMatches);
  });
  it('reads a datagram that ends in NULs (a C buffer sent whole) as without them', () => {
    expect(parseProbeMatches(Buffer.from(`${PROBE_MATCHES}\0\0`))).toEqual(
      parseProbeMatches(Buffer.from(PROBE_MATCHES)),
    );
  });
});
