/**
 * Parsers of the credentialed vendor APIs, fed real published replies, then truncations and
 * random input (fast-check): they never throw and stay bounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChallenges } from '../../src/probes/auth/digest.js';
import { dahuaModel, parseKeyValues } from '../../src/probes/dahua-cgi/parse.js';
import { MAX_CHANNELS, parseDeviceInfo, parseInputProxyChannels } from '../../src/probes/isapi/parse.js';
import {
  lapiData,
  MAX_LAPI_REPLY,
  parseDeviceInfo as parseLapiDeviceInfo,
} from '../../src/probes/lapi/parse.js';

// maciej-or/hikvision_next tests/fixtures/ISAPI/System.deviceInfo/ipc.xml @b1dc1b9477aba092602cca66f8a2d81e066210a3 (verbatim).
const IPC_XML = `<?xml version="1.0" encoding="UTF-8"?>
<DeviceInfo version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">
    <deviceName>yard</deviceName>
    <deviceID>6aff4000-1f90-00b0-0000-000c00000000</deviceID>
    <deviceDescription>IPCamera</deviceDescription>
    <deviceLocation>hangzhou</deviceLocation>
    <systemContact>Hikvision.China</systemContact>
    <model>DS-2CD2386G2-IU</model>
    <serialNumber>DS-2CD2386G2-IU00000000AAWRJ00000000</serialNumber>
    <macAddress>14:92:3c:4f:f8:42</macAddress>
    <firmwareVersion>V5.7.14</firmwareVersion>
    <firmwareReleasedDate>build 231028</firmwareReleasedDate>
    <encoderVersion>V7.3</encoderVersion>
    <encoderReleasedDate>build 231027</encoderReleasedDate>
    <bootVersion>V1.3.4</bootVersion>
    <bootReleasedDate>100316</bootReleasedDate>
    <hardwareVersion>0x0</hardwareVersion>
    <deviceType>IPCamera</deviceType>
    <telecontrolID>88</telecontrolID>
    <supportBeep>false</supportBeep>
    <supportVideoLoss>false</supportVideoLoss>
    <firmwareVersionInfo>B-R-G5-0</firmwareVersionInfo>
    <manufacturer>hikvision</manufacturer>
    <subSerialNumber>J00000000</subSerialNumber>
    <OEMCode>1</OEMCode>
</DeviceInfo>`;

// rroller/dahua custom_components/dahua/client.py @5350331688af164b114ac1c95fe75323b0a4db4d (getSystemInfo example).
const SYSTEM_INFO =
  'appAutoStart=true\r\ndeviceType=IPC-HDW5831R-ZE\r\nhardwareVersion=1.00\r\nprocessor=S3LM\r\nserialNumber=4X7C5A1ZAG21L3F\r\nupdateSerial=IPC-HDW5830R-Z\r\n';
// rroller/dahua custom_components/dahua/__init__.py comment: a Lorex NVR's getSystemInfo (serial masked with N as published).
const NVR_SYSTEM_INFO =
  'deviceType=31\r\nprocessor=ST7108\r\nserialNumber=ND0219110NNNNN\r\nupdateSerial=DHI-NVR4108HS-8P-4KS2\r\n';

describe('ISAPI deviceInfo', () => {
  it('reads a real camera deviceInfo', () => {
    expect(parseDeviceInfo(IPC_XML)).toEqual({
      manufacturer: 'hikvision',
      model: 'DS-2CD2386G2-IU',
      firmware: 'V5.7.14 build 231028',
      serial: 'DS-2CD2386G2-IU00000000AAWRJ00000000',
      mac: '14:92:3c:4f:f8:42',
      oemCode: '1',
      deviceType: 'IPCamera',
    });
  });

  it('returns nothing for a userCheck 401 body or junk', () => {
    expect(
      parseDeviceInfo(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<userCheck>\n<statusValue>401</statusValue>\n<statusString>Unauthorized</statusString>\n</userCheck>\n',
      ),
    ).toBeUndefined();
    expect(parseDeviceInfo('<html><body>404</body></html>')).toBeUndefined();
  });
});

describe('ISAPI InputProxy channels', () => {
  it('reads channels in either namespace and skips entries without a valid id', () => {
    const xml =
      '<InputProxyChannelList version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">' +
      '<InputProxyChannel><id>1</id><name>A</name><sourceInputPortDescriptor><proxyProtocol>HIKVISION</proxyProtocol>' +
      '<ipAddress>127.0.41.1</ipAddress><model>DS-2CD2386G2-IU</model></sourceInputPortDescriptor></InputProxyChannel>' +
      '<InputProxyChannel><id>x</id></InputProxyChannel></InputProxyChannelList>';
    expect(parseInputProxyChannels(xml)).toEqual([
      {
        channel: 1,
        name: 'A',
        protocol: 'HIKVISION',
        ip: '127.0.41.1',
        model: 'DS-2CD2386G2-IU',
        serial: undefined,
        firmware: undefined,
      },
    ]);
    expect(parseInputProxyChannels('<InputProxyChannelList/>')).toEqual([]);
    expect(parseInputProxyChannels(IPC_XML)).toBeUndefined();
  });

  it('keeps at most MAX_CHANNELS', () => {
    const one = '<InputProxyChannel><id>1</id></InputProxyChannel>';
    const xml = `<InputProxyChannelList>${one.repeat(MAX_CHANNELS + 50)}</InputProxyChannelList>`;
    expect(parseInputProxyChannels(xml)).toHaveLength(MAX_CHANNELS);
  });
});

describe('Dahua magicBox', () => {
  it('reads key=value tables and picks the model', () => {
    const kv = parseKeyValues(SYSTEM_INFO);
    expect(kv.get('serialNumber')).toBe('4X7C5A1ZAG21L3F');
    expect(dahuaModel(kv)).toBe('IPC-HDW5831R-ZE');
    expect(dahuaModel(kv, parseKeyValues('type=IPC-HDW5831R-ZE\r\n'))).toBe('IPC-HDW5831R-ZE');
    // An NVR answers deviceType=31; the model is in updateSerial.
    expect(dahuaModel(parseKeyValues(NVR_SYSTEM_INFO))).toBe('DHI-NVR4108HS-8P-4KS2');
  });
});

// ahmofrad/netbox-sync tests/test_unv_parsers.py @4c16ca9a14ca7044fe790e1885cc08b552366fd3: DEVICE_INFO
// (an NVR302-16S2's LAPI DeviceInfo) and ERROR_ENVELOPE, as Python's json.dumps writes them there.
const LAPI_DEVICE_INFO =
  '{"Response": {"ResponseURL": "/LAPI/V1.0/System/DeviceInfo", "ResponseCode": 0, "ResponseString": "Succeed", ' +
  '"StatusCode": 0, "Data": {"ID": 0, "DeviceName": "NVR302-16S2", "DeviceType": 1, "DeviceModel": "NVR302-16S2", ' +
  '"SerialNumber": "210235XAX93239000081", "FirmwareVersion": "NVR-B3601.37.45.230825"}}}';
const LAPI_ERROR =
  '{"Response": {"ResponseCode": 1, "ResponseString": "Common Error", "StatusCode": 65535, "Data": {}}}';

describe('Uniview LAPI DeviceInfo', () => {
  it('reads a real NVR DeviceInfo', () => {
    expect(parseLapiDeviceInfo(LAPI_DEVICE_INFO)).toEqual({
      manufacturer: undefined,
      model: 'NVR302-16S2',
      firmware: 'NVR-B3601.37.45.230825',
      serial: '210235XAX93239000081',
      mac: undefined,
    });
  });

  it('returns nothing for an error envelope, a non-LAPI reply, truncations or junk', () => {
    expect(parseLapiDeviceInfo(LAPI_ERROR)).toBeUndefined();
    expect(parseLapiDeviceInfo('<html><body>404 Not Found</body></html>')).toBeUndefined();
    expect(parseLapiDeviceInfo(IPC_XML)).toBeUndefined();
    for (let n = 0; n < LAPI_DEVICE_INFO.length; n++)
      expect(parseLapiDeviceInfo(LAPI_DEVICE_INFO.slice(0, n))).toBeUndefined();
    expect(parseLapiDeviceInfo('null')).toBeUndefined();
    expect(parseLapiDeviceInfo('{"Response": []}')).toBeUndefined();
    expect(
      parseLapiDeviceInfo('{"Response": {"ResponseCode": "0", "Data": {"DeviceModel": "X"}}}'),
    ).toBeUndefined();
    // A business failure (StatusCode) is not a success either.
    expect(
      parseLapiDeviceInfo(LAPI_DEVICE_INFO.replace('"StatusCode": 0', '"StatusCode": 8')),
    ).toBeUndefined();
  });

  it('type-checks every field and keeps only a well-formed MAC', () => {
    const reply = (data: unknown) => JSON.stringify({ Response: { ResponseCode: 0, Data: data } });
    expect(
      parseLapiDeviceInfo(reply({ DeviceModel: 42, SerialNumber: ['x'], FirmwareVersion: {} })),
    ).toBeUndefined();
    expect(parseLapiDeviceInfo(reply({ DeviceModel: '  ', MAC: 'garbage' }))).toBeUndefined();
    expect(parseLapiDeviceInfo(reply({ Manufacturer: 'uniview', MAC: '48-EA-63-01-02-03' }))).toEqual({
      manufacturer: 'uniview',
      model: undefined,
      firmware: undefined,
      serial: undefined,
      mac: '48:ea:63:01:02:03',
    });
    expect(parseLapiDeviceInfo(reply([1, 2]))).toBeUndefined();
  });

  it('never parses an oversized or deeply nested body', () => {
    expect(lapiData(' '.repeat(MAX_LAPI_REPLY) + LAPI_DEVICE_INFO)).toBeUndefined();
    expect(lapiData('['.repeat(60000) + ']'.repeat(60000))).toBeUndefined();
  });
});

describe('fuzz', () => {
  const samples = [IPC_XML, SYSTEM_INFO, NVR_SYSTEM_INFO, LAPI_DEVICE_INFO];
  const input = fc.oneof(
    fc.string({ maxLength: 3000 }),
    fc.constantFrom(...samples).chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))),
  );

  it('never throws and stays bounded', () => {
    fc.assert(
      fc.property(input, (s) => {
        parseDeviceInfo(s);
        const lapi = parseLapiDeviceInfo(s);
        // Fields the reply lacks stay undefined; the rest are strings taken from the body.
        for (const v of Object.values(lapi ?? {}))
          if (v !== undefined) expect(typeof v === 'string' && v.length <= s.length).toBe(true);
        const channels = parseInputProxyChannels(s);
        if (channels) expect(channels.length).toBeLessThanOrEqual(MAX_CHANNELS);
        expect(parseKeyValues(s).size).toBeLessThanOrEqual(200);
        expect(parseChallenges(s).length).toBeLessThan(2000);
      }),
      { numRuns: 400 },
    );
  });
});
