/**
 * Vendor discovery parsers (SADP, DHIP, SSDP/UPnP) against published sample packets. Every fixture
 * names its source; private (and public) IPv4 addresses in them were rewritten to 127.x loopback
 * addresses, and public IPv6 addresses to the 2001:db8:: documentation prefix, as noted per fixture.
 */
import { describe, expect, it } from 'vitest';
import { normaliseMac } from '../../src/evidence/mac.js';
import { DHIP_HEADER_LENGTH, dhipBody, dhipSearch, parseDhipReply } from '../../src/probes/dhip/parse.js';
import { parseSadpReply, sadpInquiry } from '../../src/probes/sadp/parse.js';
import { parseSsdpResponse, parseUpnpDescription } from '../../src/probes/ssdp/parse.js';
import { DHIP_VTO_REPLY } from '../helpers/dhip-captures.js';
import { SADP_DS2CD2022WD_REPLY } from '../helpers/sadp-captures.js';
import { SSDP_NOTIFY, ssdpDahuaReply } from '../helpers/ssdp-captures.js';

// ---------- fixtures ----------

// julienblitte/UniversalScanner UniversalScanner/Hikvision.selftest (commit 1da5548): the SADP ProbeMatch
// the scanner replays as its Hikvision self-test. Verbatim; its addresses are already 127.0.0.1.
const SADP_UNIVERSALSCANNER = `<?xml version="1.0" encoding="UTF-8"?>
<ProbeMatch><Uuid>11223344-5566-7788-9900-112233445566</Uuid>
<Types>inquiry</Types>
<DeviceType>123456</DeviceType>
<DeviceDescription>Virtual</DeviceDescription>
<DeviceSN>Virtual-123456789</DeviceSN>
<CommandPort>8000</CommandPort>
<HttpPort>80</HttpPort>
<MAC>00-11-22-33-44-55</MAC>
<IPv4Address>127.0.0.1</IPv4Address>
<IPv4SubnetMask>255.0.0.0</IPv4SubnetMask>
<IPv4Gateway>127.0.0.1</IPv4Gateway>
<IPv6Address>::</IPv6Address>
<IPv6Gateway>::</IPv6Gateway>
<IPv6MaskLen>64</IPv6MaskLen>
<DHCP>false</DHCP>
<AnalogChannelNum>0</AnalogChannelNum>
<DigitalChannelNum>1</DigitalChannelNum>
<SoftwareVersion>V1.0build 200101</SoftwareVersion>
<DSPVersion>V1.0build 200101</DSPVersion>
<BootTime>1970-01-01 00:00:00</BootTime>
<ResetAbility>false</ResetAbility>
<DiskNumber>0</DiskNumber>
<Activated>true</Activated>
<PasswordResetAbility>true</PasswordResetAbility>
<PasswordResetModeSecond>true</PasswordResetModeSecond>
<SupportHCPlatform>true</SupportHCPlatform>
<HCPlatformEnable>flase</HCPlatformEnable>
<IsModifyVerificationCode>true</IsModifyVerificationCode>
</ProbeMatch>
`;

// cameronnewman/hikvision-tooling internal/sadp/scanner_test.go, TestParseResponse "valid ProbeMatch".
// IPv4Address 192.168.1.100 rewritten to 127.0.0.100.
const SADP_HIKTOOLING = `<?xml version="1.0" encoding="utf-8"?>
<ProbeMatch>
    <Uuid>test-uuid</Uuid>
    <MAC>aa-bb-cc-dd-ee-ff</MAC>
    <IPv4Address>127.0.0.100</IPv4Address>
    <DeviceType>TestDevice</DeviceType>
    <Activated>true</Activated>
</ProbeMatch>`;

