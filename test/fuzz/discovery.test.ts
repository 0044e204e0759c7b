/**
 * Property tests for the vendor discovery parsers (SADP, DHIP, XiongMai search, SSDP, UPnP description): random bytes,
 * truncations and mutations of published sample packets (sources cited in
 * test/probes/discovery-parsers.test.ts; addresses rewritten to loopback there and here). None may throw,
 * and every output is bounded: strings ≤ 1024 characters without control characters, numbers small
 * integers, MACs canonical.
 */

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dhipSearch, parseDhipReply } from '../../src/probes/dhip/parse.js';
import { parseSadpReply, sadpInquiry } from '../../src/probes/sadp/parse.js';
import { parseSsdpResponse, parseUpnpDescription } from '../../src/probes/ssdp/parse.js';
import { parseXmSearchReply, xmSearchRequest } from '../../src/probes/xmsearch/parse.js';
import { CONTROL, mutated, RUNS, XML_RUNS } from '../helpers/fuzz.js';

const SAMPLES = {
  // julienblitte/UniversalScanner UniversalScanner/Hikvision.selftest (abridged to the fields we read)
  sadp:
    '<?xml version="1.0" encoding="UTF-8"?>\n<ProbeMatch><Uuid>11223344-5566-7788-9900-112233445566</Uuid>\n' +
    '<Types>inquiry</Types>\n<DeviceType>123456</DeviceType>\n<DeviceDescription>Virtual</DeviceDescription>\n' +
    '<DeviceSN>Virtual-123456789</DeviceSN>\n<CommandPort>8000</CommandPort>\n<HttpPort>80</HttpPort>\n' +
    '<MAC>00-11-22-33-44-55</MAC>\n<IPv4Address>127.0.0.1</IPv4Address>\n<IPv4SubnetMask>255.0.0.0</IPv4SubnetMask>\n' +
    '<IPv4Gateway>127.0.0.1</IPv4Gateway>\n<DHCP>false</DHCP>\n<AnalogChannelNum>0</AnalogChannelNum>\n' +
    '<DigitalChannelNum>1</DigitalChannelNum>\n<SoftwareVersion>V1.0build 200101</SoftwareVersion>\n' +
    '<DSPVersion>V1.0build 200101</DSPVersion>\n<BootTime>1970-01-01 00:00:00</BootTime>\n<Activated>true</Activated>\n' +
    '</ProbeMatch>\n',
  // Phenomite/AMP-Research "DVR IP Camera port 37810/README.md", IPC-HDW5421S reply body (abridged)
  dhip:
    '{ "mac" : "4c:11:bf:c2:0b:9d", "method" : "client.notifyDevInfo", "params" : { "deviceInfo" : { ' +
    '"DeviceClass" : "IPC", "DeviceType" : "IPC-HDW5421S", "HttpPort" : 80, "IPv4Address" : { ' +
    '"DefaultGateway" : "127.0.0.1", "DhcpEnable" : false, "IPAddress" : "127.0.0.140", "SubnetMask" : "255.255.255.0" }, ' +
    '"MachineName" : "1F006E4PAX00075", "Manufacturer" : "Private", "Port" : 37777, "SerialNo" : "1F006E4PAX00075", ' +
    '"Vendor" : "Dahua", "Version" : "2.400.0.8", "VideoInputChannels" : 1, "VideoOutputChannels" : 16 } } }',
  // ps3mediaserver/ps3mediaserver PR #100 reply and UniversalScanner UPnP.selftest NOTIFY
  ssdp:
    'HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1200\r\nDATE: Sat, 29 Dec 2012 00:38:56 GMT\r\n' +
    'LOCATION: http://127.0.0.6:5001/description/fetch\r\nSERVER: Windows_7-amd64-6.1, UPnP/1.0, PMS/1.80.0-SNAPSHOT\r\n' +
    'ST: urn:schemas-upnp-org:device:MediaServer:1\r\nEXT: \r\n' +
    'USN: uuid:1dcf238e-3a20-4035-a3b1-7f23dd19b944::urn:schemas-upnp-org:device:MediaServer:1\r\nContent-Length: 0\r\n\r\n',
  notify:
    'NOTIFY * HTTP/1.1\nHOST:239.255.255.250:1900\nCACHE-CONTROL:max-age=1810\nLOCATION:http://127.0.0.1/rootDesc.xml\n' +
    'SERVER: Universal Scanner/0.0, Virtual/1.0\nNT:uuid:unique-id-01234\nUSN:uuid:unique-id-01234\nNTS:ssdp:alive\n ',
  // bwp91/homebridge-platform-wemo issue #58, Belkin NetCam description (abridged)
  upnp:
    '<root xmlns="urn:Belkin:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion><device>' +
    '<deviceType>urn:Belkin:device:NetCamSensor:1</deviceType><friendlyName>Porch</friendlyName>' +
    '<manufacturer>Belkin International Inc.</manufacturer><manufacturerURL>http://www.belkin.com</manufacturerURL>' +
    '<modelDescription>Belkin Plugin Socket 1.0</modelDescription><modelName>NetCamHDv1</modelName>' +
    '<modelNumber>1.0</modelNumber><serialNumber>23A595V018F00C</serialNumber>' +
    '<UDN>uuid:NetCamSensor-1_0-23A595V018F00C</UDN><presentationURL>http://127.0.0.1/</presentationURL>' +
    '</device></root>',
};

