/**
 * Vendor endpoints and the control request (issue 12, class 3b): a path that exists is a hint
 * only when a random path on the same server gets a different answer. The probe is run against
 * lab devices on loopback 127.0.32.x (no CLI), so the whole request/compare path is exercised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import { makeEvidence } from '../../src/evidence/types.js';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { loadProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import {
  anyEndpointExists,
  controlPath,
  endpointHints,
  VENDOR_ENDPOINTS,
} from '../../src/probes/http/endpoints.js';
import { EXTRA_PATHS, httpProbe } from '../../src/probes/http/index.js';
import { ANONYMOUS_INFO } from '../../src/probes/vivotek/index.js';
import { fingerprint } from '../../src/scan/device.js';
import { probeContext } from '../helpers/context.js';

const MAGICBOX = '/cgi-bin/magicBox.cgi?action=getDeviceType';

describe('endpointHints', () => {
  const answers = VENDOR_ENDPOINTS.map((path) => ({ path, status: path === MAGICBOX ? 401 : 404 }));

  it('gives a hint for a 401 where a random path gets 404', () => {
    expect(endpointHints(404, answers)).toEqual([`401 ${MAGICBOX}`]);
  });

  it('gives none when the server says 401 to everything', () => {
    expect(
      endpointHints(
        401,
        answers.map((a) => ({ ...a, status: 401 })),
      ),
    ).toEqual([]);
  });

  it('gives none when the server says 200 to everything (a single-page app)', () => {
    expect(
      endpointHints(
        200,
        answers.map((a) => ({ ...a, status: 200 })),
      ),
    ).toEqual([]);
  });

  it('gives none without a control answer, and none for 404, 5xx or failed requests', () => {
    expect(endpointHints(undefined, answers)).toEqual([]);
    expect(
      endpointHints(404, [
        { path: MAGICBOX, status: 500 },
        { path: '/ISAPI/System/deviceInfo', status: undefined },
        { path: '/LAPI/V1.0/System/DeviceInfo', status: 404 },
      ]),
    ).toEqual([]);
  });

  it('keeps a 200 against a 401 control (the API is open while the rest is not)', () => {
    expect(endpointHints(401, [{ path: MAGICBOX, status: 200 }])).toEqual([`200 ${MAGICBOX}`]);
  });

  it('asks for a control answer only when some endpoint said it exists', () => {
    expect(anyEndpointExists(answers)).toBe(true);
    expect(anyEndpointExists(answers.map((a) => ({ ...a, status: 404 })))).toBe(false);
    expect(anyEndpointExists([{ path: MAGICBOX, status: undefined }])).toBe(false);
  });

  it('asks a fresh random path each time, never a vendor path', () => {
    const a = controlPath();
    expect(a).toMatch(/^\/[0-9a-f]{16}$/);
    expect(controlPath()).not.toBe(a);
  });

  it('keeps the request list short (bench budget)', () => {
    // `/`, the control request, the RPC2_Login and Axis device-information POSTs and these: every
    // entry costs one request per HTTP port. 13 with AVTECH's capability page: scripts/bench at
    // ed2a2fd took 9.3 s, 1.07x its lower bound (docs/performance.md); 14 with Axis's POST:
    // scripts/bench --quick at ab4f1d9 still took 9.4 s and 116 MB; 15 with Vivotek's anonymous
    // getparam.cgi: 9.8 s and 115 MB (was 9.6 s). Each further one needs a new run.
    expect(EXTRA_PATHS.length + 4).toBeLessThanOrEqual(15);
  });
});

// ---------- the probe against lab devices ----------

const OFFSET = 27000;
// rroller/dahua#583: the Dahua IPC-HFW4300S-V2's CGI challenge (Basic realm="Device_CGI").
const DAHUA_401 = {
  status: 401,
  headers: { 'WWW-Authenticate': 'Basic realm="Device_CGI"', 'Content-Type': 'text/html' },
  body: '',
};
const base = {
  description: 'endpoint/control test device',
  sources: ['https://github.com/rroller/dahua/issues/583 (Basic realm="Device_CGI" 401 of magicBox.cgi)'],
  expect: { vendor: null, brand: null, type: 'unknown' as const, flagged: false },
};
const PROFILES: DeviceProfile[] = [
  // Only magicBox exists: everything else is the lab's 404.
  { ...base, id: 'magicbox-only', http: [{ path: MAGICBOX, ...DAHUA_401 }] },
  // The same challenge on every path: no endpoint says anything.
  { ...base, id: 'challenge-everywhere', httpDefault: DAHUA_401 },
];
// home-assistant/core#27419 (tommyjlong's Vivotek FD8372): the getparam.cgi answer its viewer
// directory gave, and the 401 page its anonymous directory gave (both bytes as quoted there).
const GETPARAM = '/cgi-bin/anonymous/getparam.cgi';
const FD8372_ANSWER = "system_info_modelname='FD8372'\r\n";
const FD8372_401 =
  '<HTML><HEAD><TITLE>401 Unauthorized</TITLE></HEAD>\n<BODY><H1>401 Unauthorized</H1>\nYour client does not have permission to get URL /cgi-bin/anonymous/getparam.cgi from this server.\n</BODY></HTML>\n';
const getparamDevice = {
  description: 'getparam.cgi test device',
  sources: [
    'https://github.com/home-assistant/core/issues/27419 (FD8372 getparam.cgi answers)',
    'https://github.com/rroller/dahua/issues/583 (Basic realm="Device_CGI")',
  ],
  expect: { vendor: null, brand: null, type: 'unknown' as const, flagged: false },
};
PROFILES.push(
  // The anonymous directory left open: system_info answered to anyone.
  {
    ...getparamDevice,
    id: 'vivotek-open',
    http: [
      {
        path: GETPARAM,
        anyQuery: true,
        status: 200,
        headers: { 'Content-Type': 'text/html' },
        body: FD8372_ANSWER,
      },
    ],
  },
  // A server protecting all of /cgi-bin/ with Dahua's Device_CGI realm (rroller/dahua#583).
  {
    ...getparamDevice,
    id: 'cgi-bin-protected',
    http: [{ path: '/cgi-bin/', below: true, ...DAHUA_401, body: FD8372_401 }],
  },
);
// A server that serves its page for every path (a single-page app, a catch-all): the lab's nginx
// default page (plain-web-server profile) as the answer to everything.
const nginx = loadProfiles().find((p) => p.id === 'plain-web-server');
const nginxRoot = nginx?.http?.find((r) => r.path === '/');
if (nginx && nginxRoot) PROFILES.push({ ...nginx, id: 'page-everywhere', httpDefault: nginxRoot });

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ prefix: '127.0.32', first: 21, portOffset: OFFSET, profiles: PROFILES });
});
afterAll(async () => lab?.stop());

async function probe(id: string) {
  const device = lab.devices.find((d) => d.profile.id === id);
  if (!device) throw new Error(`no lab device ${id}`);
  return httpProbe.run(
    { ip: device.ip, port: 80 + OFFSET },
    probeContext({ limits: { timeoutMs: 2000, maxBytes: 64 * 1024 } }),
  );
}

describe('a lone endpoint hint', () => {
  const lib = loadSignatureLibrary();
  const verdictOf = (value: string) =>
    fingerprint(
      [
        makeEvidence(
          { probe: 'http', ip: '127.0.32.1', port: 80, transport: 'tcp', request: 'GET x' },
          'http.endpoint',
          value,
        ),
      ],
      lib,
    ).verdict.oem;

  it("names the API's maker as probable, below every established confidence", () => {
    for (const [value, vendor] of [
      ['401 /ISAPI/System/deviceInfo', 'Hikvision'],
      [`401 ${MAGICBOX}`, 'Dahua'],
      ['401 /axis-cgi/param.cgi?action=list&group=root.Brand', 'Axis'],
      [`200 ${ANONYMOUS_INFO}`, 'Vivotek'],
    ] as const) {
      const oem = verdictOf(value);
      expect([oem.vendor, oem.probable], value).toEqual([vendor, true]);
      expect(oem.confidence).toBeLessThan(0.5);
    }
  });

  it("names nobody for a path no maker's API has", () => {
    expect(verdictOf('401 /cgi-bin/unknown.cgi').vendor).toBeNull();
  });
});

describe('http probe endpoint check', () => {
  it('records a 401 that a random path does not get, and the signature names Dahua', async () => {
    const r = await probe('magicbox-only');
    expect(r.status).toBe('ok');
    const hints = r.evidence.filter((e) => e.field === 'http.endpoint');
    expect(hints.map((e) => e.value)).toEqual([`401 ${MAGICBOX}`]);
    expect(hints[0]?.request).toBe(`GET ${MAGICBOX}`);
    const lib = loadSignatureLibrary();
    expect(matchValue(lib, 'http.endpoint', hints[0]?.value ?? '')?.signature.vendor).toBe('Dahua');
  });

  it('records no endpoint for a server that challenges every path', async () => {
    const r = await probe('challenge-everywhere');
    expect(r.status).toBe('ok');
    expect(r.evidence.filter((e) => e.field === 'http.endpoint')).toEqual([]);
    // The realm is still recorded: it is evidence of its own.
    expect(r.evidence.some((e) => e.field === 'http.auth.realm' && e.value === 'Device_CGI')).toBe(true);
  });

  it('records no endpoint for a server that serves its page on every path', async () => {
    const r = await probe('page-everywhere');
    expect(r.status).toBe('ok');
    expect(r.evidence.some((e) => e.field === 'http.title' && e.value === 'Welcome to nginx!')).toBe(true);
    expect(r.evidence.filter((e) => e.field === 'http.endpoint')).toEqual([]);
  });

  it("reads Vivotek's open anonymous system_info as the vendor API's model, and names Vivotek", async () => {
    const r = await probe('vivotek-open');
    expect(r.status).toBe('ok');
    const asked = r.evidence.filter(
      (e) => e.request === `GET ${ANONYMOUS_INFO}` && e.field !== 'http.endpoint',
    );
    // The model once, as the API states it; the answer is not also kept as page text.
    expect(asked.map((e) => [e.field, e.value])).toEqual([['device.model', 'FD8372']]);
    expect(r.evidence.map((e) => e.value)).toContain(`200 ${ANONYMOUS_INFO}`);
    expect(fingerprint(r.evidence, loadSignatureLibrary()).verdict.oem.vendor).toBe('Vivotek');
  });

  it('takes no Vivotek or AVTECH hint from a server that protects all of /cgi-bin/, and names Dahua', async () => {
    // Dahua's Device_CGI realm on the whole directory: every /cgi-bin/ path is a 401, Vivotek's
    // protected anonymous directory included (the FD8372's 401 page is served there as well).
    const r = await probe('cgi-bin-protected');
    const hints = r.evidence.filter((e) => e.field === 'http.endpoint').map((e) => e.value);
    expect(hints).toContain(`401 ${ANONYMOUS_INFO}`);
    expect(hints).toContain('401 /cgi-bin/nobody/Machine.cgi?action=get_capability');
    const lib = loadSignatureLibrary();
    for (const h of hints.filter((v) => !v.includes('magicBox')))
      expect(matchValue(lib, 'http.endpoint', h), h).toBeUndefined();
    const oem = fingerprint(r.evidence, lib).verdict.oem;
    expect([oem.vendor, oem.alternatives]).toEqual(['Dahua', []]);
  });
});