// A DHIP reply body published in Phenomite/AMP-Research "DVR IP Camera port 37810/README.md" ("DVR
// DHCPDiscover (multiple CCTV products) UDP-MIB", "Example Request / Response"; a real Dahua IPC-HDW5421S answering on the
// Internet). Body verbatim except: IPv4 218.5.136.140 / .1 rewritten to 127.0.0.140 / 127.0.0.1, the
// public IPv6 2001:250:3000:1::1:x rewritten to 2001:db8::1:x. The write-up shows the 32-byte header
// only as unprintable bytes, so it is rebuilt below with the framing of UniversalScanner Dahua2.cs.
const DHIP_IPC_BODY =
  '{ "mac" : "4c:11:bf:c2:0b:9d", "method" : "client.notifyDevInfo", "params" : { "deviceInfo" : { ' +
  '"AlarmInputChannels" : 0, "AlarmOutputChannels" : 0, "DeviceClass" : "IPC", "DeviceType" : "IPC-HDW5421S", ' +
  '"HttpPort" : 80, "IPv4Address" : { "DefaultGateway" : "127.0.0.1", "DhcpEnable" : false, ' +
  '"IPAddress" : "127.0.0.140", "SubnetMask" : "255.255.255.0" }, "IPv6Address" : { ' +
  '"DefaultGateway" : "2001:db8::1:1", "DhcpEnable" : false, "IPAddress" : "2001:db8::1:2\\/112", ' +
  '"LinkLocalAddress" : "fe80::4e11:bfff:fec2:0b9d\\/64" }, "MachineName" : "1F006E4PAX00075", ' +
  '"Manufacturer" : "Private", "Port" : 37777, "RemoteVideoInputChannels" : 0, "SerialNo" : "1F006E4PAX00075", ' +
  '"Vendor" : "Dahua", "Version" : "2.400.0.8", "VideoInputChannels" : 1, "VideoOutputChannels" : 16 } } }';

/** DHIP framing as in UniversalScanner Dahua2.cs: 32-byte header, both length fields = body length. */
function dhipFrame(body: string | Buffer, len1?: number, len2?: number): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const h = Buffer.alloc(DHIP_HEADER_LENGTH);
  Buffer.from([0x20, 0, 0, 0, 0x44, 0x48, 0x49, 0x50]).copy(h);
  h.writeUInt32LE(len1 ?? b.length, 16);
  h.writeUInt32LE(len2 ?? len1 ?? b.length, 24);
  return Buffer.concat([h, b]);
}

// ps3mediaserver/ps3mediaserver pull request #100 ("Respond to M-SEARCH message ssdp:all"): the reply PMS
// logged sending, `<CRLF>` markers turned back into CRLF and the display line-wraps inside LOCATION / USN
// removed. LOCATION host 192.168.2.6 rewritten to 127.0.0.6.
const SSDP_PMS_REPLY =
  'HTTP/1.1 200 OK<CRLF>CACHE-CONTROL: max-age=1200<CRLF>DATE: Sat, 29 Dec 2012 00:38:56 GMT<CRLF>' +
  'LOCATION: http://127.0.0.6:5001/description/fetch<CRLF>SERVER: Windows_7-amd64-6.1, UPnP/1.0, ' +
  'PMS/1.80.0-SNAPSHOT<CRLF>ST: urn:schemas-upnp-org:device:MediaServer:1<CRLF>EXT: <CRLF>' +
  'USN: uuid:1dcf238e-3a20-4035-a3b1-7f23dd19b944::urn:schemas-upnp-org:device:MediaServer:1<CRLF>' +
  'Content-Length: 0<CRLF><CRLF>';

const SSDP_DAHUA_REPLY = ssdpDahuaReply('127.0.0.20');

// bwp91/homebridge-platform-wemo issue #58 ("Add NetCam Camera Support"): the description XML a Belkin
// NetCam served, verbatim up to the iconList; the serviceList is omitted and the closing tags added.
const UPNP_NETCAM = `<root xmlns="urn:Belkin:device-1-0">
<specVersion>
<major>1</major>
<minor>0</minor>
</specVersion>
<device>
<deviceType>urn:Belkin:device:NetCamSensor:1</deviceType>
<friendlyName>Porch</friendlyName>
<manufacturer>Belkin International Inc.</manufacturer>
<manufacturerURL>http://www.belkin.com</manufacturerURL>
<modelDescription>Belkin Plugin Socket 1.0</modelDescription>
<modelName>NetCamHDv1</modelName>
<modelNumber>1.0</modelNumber>
<modelURL>http://www.belkin.com/plugin/</modelURL>
<serialNumber>23A595V018F00C</serialNumber>
<UDN>uuid:NetCamSensor-1_0-23A595V018F00C</UDN>
<UPC>123456789</UPC>
<macAddress>EC1A5958F00C</macAddress>
<firmwareVersion>WeMo_NetCam_WW_2.00.10684.PVT</firmwareVersion>
<iconVersion>1|49153</iconVersion>
<binaryState>0</binaryState>
<iconList>
<icon>
<mimetype>jpg</mimetype>
<width>100</width>
<height>100</height>
<depth>100</depth>
<url>icon.jpg</url>
</icon>
</iconList>
</device>
</root>`;

