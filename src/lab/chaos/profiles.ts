/**
 * @module lab/chaos/profiles
 * The chaos fleet: devices that misbehave in every way a hostile or broken camera can, for the
 * robustness tests (test/integration/chaos.test.ts). None of them may crash the scanner, stall
 * it past its budgets, make it read a local file or contact an address it was not given.
 * Each lists the error entries (probe and status) its report must carry.
 */
import type { DeviceProfile, HostileKind } from '../profile.js';

export interface ChaosOptions {
  /** `onvif-xxe`: URL of the canary the external entity points at (the scanner must never read it). */
  canaryUrl?: string;
  /** `wsd-foreign-xaddr`: XAddrs naming other hosts (the scanner must never contact them). */
  foreignXAddrs?: string[];
}

const NOTHING = { vendor: null, brand: null, type: 'unknown', flagged: false } as const;
const PLAIN_PAGE = [
  {
    path: '/',
    status: 200,
    headers: { 'Content-Type': 'text/html' },
    body: '<html><head><title>chaos</title></head><body>chaos fixture</body></html>',
  },
];
const DUMMY_INFO = {
  Manufacturer: 'ChaosCam',
  Model: 'X1',
  FirmwareVersion: '0.0.1',
  SerialNumber: 'CHAOS0001',
  HardwareId: 'X1',
};

const latin1Title = Buffer.from('<html><head><title>Caméra réseau Über</title></head></html>', 'latin1');
// 网络摄像机 ("network camera") in GBK.
const gbkTitle = Buffer.concat([
  Buffer.from('<html><head><title>'),
  Buffer.from('cdf8c2e7c9e3cff1bbfa', 'hex'),
  Buffer.from(' IPC</title></head></html>'),
]);

function fixture(
  id: string,
  hostile: HostileKind | undefined,
  description: string,
  expectErrors: DeviceProfile['expectErrors'],
  extra: Partial<DeviceProfile> = {},
): DeviceProfile {
  return {
    id: `chaos-${id}`,
    description,
    sources: ['Robustness fixture (no device capture): behaviour defined in src/lab/chaos/'],
    expect: { ...NOTHING },
    ...(hostile ? { hostile } : {}),
    expectErrors,
    ...extra,
  };
}

export function chaosProfiles(opts: ChaosOptions = {}): DeviceProfile[] {
  return [
    fixture('slowloris', 'slowloris', 'HTTP server that trickles its headers one byte at a time, forever', [
      { probe: 'http', status: 'timeout' },
      { probe: 'onvif', status: 'timeout' },
    ]),
    fixture('endless-body', 'endless-body', 'HTTP 200 with a chunked body that never ends', [
      { probe: 'http', status: 'too-large' },
    ]),
    fixture('huge-header', 'huge-header', 'HTTP reply with a single 10 MB header', [
      { probe: 'http', status: 'too-large' },
      { probe: 'onvif', status: 'too-large' },
    ]),
    // Node's parser refuses these; the http probe's GET is read again leniently (values cleaned),
    // the ONVIF POST is not repeated.
    fixture('bad-header-bytes', 'bad-header-bytes', 'HTTP headers carrying NUL, DEL and 0xFF bytes', [
      { probe: 'onvif', status: 'protocol-error' },
    ]),
    fixture('reset', 'reset', 'resets the connection (TCP RST) in the middle of its reply', [
      { probe: 'http', status: 'protocol-error' },
      { probe: 'onvif', status: 'protocol-error' },
    ]),
    fixture('tls-stall', 'tls-stall', 'accepts TCP on 443 and never answers the TLS handshake', [
      { probe: 'https', status: 'timeout' },
      { probe: 'tls', status: 'timeout' },
    ]),
    fixture('rtsp-endless-head', 'rtsp-endless-head', 'RTSP reply whose header block never ends', [
      { probe: 'rtsp', status: 'too-large' },
    ]),
    fixture(
      'onvif-bad-xml',
      'onvif-bad-xml',
      'ONVIF device answering GetDeviceInformation with malformed XML',
      [{ probe: 'onvif', status: 'protocol-error' }],
      { http: PLAIN_PAGE, onvif: { deviceInformation: DUMMY_INFO } },
    ),
    fixture(
      'onvif-billion-laughs',
      'onvif-billion-laughs',
      'GetDeviceInformation reply carrying an XML entity-expansion bomb (billion laughs)',
      [{ probe: 'onvif', status: 'protocol-error' }],
      { http: PLAIN_PAGE, onvif: { deviceInformation: DUMMY_INFO } },
    ),
    fixture(
      'onvif-xxe',
      'onvif-xxe',
      'GetDeviceInformation reply whose fields are an external entity pointing at a local file',
      [{ probe: 'onvif', status: 'protocol-error' }],
      {
        http: PLAIN_PAGE,
        onvif: { deviceInformation: DUMMY_INFO },
        ...(opts.canaryUrl ? { hostileOptions: { entityUrl: opts.canaryUrl } } : {}),
      },
    ),
    fixture(
      'wsd-random',
      'wsd-random',
      'answers WS-Discovery with random bytes',
      [{ probe: 'ws-discovery', status: 'protocol-error' }],
      {
        http: PLAIN_PAGE,
      },
    ),
    fixture('wsd-64k', 'wsd-64k', 'answers WS-Discovery with a ~64 KB ProbeMatches', [], {
      expect: { ...NOTHING, type: 'camera' },
      http: PLAIN_PAGE,
      wsDiscovery: { types: 'dn:NetworkVideoTransmitter', scopes: [] },
    }),
    fixture(
      'wsd-foreign-xaddr',
      'wsd-foreign-xaddr',
      "WS-Discovery XAddrs that name other hosts' ONVIF services",
      [{ probe: 'ws-discovery', status: 'skipped' }],
      {
        expect: { ...NOTHING, type: 'camera' },
        http: PLAIN_PAGE,
        wsDiscovery: { types: 'dn:NetworkVideoTransmitter', scopes: ['onvif://www.onvif.org/name/Chaos'] },
        ...(opts.foreignXAddrs ? { hostileOptions: { xaddrs: opts.foreignXAddrs } } : {}),
      },
    ),
    fixture('latin1-title', undefined, 'HTML title in ISO-8859-1, not UTF-8', [], {
      http: [
        {
          path: '/',
          status: 200,
          headers: { 'Content-Type': 'text/html; charset=iso-8859-1' },
          bodyBase64: latin1Title.toString('base64'),
        },
      ],
    }),
    fixture('gbk-title', undefined, 'HTML title in GBK, not UTF-8', [], {
      http: [
        {
          path: '/',
          status: 200,
          headers: { 'Content-Type': 'text/html; charset=gbk' },
          bodyBase64: gbkTitle.toString('base64'),
        },
      ],
    }),
  ];
}