function frame(body: Buffer, len1 = body.length, len2 = len1): Buffer {
  const h = Buffer.alloc(32);
  Buffer.from([0x20, 0, 0, 0, 0x44, 0x48, 0x49, 0x50]).copy(h);
  h.writeUInt32LE(len1 >>> 0, 16);
  h.writeUInt32LE(len2 >>> 0, 24);
  return Buffer.concat([h, body]);
}

const text = (sample: string, maxLength = 2000) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    mutated(sample),
    mutated(sample).chain((s) => mutated(s)),
  );
const bytes = (sample: string, maxLength = 2000) =>
  fc.oneof(
    fc.uint8Array({ maxLength }).map((b) => Buffer.from(b)),
    text(sample, maxLength).map((s) => Buffer.from(s, 'utf8')),
    text(sample, maxLength).map((s) => Buffer.from(s, 'latin1')),
  );

/** DHIP datagrams: random bytes, mutated bodies framed honestly, lying length fields, flipped header bytes. */
const dhipBytes = (() => {
  const real = frame(Buffer.from(SAMPLES.dhip));
  const u32 = fc.oneof(fc.nat({ max: 4096 }), fc.constantFrom(0, 0xffffffff, 0x7fffffff, real.length - 32));
  return fc.oneof(
    fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
    fc.uint8Array({ maxLength: 2000 }).map((b) => frame(Buffer.from(b))),
    text(SAMPLES.dhip).map((s) => frame(Buffer.from(s, 'utf8'))),
    fc.tuple(text(SAMPLES.dhip), u32, u32).map(([s, a, b]) => frame(Buffer.from(s, 'utf8'), a, b)),
    fc.nat({ max: real.length }).map((n) => real.subarray(0, n)),
    fc.tuple(fc.nat({ max: real.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([i, v]) => {
      const b = Buffer.from(real);
      b[i] = v;
      return b;
    }),
    fc.constant(dhipSearch(1)),
  );
})();

/** XiongMai search datagrams: the recorded reply (test/fixtures/xiongmai) mutated, reframed with lying lengths and ids. */
const xmBytes = (() => {
  const recorded = readFileSync(new URL('../fixtures/xiongmai/ipsearch-reply.json', import.meta.url), 'utf8');
  const xmFrame = (body: Buffer, id = 1531, len = body.length) => {
    const h = Buffer.alloc(20);
    h[0] = 0xff;
    h.writeUInt16LE(id, 14);
    h.writeUInt32LE(len >>> 0, 16);
    return Buffer.concat([h, body]);
  };
  const real = xmFrame(Buffer.from(recorded));
  return fc.oneof(
    fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
    text(recorded).map((s) => xmFrame(Buffer.from(s, 'utf8'))),
    fc
      .tuple(
        text(recorded),
        fc.constantFrom(1530, 1531, 0, 0xffff),
        fc.oneof(fc.nat({ max: 4096 }), fc.constant(0xffffffff)),
      )
      .map(([s, id, len]) => xmFrame(Buffer.from(s, 'utf8'), id, len)),
    fc.nat({ max: real.length }).map((n) => real.subarray(0, n)),
    fc.tuple(fc.nat({ max: real.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([i, v]) => {
      const b = Buffer.from(real);
      b[i] = v;
      return b;
    }),
    fc.constant(xmSearchRequest()),
  );
})();

function expectBounded(out: object | undefined) {
  if (out === undefined) return;
  expect(typeof out).toBe('object');
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'string') {
      expect(v.length, k).toBeGreaterThan(0);
      expect(v.length, k).toBeLessThanOrEqual(1024);
      expect(v, k).not.toMatch(CONTROL);
      if (k === 'mac') expect(v).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    } else if (typeof v === 'number') {
      expect(Number.isInteger(v), k).toBe(true);
      expect(v, k).toBeGreaterThanOrEqual(0);
      expect(v, k).toBeLessThanOrEqual(65535);
    } else {
      expect(typeof v, k).toBe('boolean');
    }
  }
}

describe('discovery parsers never throw and stay bounded', () => {
  it('parseSadpReply', () => {
    fc.assert(
      fc.property(bytes(SAMPLES.sadp), (b) => {
        const d = parseSadpReply(b);
        expectBounded(d);
        if (d)
          for (const k of ['model', 'serial', 'softwareVersion', 'oemInfo'] as const) {
            expect((d[k] ?? '').length).toBeLessThanOrEqual(256);
          }
      }),
      XML_RUNS,
    );
  });

  it('sadpInquiry always yields one well-formed Probe', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (u) => {
        const p = sadpInquiry(u);
        expect(p.match(/<Uuid>/g)?.length).toBe(1);
        expect(p).toMatch(/<Uuid>[0-9A-Fa-f-]{0,64}<\/Uuid>/);
        expect(parseSadpReply(Buffer.from(p))).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('parseDhipReply', () => {
    fc.assert(
      fc.property(dhipBytes, (b) => {
        const d = parseDhipReply(b);
        expectBounded(d);
        if (d && b.length >= 32) expect(b.readUInt32LE(16)).toBeLessThanOrEqual(b.length - 32);
      }),
      RUNS,
    );
  });

  it('parseXmSearchReply', () => {
    fc.assert(
      fc.property(xmBytes, (b) => {
        const d = parseXmSearchReply(b);
        expectBounded(d);
        if (d) expect(b.readUInt32LE(16)).toBeLessThanOrEqual(b.length - 20);
      }),
      RUNS,
    );
  });

  it('parseSsdpResponse', () => {
    fc.assert(
      fc.property(fc.oneof(bytes(SAMPLES.ssdp), bytes(SAMPLES.notify)), (b) => {
        const m = parseSsdpResponse(b);
        if (m) {
          const { kind, ...rest } = m;
          expect(['response', 'notify']).toContain(kind);
          expectBounded(rest);
          if (m.location) expect(m.location).toMatch(/^https?:\/\/\S+$/i);
          if (m.status !== undefined) expect(m.status).toBeGreaterThanOrEqual(100);
        }
      }),
      RUNS,
    );
  });

  it('parseUpnpDescription', () => {
    fc.assert(
      fc.property(text(SAMPLES.upnp, 4000), (s) => {
        expectBounded(parseUpnpDescription(s));
      }),
      XML_RUNS,
    );
  });
});