// nicotine-plus/nicotine-plus issue #1566: an Orange Livebox (Sagemcom) rootDesc, verbatim up to the
// iconList (omitted, closing tags added). presentationURL host 192.168.1.1 rewritten to 127.0.0.1.
const UPNP_LIVEBOX = `<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0">
  <specVersion>
    <major>1</major>
    <minor>0</minor>
  </specVersion>
  <device>
    <pnpx:X_hardwareId xmlns:pnpx="http://schemas.microsoft.com/windows/pnpx/2005/11">VEN_0129&amp;DEV_0000&amp;SUBSYS_03&amp;REV_250407</pnpx:X_hardwareId>
    <pnpx:X_compatibleId xmlns:pnpx="http://schemas.microsoft.com/windows/pnpx/2005/11">GenericUmPass</pnpx:X_compatibleId>
    <pnpx:X_deviceCategory xmlns:pnpx="http://schemas.microsoft.com/windows/pnpx/2005/11">NetworkInfrastructure.Gateway</pnpx:X_deviceCategory>
    <df:X_deviceCategory xmlns:df="http://schemas.microsoft.com/windows/2008/09/devicefoundation">Network.Gateway</df:X_deviceCategory>
    <deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:2</deviceType>
    <friendlyName>Orange Livebox</friendlyName>
    <manufacturer>Sagemcom</manufacturer>
    <manufacturerURL>http://www.sagemcom.com/</manufacturerURL>
    <modelName>Residential Livebox,(DSL,WAN Ethernet)</modelName>
    <UDN>uuid:5b8f016c-b1e3-3b92-b4fd-d728d63b7b35</UDN>
    <modelDescription>Sagemcom,fr,SG40_sip-fr-4.15.10.1_7.21.3.1</modelDescription>
    <modelNumber>4</modelNumber>
    <serialNumber>LK17308DP993307</serialNumber>
    <presentationURL>http://127.0.0.1</presentationURL>
    <UPC></UPC>
  </device>
</root>`;

const ENTITY_BOMB =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">' +
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>';

const crlf = (s: string) => s.replaceAll('<CRLF>', '\r\n');

// ---------- SADP ----------

