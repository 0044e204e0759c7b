/**
 * Property tests for every parser that reads device (or nmap) output: random strings and
 * bytes, plus truncations and mutations of real samples. None may throw (parseNmapXml only its
 * documented "not valid nmap XML" / "not an nmap XML file" errors) and every output stays
 * inside its bounds. Runs are counted, not timed, so the file stays well under ten seconds.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanValue, MAX_EVIDENCE_VALUE } from '../../src/evidence/types.js';
import { nmapDn, parseNmapXml } from '../../src/identify/nmap.js';
import { baichuanHeader } from '../../src/probes/baichuan/index.js';
import { MAX_REMOTE_SLOTS, parseRemoteDevices } from '../../src/probes/dahua-cgi/parse.js';
import { DvripFrameError, FrameReader, HEADER_BYTES } from '../../src/probes/dvrip/frame.js';
import { parseLoginReply, parseSystemInfo, payloadJson } from '../../src/probes/dvrip/parse.js';
import { MAX_BDI_VALUE, parseAxisBdi } from '../../src/probes/http/axis-bdi.js';
import { authRealm, clientRedirect, htmlTitle, sameHostRedirect } from '../../src/probes/http/parse.js';
import { MAX_LAPI_REPLY, parseDeviceInfo as parseLapiDeviceInfo } from '../../src/probes/lapi/parse.js';
import { lenientReply } from '../../src/probes/net/http-lenient.js';
import { deviceInformation, parseSoapReply } from '../../src/probes/onvif/soap.js';
import { MAX_REOLINK_REPLY, parseDevInfo, parseLogin } from '../../src/probes/reolink/parse.js';
import { parseRtspHead, replyComplete, sdpOf } from '../../src/probes/rtsp/parse.js';
import { TooLargeError } from '../../src/probes/status.js';
import { formatDn } from '../../src/probes/tls/index.js';
import { parseProbeMatches } from '../../src/probes/wsdiscovery/parse.js';
import { CONTROL, expectBoundedStrings, mutated, RUNS, XML_RUNS } from '../helpers/fuzz.js';

const SDP = 'v=0\r\no=- 1109162014219182 0 IN IP4 0.0.0.0\r\ns=HIK Media Server V3.1.3\r\nt=0 0\r\n';
const SAMPLES = {
  rtspSdp: `RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: ${SDP.length}\r\n\r\n${SDP}`,
  rtsp:
    'RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Digest realm="Login to 4M0123PAZ01234", nonce="a1b2"\r\n' +
    'WWW-Authenticate: Basic realm="Login to 4M0123PAZ01234"\r\nServer: Rtsp Server/3.0\r\n\r\n',
  auth: 'Digest qop="auth", realm="IP Camera(C6821)", nonce="4e5468694e7a", stale="FALSE"',
  html:
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>WEB SERVICE &amp; Camera</title>' +
    '<script>window.location.href = "/doc/page/login.asp?_1700000000";</script></head><body></body></html>',
  soap:
    '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><SOAP-ENV:Body><tds:GetDeviceInformationResponse>' +
    '<tds:Manufacturer>HIKVISION</tds:Manufacturer><tds:Model>DS-2CD2043G0-I</tds:Model>' +
    '<tds:FirmwareVersion>V5.5.82 build 190909</tds:FirmwareVersion><tds:SerialNumber>DS-2CD2043G0-I20190101</tds:SerialNumber>' +
    '<tds:HardwareId>88</tds:HardwareId></tds:GetDeviceInformationResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>',
  fault:
    '<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault>' +
    '<env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:NotAuthorized</env:Value></env:Subcode></env:Code>' +
    '<env:Reason><env:Text xml:lang="en">Sender not Authorized</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>',
  probeMatches:
    '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery">' +
    '<SOAP-ENV:Body><d:ProbeMatches><d:ProbeMatch><wsa:EndpointReference><wsa:Address>urn:uuid:1</wsa:Address></wsa:EndpointReference>' +
    '<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types><d:Scopes>onvif://www.onvif.org/hardware/DS-2CD2043G0-I ' +
    'onvif://www.onvif.org/name/HIKVISION</d:Scopes><d:XAddrs>http://192.168.1.64/onvif/device_service</d:XAddrs>' +
    '</d:ProbeMatch></d:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>',
  nodeDn: 'C=CN\nST=ZheJiang\nL=HangZhou\nO=Zhejiang Dahua Technology CO.\\,LTD.\nCN=NVR',
  nmapDn: 'commonName=NVR/organizationName=ZheJiang Dahua Technology CO.,LTD./countryName=CN',
  nmap: readFileSync(new URL('../fixtures/nmap/lab-fleet.xml', import.meta.url), 'utf8'),
  // A real nmap run with every evidence script (upnp-info, fingerprint-strings, ssl-cert tables).
  nmapScripts: readFileSync(new URL('../fixtures/nmap/lab-scripts.xml', import.meta.url), 'utf8'),
  remoteDevice: readFileSync(
    new URL('../fixtures/dahua/with-passwords-remote-device.txt', import.meta.url),
    'utf8',
  ),
  // ahmofrad/netbox-sync tests/test_unv_parsers.py @4c16ca9a14ca7044fe790e1885cc08b552366fd3 (an NVR302-16S2's LAPI DeviceInfo).
  lapi:
    '{"Response": {"ResponseURL": "/LAPI/V1.0/System/DeviceInfo", "ResponseCode": 0, "ResponseString": "Succeed", ' +
    '"StatusCode": 0, "Data": {"ID": 0, "DeviceName": "NVR302-16S2", "DeviceType": 1, "DeviceModel": "NVR302-16S2", ' +
    '"SerialNumber": "210235XAX93239000081", "FirmwareVersion": "NVR-B3601.37.45.230825"}}}',
  // Reolink's Camera HTTP API User Guide v7 (starkillerOG/reolink_aio doc/ @fe9048d6b0dace7be4071120c7ae287b856f5618), GetDevInfo.
  reolinkDevInfo:
    '[ { "cmd" : "GetDevInfo", "code" : 0, "value" : { "DevInfo" : { "B485" : 1, "IOInputNum" : 0, "IOOutputNum" : 0, ' +
    '"audioNum" : 16, "buildDay" : "build 20080734", "cfgVer" : "v3.0.0.0", "channelNum" : 16, "detail" : "NVR652410104001000200000", ' +
    '"diskNum" : 2, "exactType" : "NVR", "firmVer" : "v3.0.0.59_20080734", "frameworkVer" : 1, "hardVer" : "H3MB18", ' +
    '"model" : "RLN16-410", "name" : "NVR", "pakSuffix" : "pak,paks", "serial" : "00000000000000", "type" : "NVR", "wifi" : 0 } } } ]',
  // https://developer.axis.com/vapix/network-video/basic-device-information/ (an AXIS Q1785-LE's anonymous getAllUnrestrictedProperties answer).
  axisBdi:
    '{"apiVersion": "1.2", "context": "Client defined request ID", "data": {"propertyList": {"Brand": "AXIS", ' +
    '"BuildDate": "Aug 04 2020 11:15", "HardwareID": "75E.1", "ProdFullName": "AXIS Q1785-LE Network Camera", ' +
    '"ProdNbr": "Q1785-LE", "ProdShortName": "AXIS Q1785-LE", "ProdType": "Network Camera", "ProdVariant": "", ' +
    '"SerialNumber": "ACCC8EAF8C30", "Version": "8.20.1", "WebURL": "http://www.axis.com"}}}',
  // https://github.com/home-assistant/core/issues/103241 (reolink_aio debug log: the RLC-511's Login answer).
  reolinkLogin:
    '[ { "cmd" : "Login", "code" : 0, "value" : { "Token" : { "leaseTime" : 3600, "name" : "49982c56fcf48ce" } } } ]',
};

/** Random text of every kind, or a mutation of `sample`. */
const input = (sample: string, maxLength = 2000) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.uint8Array({ maxLength }).map((b) => Buffer.from(b).toString('latin1')),
    mutated(sample),
    mutated(sample).chain((s) => mutated(s)),
  );
