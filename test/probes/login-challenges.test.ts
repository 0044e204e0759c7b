/**
 * The first steps of the vendors' own web logins (issue 12, class 3: questions never asked):
 * Dahua's RPC2 login challenge and Hikvision's session capabilities. The Dahua parser is run on
 * the recorded answer (test/fixtures/real-devices/dahua-rpc2-login.yaml) and on hostile variants;
 * then the whole scan is run against lab devices on loopback 127.0.68.x that show nothing but the
 * recorded answer to that question, and must name the maker from it, and nobody without it.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/cli/options.js';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import type { Evidence } from '../../src/evidence/types.js';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { loadProfiles } from '../../src/lab/profiles.js';
import { replayProfile } from '../../src/lab/replay.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import { resolvePolicies } from '../../src/policy/load.js';
import { httpProbe } from '../../src/probes/http/index.js';
import {
  parseRpc2Challenge,
  RPC2_CHALLENGE_CODE,
  RPC2_LOGIN_PATH,
  RPC2_LOGIN_REQUEST,
} from '../../src/probes/http/rpc2.js';
import type { Report } from '../../src/report/types.js';
import { fingerprint } from '../../src/scan/device.js';
import { runScan } from '../../src/scan/run.js';
import { resolveTargets } from '../../src/targets/index.js';
import { loadRecords } from '../../src/validation/records.js';
import { probeContext } from '../helpers/context.js';

const lib = loadSignatureLibrary();
const record = loadRecords().find((r) => r.name === 'mageni Q-See IP camera RPC2_Login challenge');
const RECORDED =
  record?.evidence.find((e) => e.field === 'http.body' && e.path === RPC2_LOGIN_PATH)?.value ?? '';
const HIK_PATH = '/ISAPI/Security/sessionLogin/capabilities';
const HIK_QUESTION = `${HIK_PATH}?username=admin`;
const hikRecord = loadRecords().find((r) => r.name.startsWith('hikaxpro_hacs#56 '));
const HIK_RECORDED =
  hikRecord?.evidence.find((e) => e.field === 'http.body' && e.path === HIK_PATH)?.value ?? '';

describe('the RPC2_Login question', () => {
  it('is the first login step only: user admin, an empty password, no hash', () => {
    const q = JSON.parse(RPC2_LOGIN_REQUEST);
    expect(q.method).toBe('global.login');
    expect(q.params.userName).toBe('admin');
    expect(q.params.password).toBe('');
    expect(q.params).not.toHaveProperty('authorityType');
    expect(q).not.toHaveProperty('session');
  });
});

describe('parseRpc2Challenge', () => {
  it('reads realm, MAC and encryption from the recorded answer', () => {
    expect(RECORDED).toContain('login challenge');
    expect(parseRpc2Challenge(RECORDED)).toEqual({
      realm: 'Login to 4C045ADPAG60CD',
      mac: '3CEF8C6101C0',
      encryption: 'Default',
    });
  });

  it('takes an answer without the error code when it carries a random, and one without a mac', () => {
    const doc = JSON.parse(RECORDED);
    delete doc.error;
    delete doc.params.mac;
    expect(parseRpc2Challenge(JSON.stringify(doc))).toEqual({
      realm: 'Login to 4C045ADPAG60CD',
      encryption: 'Default',
    });
  });

  it('reads a challenge whose keys come in another order (realm first, error last)', () => {
    // rroller/dahua#6 (comment by sagarspatil 2021-07-08): an iMou Ranger 2's answer to the same
    // first step, sent over DHIP on its port 80, as the Dahua JSON Debug Console printed it.
    const answer =
      '{"result":false,"params":{"realm":"Login to 907F3C6C73FEDA77","random":"1f1e4fbc-858a-47c8-8a50-cb9310ad48cb","encryption":"Default"},"error":{"code":268632079,"message":"Component error: login challenge!"},"id":0,"session":2869194125}';
    expect(parseRpc2Challenge(answer)).toEqual({ realm: 'Login to 907F3C6C73FEDA77', encryption: 'Default' });
    expect(matchValue(lib, 'http.body', answer)?.signature.id).toBe('dahua.http-body.rpc2-login-challenge');
    // The error object's keys the other way round still match.
    const swapped = answer.replace(
      '{"code":268632079,"message":"Component error: login challenge!"}',
      '{"message":"Component error: login challenge!","code":268632079}',
    );
    expect(matchValue(lib, 'http.body', swapped)?.signature.id).toBe('dahua.http-body.rpc2-login-challenge');
  });

  it('gives nothing for truncated JSON, other JSON, or the wrong types', () => {
    const doc = JSON.parse(RECORDED);
    const variant = (f: (d: typeof doc) => void) => {
      const d = structuredClone(doc);
      f(d);
      return JSON.stringify(d);
    };
    const junk = [
      '',
      RECORDED.slice(0, RECORDED.length - 10),
      RECORDED.slice(0, 40),
      '{"realm":"Login to 4C045ADPAG60CD"}',
      '[1,2,3]',
      'null',
      '"realm"',
      '<html><title>realm</title></html>',
      variant((d) => {
        d.params.realm = 12345;
      }),
      variant((d) => {
        d.params.realm = { x: 'Login to X' };
      }),
      variant((d) => {
        d.params.realm = '';
      }),
      variant((d) => {
        d.params.realm = 'Login to \u0000\u001b[31m';
      }),
      variant((d) => {
        d.params.realm = 'x'.repeat(300);
      }),
      variant((d) => {
        d.params = [d.params];
      }),
      variant((d) => {
        d.params = 'realm';
      }),
      // Neither the challenge code nor a random: some other RPC2 answer that happens to name a realm.
      variant((d) => {
        d.error.code = String(RPC2_CHALLENGE_CODE);
        delete d.params.random;
      }),
      variant((d) => {
        d.error.code = 268632085;
        d.params.random = 7;
      }),
    ];
    for (const body of junk) expect(parseRpc2Challenge(body), body.slice(0, 80)).toBeUndefined();
  });

  it('drops a MAC that is not one, and never throws on huge or deeply nested input', () => {
    const doc = JSON.parse(RECORDED);
    for (const mac of ['errormac', '000000000000', 12, '3CEF8C6101C0ZZ', 'x'.repeat(40)]) {
      doc.params.mac = mac;
      expect(parseRpc2Challenge(JSON.stringify(doc))?.mac, String(mac)).toBeUndefined();
    }
    const huge = `{"params":{"realm":"Login to X","random":"1","pad":"${'a'.repeat(1 << 20)}"}}`;
    expect(parseRpc2Challenge(huge)).toBeUndefined();
    const deep = `${'['.repeat(4000)}"realm"${']'.repeat(4000)}`;
    expect(() => parseRpc2Challenge(deep)).not.toThrow();
    expect(parseRpc2Challenge(deep)).toBeUndefined();
  });

  it('is matched by the Dahua signatures: the answer by its format, the realm by its grammar', () => {
    expect(matchValue(lib, 'http.body', RECORDED)?.signature.id).toBe('dahua.http-body.rpc2-login-challenge');
    expect(matchValue(lib, 'http.auth.realm', 'Login to 4C045ADPAG60CD')?.signature.vendor).toBe('Dahua');
  });
});

// ---------- over the wire ----------

// The lab's nginx default page (plain-web-server profile), a real page from its sources.
const nginxRoot = loadProfiles()
  .find((p) => p.id === 'plain-web-server')
  ?.http?.find((r) => r.path === '/');
const OFFSET = 28000;
const PREFIX = '127.0.68';
const base = {
  description: 'RPC2_Login test device',
  sources: [record?.source ?? ''],
  expect: { vendor: null, brand: null, type: 'unknown' as const, flagged: false },
};
const PROFILES: DeviceProfile[] = [
  // Nothing but the challenge: every GET is the lab's 404, no banner, no realm.
  { ...base, id: 'rpc2-only', dahuaRpc2Login: { reply: RECORDED } },
  // The same recorded bytes, but only to a GET: the scanner must not name it from a page it never posts to.
  { ...base, id: 'rpc2-get-only', http: [{ path: RPC2_LOGIN_PATH, status: 200, body: RECORDED }] },
  // Hikvision: nothing but the session capabilities, answered whatever user name is asked.
  {
    ...base,
    id: 'hik-session-only',
    http: [
      {
        path: HIK_PATH,
        anyQuery: true,
        status: 200,
        headers: { 'Content-Type': 'application/xml' },
        body: HIK_RECORDED,
      },
    ],
  },
  // A web server that refuses the POST (the lab's nginx default page as its 405 body).
  {
    ...base,
    id: 'refuses-post',
    http: [
      {
        path: RPC2_LOGIN_PATH,
        method: 'POST',
        status: 405,
        ...(nginxRoot ? { body: nginxRoot.body ?? '' } : {}),
      },
    ],
  },
  // An answer far over the byte bound: cut, reported, no crash.
  { ...base, id: 'rpc2-huge', dahuaRpc2Login: { reply: `${RECORDED}${' '.repeat(200 * 1024)}` } },
];

let lab: Lab;
let report: Report;
beforeAll(async () => {
  lab = await startLab({ prefix: PREFIX, first: 11, portOffset: OFFSET, profiles: PROFILES });
  report = await runScan({
    targets: await resolveTargets([`${PREFIX}.11-${PREFIX}.${10 + PROFILES.length}`]),
    library: lib,
    policies: resolvePolicies(undefined, lib.vocabulary),
    ports: [80],
    portOffset: OFFSET,
    limits: { timeoutMs: 3000, maxBytes: DEFAULTS.maxBytes },
    hostBudgetMs: DEFAULTS.hostBudgetMs,
    concurrency: 8,
    rate: 0,
    maxHostRate: 0,
    log: pino({ level: 'silent' }),
  });
}, 60_000);
afterAll(async () => lab?.stop());

const deviceOf = (id: string) => {
  const ip = lab.devices.find((d) => d.profile.id === id)?.ip;
  return report.devices.find((d) => d.ip === ip && !d.via);
};

describe('a device that shows nothing but its RPC2 login challenge', () => {
  it('is named Dahua by the scan, from the answer to the POST', () => {
    const d = deviceOf('rpc2-only');
    expect(d?.oem.vendor).toBe('Dahua');
    const fromPost = d?.evidence.filter((e) => e.request === `POST ${RPC2_LOGIN_PATH}`) ?? [];
    expect(fromPost.map((e) => e.field).sort()).toEqual(['http.auth.realm', 'http.body', 'mac.address']);
    expect(fromPost.find((e) => e.field === 'http.auth.realm')?.value).toBe('Login to 4C045ADPAG60CD');
    expect(d?.serial).toBe('4C045ADPAG60CD');
  });

  it('names nobody without the answer to that question', async () => {
    const device = lab.devices.find((d) => d.profile.id === 'rpc2-only');
    const r = await httpProbe.run(
      { ip: device?.ip ?? '', port: 80 + OFFSET },
      probeContext({ limits: { timeoutMs: 2000, maxBytes: 64 * 1024 } }),
    );
    expect(r.status).toBe('ok');
    expect(fingerprint(r.evidence, lib).verdict.oem.vendor).toBe('Dahua');
    const without: Evidence[] = r.evidence.filter((e) => e.request !== `POST ${RPC2_LOGIN_PATH}`);
    expect(without.length).toBeLessThan(r.evidence.length);
    expect(fingerprint(without, lib).verdict.oem.vendor).toBeNull();
    // The same bytes served to a GET are never asked for.
    expect(deviceOf('rpc2-get-only')?.oem.vendor ?? null).toBeNull();
  });

  it('never sends a password: the lab device saw no login', () => {
    for (const d of lab.devices) expect(d.auth.sent, d.profile.id).toBe(0);
  });

  it('keeps nothing of a refusal but its headers', async () => {
    expect(nginxRoot?.body).toContain('nginx');
    const device = lab.devices.find((d) => d.profile.id === 'refuses-post');
    const r = await httpProbe.run(
      { ip: device?.ip ?? '', port: 80 + OFFSET },
      probeContext({ limits: { timeoutMs: 2000, maxBytes: 64 * 1024 } }),
    );
    expect(r.status).toBe('ok');
    expect(r.evidence.filter((e) => e.request === `POST ${RPC2_LOGIN_PATH}`)).toEqual([]);
  });

  it('bounds an oversized answer and reports the cut', async () => {
    const device = lab.devices.find((d) => d.profile.id === 'rpc2-huge');
    const r = await httpProbe.run(
      { ip: device?.ip ?? '', port: 80 + OFFSET },
      probeContext({ limits: { timeoutMs: 2000, maxBytes: 64 * 1024 } }),
    );
    expect(r.status).toBe('too-large');
    expect(r.evidence.some((e) => e.field === 'http.auth.realm')).toBe(false);
  });
});

describe('a device that shows nothing but its session capabilities', () => {
  it('is named Hikvision by the scan, from the answer to the capabilities question', async () => {
    expect(HIK_RECORDED).toContain('<SessionLoginCap');
    const d = deviceOf('hik-session-only');
    expect(d?.oem.vendor).toBe('Hikvision');
    expect(d?.evidence.some((e) => e.field === 'http.body' && e.request === `GET ${HIK_QUESTION}`)).toBe(
      true,
    );
    const device = lab.devices.find((x) => x.profile.id === 'hik-session-only');
    const r = await httpProbe.run(
      { ip: device?.ip ?? '', port: 80 + OFFSET },
      probeContext({ limits: { timeoutMs: 2000, maxBytes: 64 * 1024 } }),
    );
    expect(fingerprint(r.evidence, lib).verdict.oem.vendor).toBe('Hikvision');
    const without = r.evidence.filter((e) => e.request !== `GET ${HIK_QUESTION}`);
    expect(fingerprint(without, lib).verdict.oem.vendor).toBeNull();
  });
});

describe('replay of a record holding the answer', () => {
  it('serves it on POST /RPC2_Login', () => {
    if (!record) throw new Error('record missing');
    const { profile, served, notReplayable } = replayProfile(record, 'rpc2-replay', 'x');
    expect(profile.dahuaRpc2Login?.reply).toBe(RECORDED);
    expect(profile.http ?? []).toEqual([]);
    expect(served).toHaveLength(1);
    expect(notReplayable).toEqual([]);
  });

  it('serves the session capabilities on their path whatever the query', () => {
    if (!hikRecord) throw new Error('record missing');
    const { profile, served } = replayProfile(hikRecord, 'hik-replay', 'x');
    expect(profile.http).toEqual([
      expect.objectContaining({ path: HIK_PATH, anyQuery: true, status: 200, body: HIK_RECORDED }),
    ]);
    expect(served).toHaveLength(1);
  });
});