describe('SADP', () => {
  it('builds the inquiry exactly as hikvision-tooling sends it', () => {
    expect(sadpInquiry('7C1B3F4E-0D1A-4C2B-9E8F-001122334455')).toBe(
      '<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>7C1B3F4E-0D1A-4C2B-9E8F-001122334455</Uuid>' +
        '<Types>inquiry</Types></Probe>',
    );
    expect(sadpInquiry()).toMatch(
      /<Uuid>[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}<\/Uuid>/,
    );
    expect(sadpInquiry('</Uuid><x>')).not.toMatch(/<x>/);
  });

  it('parses the UniversalScanner ProbeMatch', () => {
    expect(parseSadpReply(Buffer.from(SADP_UNIVERSALSCANNER))).toEqual({
      uuid: '11223344-5566-7788-9900-112233445566',
      types: 'inquiry',
      deviceType: '123456',
      model: 'Virtual',
      serial: 'Virtual-123456789',
      commandPort: 8000,
      httpPort: 80,
      mac: '00:11:22:33:44:55',
      ipv4: '127.0.0.1',
      subnetMask: '255.0.0.0',
      gateway: '127.0.0.1',
      dhcp: false,
      softwareVersion: 'V1.0build 200101',
      dspVersion: 'V1.0build 200101',
      bootTime: '1970-01-01 00:00:00',
      activated: true,
      analogChannels: 0,
      digitalChannels: 1,
    });
  });

  it('parses the hikvision-tooling ProbeMatch and normalises the dashed MAC', () => {
    expect(parseSadpReply(Buffer.from(SADP_HIKTOOLING))).toEqual({
      uuid: 'test-uuid',
      mac: 'aa:bb:cc:dd:ee:ff',
      ipv4: '127.0.0.100',
      deviceType: 'TestDevice',
      activated: true,
    });
  });

  it('drops invalid numbers, addresses and MACs instead of passing them on', () => {
    const d = parseSadpReply(
      Buffer.from(
        '<ProbeMatch><DeviceSN>X</DeviceSN><CommandPort>99999</CommandPort><HttpPort>-1</HttpPort>' +
          '<MAC>zz-bb-cc-dd-ee-ff</MAC><IPv4Address>999.1.1.1</IPv4Address><AnalogChannelNum>1e9</AnalogChannelNum>' +
          `<OEMInfo>${'A'.repeat(5000)}</OEMInfo><DeviceDescription>AT&amp;T &#x41;</DeviceDescription></ProbeMatch>`,
      ),
    );
    expect(d).toEqual({ serial: 'X', oemInfo: 'A'.repeat(256), model: 'AT&T A' });
  });

  it('rejects non-replies, broken XML and entity bombs without throwing', () => {
    for (const s of [
      '',
      '<?xml version="1.0"?><Other></Other>',
      '<ProbeMatch><Invalid',
      sadpInquiry('1'),
      'not xml at all',
      `${ENTITY_BOMB}<ProbeMatch><DeviceSN>&lol3;</DeviceSN></ProbeMatch>`,
      '<ProbeMatch></ProbeMatch>',
      '<ProbeMatch><DeviceSN><a>x</a></DeviceSN></ProbeMatch>',
    ]) {
      expect(parseSadpReply(Buffer.from(s)), s.slice(0, 40)).toBeUndefined();
    }
    expect(parseSadpReply(Buffer.alloc(70 * 1024, 0x41))).toBeUndefined();
  });

  it('reads a ProbeMatch sent with its C string end, and nothing after a NUL', () => {
    const reply = Buffer.from(SADP_DS2CD2022WD_REPLY);
    expect(parseSadpReply(Buffer.concat([reply, Buffer.alloc(4)]))).toEqual(parseSadpReply(reply));
    expect(parseSadpReply(reply)?.model).toBe('DS-2CD2022WD-I');
    expect(parseSadpReply(Buffer.from(`<ProbeMatch>\0<DeviceSN>x</DeviceSN></ProbeMatch>`))).toBeUndefined();
  });

  it('normaliseMac accepts only whole MACs', () => {
    expect(normaliseMac('AA-BB-CC-DD-EE-FF')).toBe('aa:bb:cc:dd:ee:ff');
    expect(normaliseMac('ec1a5958f00c')).toBe('ec:1a:59:58:f0:0c');
    expect(normaliseMac('aa:bb-cc:dd:ee:ff')).toBeUndefined();
    expect(normaliseMac('aa:bb:cc:dd:ee')).toBeUndefined();
    expect(normaliseMac(42)).toBeUndefined();
  });
});

// ---------- DHIP ----------