const bytes = (sample: string, maxLength = 2000) =>
  fc.oneof(
    fc.uint8Array({ maxLength }).map((b) => Buffer.from(b)),
    input(sample, maxLength).map((s) => Buffer.from(s, 'utf8')),
    input(sample, maxLength).map((s) => Buffer.from(s, 'latin1')),
  );

describe('http parsers', () => {
  it('authRealm returns a bounded realm or nothing', () => {
    fc.assert(
      fc.property(fc.option(input(SAMPLES.auth), { nil: undefined }), (h) => {
        const r = authRealm(h);
        expect(r === undefined || (typeof r === 'string' && r.length <= 512)).toBe(true);
      }),
      RUNS,
    );
  });

  it('htmlTitle returns a bounded title or nothing', () => {
    fc.assert(
      fc.property(input(SAMPLES.html, 4000), (body) => {
        const t = htmlTitle(body);
        expect(t === undefined || t.length <= 1024).toBe(true);
      }),
      RUNS,
    );
  });

  it('clientRedirect returns a short quote-free path or nothing', () => {
    fc.assert(
      fc.property(input(SAMPLES.html, 4000), (body) => {
        const r = clientRedirect(body);
        if (r !== undefined) {
          expect(r.length).toBeGreaterThan(0);
          expect(r.length).toBeLessThanOrEqual(200);
          expect(r).not.toMatch(/["'<>\s]/);
        }
      }),
      RUNS,
    );
  });

  it('sameHostRedirect never leaves the host or the scheme', () => {
    const base = fc.constantFrom(
      'http://127.0.0.1:80/',
      'https://10.0.0.5:8443/doc/page/login.asp',
      'http://[::1]/',
    );
    const location = fc.option(
      fc.oneof(
        input('/doc/page/login.asp?x=1', 200),
        fc.webUrl(),
        fc.constantFrom('//evil.example/', 'http://127.0.0.1@evil/', 'javascript:alert(1)', '\\\\evil\\x'),
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(base, location, (b, loc) => {
        const r = sameHostRedirect(b, loc);
        if (r !== undefined) {
          const from = new URL(b);
          const to = new URL(r);
          expect(to.host).toBe(from.host);
          expect(to.protocol).toBe(from.protocol);
        }
      }),
      RUNS,
    );
  });
});

describe('lenient HTTP reading', () => {
  it('lenientReply makes a bounded reply or nothing of any bytes, a malformed answer included', () => {
    const answer =
      'HTTP/1.1 200 OK\r\nServer : GoaHead\r\nTue, 12 Jun 2012 01:56:34 GMT\r\nContent-Type:text/html\r\n' +
      'Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n';
    fc.assert(
      fc.property(fc.oneof(mutated(answer), fc.string({ maxLength: 4096 })), fc.boolean(), (raw, cut) => {
        const r = lenientReply(Buffer.from(raw, 'latin1'), 256, cut);
        if (!r) return;
        expect(r.status).toBeGreaterThanOrEqual(100);
        expect(r.status).toBeLessThanOrEqual(999);
        expect(r.body.length).toBeLessThanOrEqual(256);
        for (const v of Object.values(r.headers)) expect(CONTROL.test(v)).toBe(false);
      }),
      RUNS,
    );
  });
});

describe('rtsp parser', () => {
  it('parseRtspHead returns a typed result with a 3-digit status and bounded headers', () => {
    fc.assert(
      fc.property(bytes(SAMPLES.rtsp), (data) => {
        const r = parseRtspHead(data);
        if (r.ok) {
          expect(Number.isInteger(r.value.status)).toBe(true);
          expect(r.value.status).toBeGreaterThanOrEqual(0);
          expect(r.value.status).toBeLessThanOrEqual(999);
          expect(Object.keys(r.value.headers).length).toBeLessThanOrEqual(99);
        } else {
          expect(r.reason.length).toBeLessThan(120);
        }
      }),
      RUNS,
    );
  });

  it('a body is never longer than what came after the head, and a description only follows a 200', () => {
    fc.assert(
      fc.property(bytes(SAMPLES.rtspSdp), (data) => {
        expect(typeof replyComplete(data)).toBe('boolean');
        const r = parseRtspHead(data);
        if (!r.ok) return;
        // Each character of the body came from at least one byte after the head.
        expect(r.value.body.length).toBeLessThan(data.length);
        const sdp = sdpOf(r.value);
        if (sdp !== undefined) expect(r.value.status).toBe(200);
      }),
      RUNS,
    );
  });
});

describe('dvrip frames and payloads', () => {
  // https://github.com/sofia-netsurv/python-netsurv/issues/7 (SystemInfo reply, abridged to its identity keys).
  const reply =
    '{ "Name" : "SystemInfo", "Ret" : 100, "SessionID" : "0x00000001", "SystemInfo" : { "DeviceModel" : "RA50X20", "HardWare" : "XM530_RA50X20_8M", "SerialNo" : "e976aa836ddfa704", "SoftWareVersion" : "V5.00.R02.00030665.10010.243506.0000000" } }';
  const framed = (body: Buffer) => {
    const h = Buffer.alloc(HEADER_BYTES);
    h[0] = 0xff;
    h.writeUInt16LE(1021, 14);
    h.writeUInt32LE(body.length, 16);
    return Buffer.concat([h, body]);
  };

  it('FrameReader yields bounded frames or throws only its two documented errors, however the bytes are cut', () => {
    const max = 4096;
    fc.assert(
      fc.property(
        fc.oneof(bytes(reply).map(framed), bytes(reply)),
        fc.array(fc.nat(), { maxLength: 8 }),
        (data, cuts) => {
          const r = new FrameReader(max);
          const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
          let from = 0;
          try {
            for (const to of [...points, data.length]) {
              for (const f of r.push(data.subarray(from, to)))
                expect(f.payload.length).toBeLessThanOrEqual(max);
              from = to;
            }
          } catch (err) {
            expect(err instanceof DvripFrameError || err instanceof TooLargeError).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });

  it('payloadJson and the reply parsers never throw and keep only strings and numbers', () => {
    fc.assert(
      fc.property(bytes(reply), (data) => {
        const o = payloadJson(data);
        if (!o) return;
        const login = parseLoginReply(o);
        if (login) expect(typeof login.ret).toBe('number');
        const info = parseSystemInfo(o)?.info ?? {};
        for (const v of Object.values(info)) expect(typeof v).toBe('string');
      }),
      RUNS,
    );
  });
});

describe('Baichuan answer header', () => {
  // A Reolink camera's recorded encryption offer (test/fixtures/reolink/baichuan-login.yaml), as latin1 text.
  const offer = Buffer.from(
    'f0debc0a01000000910000000000000101dd14662312442636490e9a6d5e5524',
    'hex',
  ).toString('latin1');
  it('baichuanHeader returns nothing or a 20- or 24-byte header that starts with the magic', () => {
    fc.assert(
      fc.property(bytes(offer), (data) => {
        const h = baichuanHeader(data);
        if (!h) return;
        expect([20, 24]).toContain(h.length);
        expect(h.readUInt32LE(0)).toBe(0x0abcdef0);
      }),
      RUNS,
    );
  });
});

describe('onvif and ws-discovery parsers', () => {
  it('parseSoapReply classifies anything as body, fault or invalid', () => {
    fc.assert(
      fc.property(fc.oneof(input(SAMPLES.soap), input(SAMPLES.fault)), (xml) => {
        const r = parseSoapReply(xml);
        expect(['body', 'fault', 'invalid']).toContain(r.kind);
        if (r.kind === 'body') {
          const di = deviceInformation(r.body);
          if (di)
            for (const v of Object.values(di)) expect(v === undefined || typeof v === 'string').toBe(true);
        }
        if (r.kind === 'fault') expect(typeof r.reason).toBe('string');
      }),
      XML_RUNS,
    );
  });

  it('deviceInformation takes any object shape', () => {
    fc.assert(
      fc.property(fc.object({ maxDepth: 3 }), fc.anything({ maxDepth: 2 }), (obj, inner) => {
        deviceInformation(obj as Record<string, unknown>);
        const di = deviceInformation({ GetDeviceInformationResponse: inner });
        if (di)
          for (const v of Object.values(di)) expect(v === undefined || typeof v === 'string').toBe(true);
      }),
      RUNS,
    );
  });

  it('parseProbeMatches keeps at most 16 matches of at most 64 words each', () => {
    fc.assert(
      fc.property(bytes(SAMPLES.probeMatches), (data) => {
        const r = parseProbeMatches(data);
        if (r === undefined) return;
        expect(r.length).toBeLessThanOrEqual(16);
        for (const m of r) {
          for (const list of [m.types, m.scopes, m.xaddrs]) {
            expect(list.length).toBeLessThanOrEqual(64);
            for (const w of list) expect(typeof w).toBe('string');
          }
        }
      }),
      XML_RUNS,
    );
  });
});

describe('certificate names', () => {
  it('formatDn returns a string without line breaks, or nothing', () => {
    fc.assert(
      fc.property(fc.option(input(SAMPLES.nodeDn, 500), { nil: undefined }), (dn) => {
        const r = formatDn(dn);
        if (r !== undefined) {
          expect(typeof r).toBe('string');
          expect(r).not.toContain('\n');
        }
      }),
      RUNS,
    );
  });

  it('a header named like an object member is an ordinary header (RTSP, lenient HTTP)', () => {
    const rtsp = parseRtspHead(Buffer.from('RTSP/1.0 200 OK\r\nconstructor: x\r\ntoString: y\r\n\r\n'));
    expect(rtsp.ok && rtsp.value.headers.constructor).toBe('x');
    expect(rtsp.ok && rtsp.value.headers.tostring).toBe('y');
    const http = lenientReply(Buffer.from('HTTP/1.1 200 OK\r\nconstructor: z\r\n\r\n'), 4096, false);
    expect(http?.headers.constructor).toBe('z');
  });

  it('nmapDn reads an attribute named like an object member as text (a fuzz find)', () => {
    // DN_NAMES was an object literal: `constructor` found Object's constructor and printed its source.
    expect(nmapDn('constructor=x')).toBe('constructor=x');
    expect(nmapDn('commonName=NVR/toString=y')).toBe('CN=NVR, toString=y');
  });

  it('nmapDn returns a string no longer than a few characters per input character', () => {
    fc.assert(
      fc.property(input(SAMPLES.nmapDn, 500), (text) => {
        const r = nmapDn(text);
        expect(typeof r).toBe('string');
        // Each part gains at most ", " and a shortened or unchanged key.
        expect(r.length).toBeLessThanOrEqual(text.length * 3 + 2);
      }),
      RUNS,
    );
  });
});

describe('nmap XML', () => {
  const documented = /^(not valid nmap XML|not an nmap XML file)/;
  it('parseNmapXml returns hosts with bounded evidence or throws only its documented error', () => {
    fc.assert(
      fc.property(
        fc.oneof(input(SAMPLES.nmap, 3000), mutated(SAMPLES.nmap), mutated(SAMPLES.nmapScripts)),
        (xml) => {
          let hosts: ReturnType<typeof parseNmapXml>;
          try {
            hosts = parseNmapXml(xml);
          } catch (err) {
            expect(err).toBeInstanceOf(Error);
            expect((err as Error).message).toMatch(documented);
            return;
          }
          for (const h of hosts) {
            expect(typeof h.ip).toBe('string');
            expect(h.errors.length).toBeLessThanOrEqual(64);
            for (const e of h.evidence) {
              expect(e.value.length).toBeLessThanOrEqual(MAX_EVIDENCE_VALUE);
              expect(e.value).not.toMatch(CONTROL);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('parseNmapXml does not expand an entity bomb', () => {
    let dtd = '<!ENTITY lol0 "lollollollollollollollollollol">';
    for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    const xml =
      `<?xml version="1.0"?><!DOCTYPE nmaprun [${dtd}]><nmaprun><host><address addr="10.0.0.1" addrtype="ipv4"/>` +
      '<ports><port protocol="tcp" portid="80"><state state="open"/><service name="http"/>' +
      '<script id="http-title" output="&lol9;"/><script id="http-server-header" output="x">&lol9;</script>' +
      '</port></ports></host></nmaprun>';
    let out = '';
    try {
      out = JSON.stringify(parseNmapXml(xml));
    } catch (err) {
      expect((err as Error).message).toMatch(documented);
    }
    expect(out.length).toBeLessThan(100_000);
  });
});

describe('cleanValue', () => {
  it('is bounded, trimmed, free of control characters and idempotent', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 3000 }), fc.string({ unit: 'binary', maxLength: 3000 })),
        fc.option(fc.integer({ min: 0, max: 4096 }), { nil: undefined }),
        (raw, max) => {
          const limit = max ?? MAX_EVIDENCE_VALUE;
          const v = cleanValue(raw, max);
          expect(v.length).toBeLessThanOrEqual(limit);
          expect(v).not.toMatch(CONTROL);
          expect(v).not.toMatch(/[\s\u00a0]{2}/);
          // A value cut at the limit may end in the space the cut left; below it, trimmed and stable.
          if (v.length < limit) {
            expect(v).toBe(v.trim());
            expect(cleanValue(v, max)).toBe(v);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('Dahua RemoteDevice', () => {
  it('parseRemoteDevices never throws, stays bounded and never keeps a login', () => {
    fc.assert(
      fc.property(input(SAMPLES.remoteDevice, 4000), (s) => {
        const list = parseRemoteDevices(s);
        if (!list) return;
        expect(list.length).toBeLessThanOrEqual(MAX_REMOTE_SLOTS);
        for (const d of list) {
          expect(d.channel).toBeGreaterThanOrEqual(1);
          for (const v of Object.values(d)) expect(String(v).length).toBeLessThanOrEqual(200);
          expect(JSON.stringify(d)).not.toMatch(/cam-secret/);
        }
      }),
      RUNS,
    );
  });
});

describe('Reolink api.cgi', () => {
  it('parseDevInfo and parseLogin never throw and return only bounded strings and safe tokens', () => {
    fc.assert(
      fc.property(input(SAMPLES.reolinkDevInfo), (s) => {
        expectBoundedStrings(Object.values(parseDevInfo(s) ?? {}), MAX_REOLINK_REPLY);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(input(SAMPLES.reolinkLogin), (s) => {
        const login = parseLogin(s);
        if (login?.kind === 'token') expect(login.token).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      }),
      RUNS,
    );
  });
});

describe('Uniview LAPI', () => {
  it('parseDeviceInfo never throws and returns only bounded strings', () => {
    fc.assert(
      fc.property(input(SAMPLES.lapi), (s) => {
        const info = parseLapiDeviceInfo(s);
        if (!info) return;
        expect(Object.keys(info).sort()).toEqual(['firmware', 'mac', 'manufacturer', 'model', 'serial']);
        expectBoundedStrings(Object.values(info), MAX_LAPI_REPLY);
        if (info.mac) expect(info.mac).toMatch(/^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/);
      }),
      RUNS,
    );
  });
});

describe('Axis basic device information', () => {
  it('parseAxisBdi never throws and returns only bounded, clean strings naming a brand or model', () => {
    fc.assert(
      fc.property(input(SAMPLES.axisBdi), (s) => {
        const info = parseAxisBdi(s);
        if (!info) return;
        expect(info.brand ?? info.model).toBeDefined();
        expectBoundedStrings(Object.values(info), MAX_BDI_VALUE, true);
      }),
      RUNS,
    );
  });
});
