/**
 * Reolink api.cgi: the parser on published answers, the probe against a lab device on
 * 127.0.58.x (GetDevInfo without a token, Login, GetDevInfo, Logout), against servers that
 * answer badly (no Reolink JSON, garbage, oversized, a refused or odd login), and the real
 * `api: reolink` records replayed over the wire: their device.* items come back only with
 * credentials, and never a password or token in what the probe reports.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOffset } from '../../src/cli/commands/lab.js';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import { reolinkProbe } from '../../src/probes/reolink/index.js';
import { parseDevInfo, parseLogin, reolinkAnswers } from '../../src/probes/reolink/parse.js';
import { probeContext } from '../helpers/context.js';
import {
  adminCreds,
  closeHttpDevices,
  describeReplayedRecords,
  expectTimeBudget,
  recordingDevice,
} from '../helpers/credentialed.js';

// Published answers, verbatim (whitespace as the logs print it).
// https://github.com/home-assistant/core/issues/103241 (reolink_aio debug log, RLC-511): Login.
const LOGIN_OK =
  '[\n   {\n      "cmd" : "Login",\n      "code" : 0,\n      "value" : {\n         "Token" : {\n            "leaseTime" : 3600,\n            "name" : "49982c56fcf48ce"\n         }\n      }\n   }\n]\n';
// https://github.com/JimStar/reolink_cctv/issues/26: a Logout sent without a token.
const PLEASE_LOGIN =
  '[\n   {\n      "cmd" : "Logout",\n      "code" : 1,\n      "error" : {\n         "detail" : "please login first",\n         "rspCode" : -6\n      }\n   }\n]\n';
// Reolink's Camera HTTP API User Guide v7 (starkillerOG/reolink_aio doc/), 3.1.2 GetDevInfo.
const DEV_INFO_GUIDE =
  '[\n    {\n         "cmd" : "GetDevInfo",\n         "code" : 0,\n         "value" : {\n             "DevInfo" : {\n                "B485" : 1,\n                "IOInputNum" : 0,\n                "IOOutputNum" : 0,\n                "audioNum" : 16,\n                "buildDay" : "build 20080734",\n                "cfgVer" : "v3.0.0.0",\n                "channelNum" : 16,\n                "detail" : "NVR652410104001000200000",\n                "diskNum" : 2,\n                "exactType" : "NVR",\n                "firmVer" : "v3.0.0.59_20080734",\n                "frameworkVer" : 1,\n                "hardVer" : "H3MB18",\n                "model" : "RLN16-410",\n                "name" : "NVR",\n                "pakSuffix" : "pak,paks",\n                "serial" : "00000000000000",\n                "type" : "NVR",\n                "wifi" : 0\n             }\n         }\n    }\n]';
// Not captures: the guide's "Error Response" shape with codes from its error table (4.1):
// -7 "login failed" for a refused login,
const LOGIN_FAILED =
  '[\n   {\n      "cmd" : "Login",\n      "code" : 1,\n      "error" : {\n         "detail" : "login failed",\n         "rspCode" : -7\n      }\n   }\n]\n';
// Guide error table: -5 "max session" says nothing about the credentials.
const MAX_SESSION =
  '[\n   {\n      "cmd" : "Login",\n      "code" : 1,\n      "error" : {\n         "detail" : "max session",\n         "rspCode" : -5\n      }\n   }\n]\n';

const PASSWORD = `Pw-${randomBytes(6).toString('hex')}`;
const lib = loadSignatureLibrary();
const off = defaultOffset();

describe('Reolink api.cgi answers', () => {
  it('reads a Login token, a refused login and an unrelated API error apart', () => {
    expect(parseLogin(LOGIN_OK)).toEqual({ kind: 'token', token: '49982c56fcf48ce' });
    expect(parseLogin(LOGIN_FAILED)).toEqual({ kind: 'refused', rspCode: -7 });
    expect(parseLogin(MAX_SESSION)).toEqual({ kind: 'error', rspCode: -5, detail: 'max session' });
    // An answer to another command is no Login answer.
    expect(parseLogin(PLEASE_LOGIN)).toBeUndefined();
  });

  it('reads DevInfo from the guide answer and drops an all-zero serial', () => {
    expect(parseDevInfo(DEV_INFO_GUIDE)).toEqual({
      model: 'RLN16-410',
      firmware: 'v3.0.0.59_20080734',
      hardware: 'H3MB18',
      name: 'NVR',
      type: 'NVR',
      exactType: 'NVR',
    });
    expect(parseDevInfo(PLEASE_LOGIN)).toBeUndefined();
  });

  it('takes only the API format: not HTML, other JSON, bad tokens or oversized bodies', () => {
    expect(reolinkAnswers(PLEASE_LOGIN)?.[0]).toEqual({
      cmd: 'Logout',
      code: 1,
      error: { detail: 'please login first', rspCode: -6 },
    });
    for (const junk of [
      '<html><body>404 Not Found</body></html>',
      '{"Response": {"ResponseCode": 0}}',
      '[]',
      '[{"cmd": 5, "code": 0}]',
      '[{"cmd": "Login", "code": "0"}]',
      `[${'['.repeat(100_000)}`,
      `[{"cmd":"GetDevInfo","code":0,"value":{"DevInfo":{"model":"${'x'.repeat(70_000)}"}}}]`,
    ])
      expect(reolinkAnswers(junk)).toBeUndefined();
    // A token that could break out of the query string is no token.
    expect(parseLogin(LOGIN_OK.replace('49982c56fcf48ce', '4998&cmd=Reboot'))).toMatchObject({
      kind: 'error',
    });
  });

  it('the unauthenticated and the DevInfo answers name Reolink by their format', () => {
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    expect(matchValue(lib, 'http.body', norm(PLEASE_LOGIN))?.signature.vendor).toBe('Reolink');
    const m = matchValue(lib, 'http.body', norm(DEV_INFO_GUIDE));
    expect(m?.signature.id).toBe('reolink.http-body.api-devinfo');
    expect(m?.captured).toEqual({ firmware: 'v3.0.0.59_20080734', hardware: 'H3MB18', model: 'RLN16-410' });
    expect(matchValue(lib, 'http.body', '{"cmd": "x", "code": 1}')).toBeUndefined();
  });
});

// ---------- the probe on the wire ----------

const account = { username: 'admin', password: PASSWORD };
const devInfo = { model: 'RLC-511', firmVer: 'v3.0.0.2356_23062003', hardVer: 'IPC_51516M5M', serial: '' };
const profile = (id: string, password = PASSWORD): DeviceProfile => ({
  id,
  description: 'Reolink API test device',
  sources: ['https://github.com/home-assistant/core/issues/103241'],
  expect: { vendor: 'Reolink', brand: null, type: 'unknown', flagged: false },
  reolink: { account: { ...account, password }, devInfo },
});

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({
    prefix: '127.0.58',
    first: 11,
    portOffset: off,
    profiles: [profile('reolink-ok'), profile('reolink-other-password', `${PASSWORD}-not`)],
  });
});
afterAll(async () => lab?.stop());

const creds = (password = PASSWORD) => adminCreds(password);

describe('reolink probe against the lab', () => {
  it('logs in, reads GetDevInfo as authenticated device.* items, and logs out', async () => {
    const d = lab.devices[0];
    if (!d) throw new Error('no lab device');
    const r = await reolinkProbe.run(
      { ip: d.ip, port: 80 + off, scheme: 'http' },
      probeContext({ credentials: creds() }),
    );
    expect(r.status).toBe('ok');
    const items = r.evidence.map((e) => [e.field, e.value, Boolean(e.authenticated)]);
    expect(items).toContainEqual(['device.model', 'RLC-511', true]);
    expect(items).toContainEqual(['device.firmware', 'v3.0.0.2356_23062003', true]);
    expect(items).toContainEqual(['device.hardware', 'IPC_51516M5M', true]);
    // No serial in the answer, no manufacturer either: none invented.
    expect(r.evidence.some((e) => e.field === 'device.serial' || e.field === 'device.manufacturer')).toBe(
      false,
    );
    const bodies = r.evidence.filter((e) => e.field === 'http.body');
    expect(bodies.map((b) => [b.request, Boolean(b.authenticated)])).toEqual([
      ['POST /cgi-bin/api.cgi?cmd=GetDevInfo', false],
      ['POST /cgi-bin/api.cgi?cmd=GetDevInfo', true],
    ]);
    expect(bodies[0]?.value).toContain('"detail" : "please login first"');
    expect(d.auth).toEqual({ sent: 1, rejected: 0 });
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
  });

  it('a wrong password: one refused login, auth-failed, no device.* item, no secret in the result', async () => {
    const d = lab.devices[1];
    if (!d) throw new Error('no lab device');
    const ctx = probeContext({ credentials: creds() });
    const r = await reolinkProbe.run({ ip: d.ip, port: 80 + off, scheme: 'http' }, ctx);
    expect(r.status).toBe('auth-failed');
    expect(r.evidence.filter((e) => e.authenticated || e.field.startsWith('device.'))).toEqual([]);
    expect(r.message).toMatch(/credentials refused \(rspCode -7\)/);
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
    expect(d.auth).toEqual({ sent: 1, rejected: 1 });
    expect(ctx.auth?.refused).toBe(true);
    // The gate is closed: a second run tries no login at all.
    const again = await reolinkProbe.run({ ip: d.ip, port: 80 + off, scheme: 'http' }, ctx);
    expect(again.status).toBe('skipped');
    expect(d.auth.sent).toBe(1);
  });

  it('asks nothing without credentials', async () => {
    const d = lab.devices[0];
    if (!d) throw new Error('no lab device');
    const r = await reolinkProbe.run({ ip: d.ip, port: 80 + off }, probeContext());
    expect(r).toMatchObject({ status: 'skipped', evidence: [] });
  });
});

// ---------- badly behaved servers (own listeners on 127.0.58.x) ----------

type Handler = (
  cmd: string,
  token: string | null,
  body: string,
) => { status?: number; body: string | Buffer };
afterAll(closeHttpDevices);

/** A server that answers each api.cgi POST by `answer`, recording what it was sent. */
const device = (ip: string, answer: Handler) =>
  recordingDevice(
    ip,
    'text/html',
    ({ url, body }) => {
      const q = new URL(url, 'http://x').searchParams;
      return { cmd: q.get('cmd') ?? '', token: q.get('token'), body };
    },
    (e) => answer(e.cmd, e.token, e.body),
  );