describe('DHIP', () => {
  it('builds the search datagram with the documented header', () => {
    const p = dhipSearch(7);
    const body = '{"method":"DHDiscover.search","params":{"mac":"","uni":1}}';
    expect(p.subarray(0, 8)).toEqual(Buffer.from('2000000044484950', 'hex'));
    expect(p.readUInt32LE(8)).toBe(0);
    expect(p.readUInt32LE(12)).toBe(7);
    expect(p.readUInt32LE(16)).toBe(body.length);
    expect(p.readUInt32LE(20)).toBe(0);
    expect(p.readUInt32LE(24)).toBe(body.length);
    expect(p.readUInt32LE(28)).toBe(0);
    expect(p.subarray(32).toString()).toBe(body);
    expect(dhipSearch(-5).readUInt32LE(12)).toBe(0);
    // our own search echoed back (multicast loop) is not a device
    expect(parseDhipReply(dhipSearch())).toBeUndefined();
  });

  it('parses the published IPC-HDW5421S reply', () => {
    expect(parseDhipReply(dhipFrame(DHIP_IPC_BODY))).toEqual({
      mac: '4c:11:bf:c2:0b:9d',
      serial: '1F006E4PAX00075',
      deviceType: 'IPC-HDW5421S',
      deviceClass: 'IPC',
      version: '2.400.0.8',
      vendor: 'Dahua',
      manufacturer: 'Private',
      machineName: '1F006E4PAX00075',
      ipv4: '127.0.0.140',
      subnetMask: '255.255.255.0',
      gateway: '127.0.0.1',
      dhcp: false,
      httpPort: 80,
      sdkPort: 37777,
      videoInputChannels: 1,
    });
  });

  it('parses the recorded VTO2000A-2 datagram, whose JSON ends with a C string end (\\n\\0)', () => {
    expect(DHIP_VTO_REPLY).toHaveLength(DHIP_HEADER_LENGTH + 0x2b4); // the recorded header's length
    expect(DHIP_VTO_REPLY.subarray(-2)).toEqual(Buffer.from([0x0a, 0x00]));
    expect(parseDhipReply(DHIP_VTO_REPLY)).toMatchObject({
      mac: '02:00:00:00:4f:e5',
      serial: '5F04690PAZF0934',
      deviceType: 'VTO2000A-2',
      deviceClass: 'VTO',
      version: '4.300.0000000.1.R',
      vendor: 'General',
      manufacturer: 'General',
      ipv4: '127.168.1.202',
      sdkPort: 37777,
    });
  });

  it('ignores bytes after the declared body but never reads past the datagram', () => {
    const framed = dhipFrame(DHIP_IPC_BODY);
    expect(parseDhipReply(Buffer.concat([framed, Buffer.from('\r\ngarbage')]))?.serial).toBe(
      '1F006E4PAX00075',
    );
    const len = Buffer.byteLength(DHIP_IPC_BODY);
    expect(dhipBody(dhipFrame(DHIP_IPC_BODY, len - 1))).toBe(DHIP_IPC_BODY.slice(0, len - 1));
    expect(parseDhipReply(dhipFrame(DHIP_IPC_BODY, len - 1))).toBeUndefined(); // JSON cut short
  });

  it('rejects wrong magic, short headers, lying lengths and non-JSON bodies', () => {
    const good = dhipFrame(DHIP_IPC_BODY);
    const len = Buffer.byteLength(DHIP_IPC_BODY);
    const wrongMagic = Buffer.from(good);
    wrongMagic.write('DHIQ', 4, 'latin1');
    const wrongSize = Buffer.from(good);
    wrongSize[0] = 0x21;
    const cases: [string, Buffer][] = [
      ['wrong magic', wrongMagic],
      ['wrong header size', wrongSize],
      ['empty', Buffer.alloc(0)],
      ['truncated header', good.subarray(0, 20)],
      ['header only', good.subarray(0, 32)],
      ['length past the end', dhipFrame(DHIP_IPC_BODY, len + 1)],
      ['huge length', dhipFrame(DHIP_IPC_BODY, 0xffffffff)],
      ['lengths disagree', dhipFrame(DHIP_IPC_BODY, len, len - 1)],
      ['zero lengths', dhipFrame(DHIP_IPC_BODY, 0)],
      ['truncated body', good.subarray(0, good.length - 10)],
      ['non-JSON body', dhipFrame('<ProbeMatch/>')],
      ['JSON array', dhipFrame('[1,2,3]')],
      ['other method', dhipFrame('{"method":"DHDiscover.search","params":{"mac":"","uni":1}}')],
      ['no deviceInfo', dhipFrame('{"method":"client.notifyDevInfo","params":{}}')],
      ['empty deviceInfo', dhipFrame('{"method":"client.notifyDevInfo","params":{"deviceInfo":{}}}')],
      ['bare JSON without header', Buffer.from(DHIP_IPC_BODY)],
    ];
    for (const [name, buf] of cases) expect(parseDhipReply(buf), name).toBeUndefined();
  });

  it('bounds and validates field values', () => {
    const d = parseDhipReply(
      dhipFrame(
        JSON.stringify({
          method: 'client.notifyDevInfo',
          mac: 'nope',
          params: {
            deviceInfo: {
              SerialNo: 'S'.repeat(10_000),
              DeviceType: { nested: true },
              Mac: '3C-EF-8C-41-6C-CE',
              HttpPort: 70000,
              Port: '37777',
              IPv4Address: { IPAddress: '127.0.0.1\u0000', DhcpEnable: 'true' },
            },
          },
        }),
      ),
    );
    expect(d).toEqual({ serial: 'S'.repeat(256), mac: '3c:ef:8c:41:6c:ce', sdkPort: 37777, dhcp: true });
  });
});

// ---------- SSDP / UPnP ----------

describe('SSDP', () => {
  it('parses the PMS M-SEARCH reply', () => {
    expect(parseSsdpResponse(Buffer.from(crlf(SSDP_PMS_REPLY)))).toEqual({
      kind: 'response',
      status: 200,
      location: 'http://127.0.0.6:5001/description/fetch',
      server: 'Windows_7-amd64-6.1, UPnP/1.0, PMS/1.80.0-SNAPSHOT',
      st: 'urn:schemas-upnp-org:device:MediaServer:1',
      usn: 'uuid:1dcf238e-3a20-4035-a3b1-7f23dd19b944::urn:schemas-upnp-org:device:MediaServer:1',
    });
  });

  it('parses the Dahua reply (the SERVER header names the OEM)', () => {
    const m = parseSsdpResponse(Buffer.from(SSDP_DAHUA_REPLY));
    expect(m?.server).toBe('Linux/3.8.8, UPnP/1.0, ZheJiang Dahua Technology CO.,LTD. Upnp SDK');
    expect(m?.location).toBe('http://127.0.0.20:49152/upnp_device_desc.xml');
    expect(m?.usn).toBe('uuid:www.dahuatech.com.device_3_0-1L047ACPAW00037');
  });

  it('parses a NOTIFY with LF line ends and case-insensitive headers', () => {
    expect(parseSsdpResponse(Buffer.from(SSDP_NOTIFY))).toEqual({
      kind: 'notify',
      location: 'http://127.0.0.1/rootDesc.xml',
      server: 'Universal Scanner/0.0, Virtual/1.0',
      nt: 'uuid:unique-id-01234',
      nts: 'ssdp:alive',
      usn: 'uuid:unique-id-01234',
    });
    const lower = parseSsdpResponse(
      Buffer.from('HTTP/1.1 200 OK\r\nlocation: http://127.0.0.1:80/d.xml\r\n\r\n'),
    );
    expect(lower?.location).toBe('http://127.0.0.1:80/d.xml');
  });

  it('drops non-HTTP locations and bounds values; rejects requests and junk', () => {
    const m = parseSsdpResponse(
      Buffer.from(`HTTP/1.1 200 OK\r\nLOCATION: file:///etc/passwd\r\nSERVER: ${'x'.repeat(9000)}\r\n\r\n`),
    );
    expect(m?.location).toBeUndefined();
    expect((m?.server ?? '').length).toBeLessThanOrEqual(256);
    for (const s of [
      'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nST: ssdp:all\r\n\r\n',
      '',
      'garbage',
      '<root/>',
    ]) {
      expect(parseSsdpResponse(Buffer.from(s))).toBeUndefined();
    }
  });
});

describe('UPnP description', () => {
  it('parses the Belkin NetCam description', () => {
    expect(parseUpnpDescription(UPNP_NETCAM)).toEqual({
      deviceType: 'urn:Belkin:device:NetCamSensor:1',
      friendlyName: 'Porch',
      manufacturer: 'Belkin International Inc.',
      manufacturerUrl: 'http://www.belkin.com',
      modelName: 'NetCamHDv1',
      modelNumber: '1.0',
      modelDescription: 'Belkin Plugin Socket 1.0',
      serialNumber: '23A595V018F00C',
      udn: 'uuid:NetCamSensor-1_0-23A595V018F00C',
    });
  });

  it('reads a description that ends in a NUL, as some routers send it (adolfintel/WaifUPnP#23)', () => {
    expect(parseUpnpDescription(`${UPNP_NETCAM}\0`)).toEqual(parseUpnpDescription(UPNP_NETCAM));
    expect(parseUpnpDescription(`${UPNP_NETCAM}\0\0\0\0`)?.modelName).toBe('NetCamHDv1');
  });

  it('parses the Livebox description (namespaced siblings, presentationURL)', () => {
    const d = parseUpnpDescription(UPNP_LIVEBOX);
    expect(d?.manufacturer).toBe('Sagemcom');
    expect(d?.modelName).toBe('Residential Livebox,(DSL,WAN Ethernet)');
    expect(d?.modelNumber).toBe('4');
    expect(d?.serialNumber).toBe('LK17308DP993307');
    expect(d?.presentationUrl).toBe('http://127.0.0.1');
    expect(d?.udn).toBe('uuid:5b8f016c-b1e3-3b92-b4fd-d728d63b7b35');
  });

  it('rejects non-XML, non-descriptions and entity bombs without throwing', () => {
    for (const s of [
      '',
      'HTTP/1.1 200 OK',
      '{"root":{"device":{}}}',
      '<root><device><modelName>x</device></root>',
      '<root><specVersion><major>1</major></specVersion></root>',
      `${ENTITY_BOMB}<root><device><modelName>&lol3;</modelName></device></root>`,
      '<root><device></device></root>',
    ]) {
      expect(parseUpnpDescription(s), s.slice(0, 40)).toBeUndefined();
    }
  });
});