describe('reolink probe against hostile or foreign servers', () => {
  it('sends no credentials to a server that does not answer in the API format', async () => {
    for (const [n, body] of [
      [31, '<html><body>404 Not Found</body></html>'],
      [32, '[{"cmd":"GetDevInfo","code":'],
      [33, randomBytes(2000)],
    ] as const) {
      const { target, seen } = await device(`127.0.58.${n}`, () => ({ body }));
      const r = await reolinkProbe.run(target, probeContext({ credentials: creds() }));
      expect(r).toMatchObject({ status: 'skipped', evidence: [] });
      expect(seen.map((s) => s.cmd)).toEqual(['GetDevInfo']);
      expect(JSON.stringify(seen)).not.toContain(PASSWORD);
    }
  });

  it('an oversized answer is cut, never parsed, and gives no evidence', async () => {
    const huge = `[{"cmd" : "GetDevInfo", "code" : 0, "value" : {"DevInfo" : {"model" : "RLC-511", "pad" : "${'x'.repeat(200_000)}"}}}]`;
    const { target, seen } = await device('127.0.58.34', () => ({ body: huge }));
    const r = await reolinkProbe.run(
      target,
      probeContext({ credentials: creds(), limits: { timeoutMs: 1000, maxBytes: 32 * 1024 } }),
    );
    expect(r).toMatchObject({ status: 'skipped', evidence: [] });
    expect(seen).toHaveLength(1);
  });

  it('after login: an oversized DevInfo is a problem, not evidence; the token is logged out and never reported', async () => {
    const token = 'a1b2c3d4e5f6a7b';
    const { target, seen } = await device('127.0.58.35', (cmd, t) => {
      if (cmd === 'Login') return { body: LOGIN_OK.replace('49982c56fcf48ce', token) };
      if (t !== token) return { body: PLEASE_LOGIN };
      if (cmd === 'GetDevInfo') return { body: `[${' '.repeat(100_000)}]` };
      return { body: '[ { "cmd" : "Logout", "code" : 0, "value" : { "rspCode" : 200 } } ]' };
    });
    const r = await reolinkProbe.run(
      target,
      probeContext({ credentials: creds(), limits: { timeoutMs: 1000, maxBytes: 32 * 1024 } }),
    );
    expect(r.status).toBe('ok');
    expect(r.problems?.[0]?.status).toBe('too-large');
    expect(r.evidence.some((e) => e.field.startsWith('device.') || e.authenticated)).toBe(false);
    expect(seen.map((s) => [s.cmd, s.token])).toEqual([
      ['GetDevInfo', null],
      ['Login', null],
      ['GetDevInfo', token],
      ['Logout', token],
    ]);
    // The password went only into the Login body, as JSON.
    expect(seen.filter((s) => s.body.includes(PASSWORD)).map((s) => s.cmd)).toEqual(['Login']);
    expect(JSON.parse(seen[1]?.body ?? '')).toEqual([
      { cmd: 'Login', action: 0, param: { User: { userName: 'admin', password: PASSWORD } } },
    ]);
    const text = JSON.stringify(r);
    expect(text).not.toContain(token);
    expect(text).not.toContain(PASSWORD);
  });

  it('a login error that is not about the credentials leaves the gate open and reports no device', async () => {
    const { target, seen } = await device('127.0.58.36', (cmd) => ({
      body: cmd === 'Login' ? MAX_SESSION : PLEASE_LOGIN,
    }));
    const ctx = probeContext({ credentials: creds() });
    const r = await reolinkProbe.run(target, ctx);
    expect(r.status).toBe('ok');
    expect(r.problems?.[0]?.message).toMatch(/no token \(HTTP 200, rspCode -5, max session\)/);
    expect(r.evidence.map((e) => [e.field, Boolean(e.authenticated)])).toEqual([['http.body', false]]);
    expect(ctx.auth?.refused).toBe(false);
    // No token, so no Logout (a token-less Logout upsets some firmware).
    expect(seen.map((s) => s.cmd)).toEqual(['GetDevInfo', 'Login']);
  });

  it('ends within its time budget on a server that never answers', async () => {
    await expectTimeBudget(reolinkProbe, '127.0.58.37', PASSWORD);
  });
});

// ---------- the real records, replayed ----------

describeReplayedRecords('reolink', '127.0.58', 'Reolink', lib, {
  minRecords: 10,
  served: (r) => r.served.some((s) => s.field.startsWith('device.')),
});
