/**
 * TP-Link Tapo local API: the parser on published answers, the probe against lab devices on
 * 127.0.77.x (handshake, secure login, encrypted getDeviceInfo), against servers that answer
 * badly (no Tapo JSON, garbage, oversized, one that never answers), and the real `api: tapo`
 * records replayed over the wire: their device.* items come back only with credentials, the
 * badge is named, and never a password, a hash of it or a token is in what the probe reports.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOffset } from '../../src/cli/commands/lab.js';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { makeEvidence } from '../../src/evidence/types.js';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import { tapoProbe } from '../../src/probes/tapo/index.js';
import { parseDeviceInfo, parseHandshake, parseLogin, tapoEnvelope } from '../../src/probes/tapo/parse.js';
import { md5Hex, sha256Hex } from '../../src/probes/tapo/session.js';
import { fingerprint } from '../../src/scan/device.js';
import { probeContext } from '../helpers/context.js';
import {
  adminCreds,
  closeHttpDevices,
  describeReplayedRecords,
  expectTimeBudget,
  recordingDevice,
} from '../helpers/credentialed.js';

// python-kasa/python-kasa tests/fixtures/smartcam/C200_1.0_1.3.17.json @2961050b1d39ff77b8b342485f817a4c8712ecd5:
// the getDeviceInfo result a C200 gave (python-kasa masks ids and names), inside the
// multipleRequest answer's shape (pytapo executeFunction reads result.responses[0].result).
const BASIC_INFO = {
  avatar: 'Garage',
  barcode: '',
  dev_id: '0000000000000000000000000000000000000000',
  device_alias: '#MASKED_NAME#',
  device_info: 'C200 1.0 IPC',
  device_model: 'C200',
  device_name: '#MASKED_NAME#',
  device_type: 'SMART.IPCAMERA',
  features: '3',
  has_set_location_info: 0,
  hw_desc: '48574445534300000000000000000001',
  hw_version: '1.0',
  latitude: 0,
  longitude: 0,
  mac: '28-EE-52-00-00-00',
  oem_id: '00000000000000000000000000000000',
  sw_version: '1.3.17 Build 260112 Rel.54862n(4555)',
};
const MULTIPLE = JSON.stringify({
  result: {
    responses: [
      { method: 'getDeviceInfo', result: { device_info: { basic_info: BASIC_INFO } }, error_code: 0 },
    ],
  },
  error_code: 0,
});
// Not captures: python-kasa's mock of the device (tests/transports/test_sslaestransport.py):
// the handshake of a secure-login camera, a lockout, the old firmware's handshake and refusals.
const HANDSHAKE = {
  error_code: -40413,
  result: {
    data: {
      code: -40413,
      encrypt_type: ['3'],
      key: 'Someb64keyWithUnknownPurpose',
      nonce: '1234567890ABCDEF',
      device_confirm: 'X',
    },
  },
};
const BLOCKED = { data: { code: -40404, sec_left: 1685 }, error_code: -40401 };
const OLD_HANDSHAKE = {
  error_code: -40401,
  result: { data: { code: -40401, encrypt_type: ['1', '2'], key: 'k', nonce: 'MixedCaseAlphaNumeric' } },
};
const BAD_LOGIN = { error_code: -40401, result: { data: { code: -40411, encrypt_type: ['1', '2'] } } };

const PASSWORD = `Pw-${randomBytes(6).toString('hex')}`;
const SECRETS = [PASSWORD, sha256Hex(PASSWORD), md5Hex(PASSWORD)];
const lib = loadSignatureLibrary();
const off = defaultOffset();
const creds = () => adminCreds(PASSWORD);
const expectNoSecret = (v: unknown) => {
  const text = JSON.stringify(v);
  for (const s of SECRETS) expect(text).not.toContain(s);
};

describe('Tapo API answers', () => {
  it('reads the handshake a device offers: secure login, a lockout, the hashed login of old firmware', () => {
    expect(parseHandshake(HANDSHAKE)).toEqual({
      kind: 'secure',
      nonce: '1234567890ABCDEF',
      deviceConfirm: 'X',
    });
    expect(parseHandshake(BLOCKED)).toEqual({ kind: 'blocked', seconds: 1685 });
    expect(parseHandshake(OLD_HANDSHAKE)).toEqual({ kind: 'hashed' });
    // An unknown user is offered no login at all: no password form may follow.
    expect(parseHandshake({ error_code: -40401, result: { data: { code: -60502 } } })).toEqual({
      kind: 'none',
      code: -60502,
    });
  });

  it('reads a token, a refused login and another error apart', () => {
    expect(
      parseLogin({ error_code: 0, result: { stok: 'abc123def456', user_group: 'root', start_seq: 7 } }),
    ).toEqual({ kind: 'stok', stok: 'abc123def456', startSeq: 7, userGroup: 'root' });
    expect(parseLogin(BAD_LOGIN)).toEqual({ kind: 'refused', code: -40411 });
    expect(parseLogin({ error_code: -40106 })).toEqual({ kind: 'error', code: -40106 });
    // A new first-step answer (an expired nonce) carries code -40401: no refusal of the account.
    // (the shape a TC40 answered, python-kasa/python-kasa#1628, written as JSON)
    const again = {
      result: {
        data: { code: -40401, time: 9, max_time: 10, encrypt_type: ['3'], nonce: '646EE9A7CD3566CE' },
      },
      error_code: -40413,
    };
    expect(parseLogin(again)).toEqual({ kind: 'error', code: -40401 });
    // A token that would change the URL it goes into is no token.
    expect(parseLogin({ error_code: 0, result: { stok: '../x?y' } }).kind).toBe('error');
  });

  it("reads basic_info from a C200's answer", () => {
    const doc = tapoEnvelope(MULTIPLE);
    expect(doc && parseDeviceInfo(doc)).toEqual({
      model: 'C200',
      firmware: '1.3.17 Build 260112 Rel.54862n(4555)',
      hardware: '1.0',
      mac: '28-EE-52-00-00-00',
    });
  });

  it('takes only the API envelope: not HTML, other JSON, arrays or oversized bodies', () => {
    for (const junk of [
      '<html>404</html>',
      '{"error_code":"0"}',
      '[{"error_code":0}]',
      `{"error_code":0,"x":"${'a'.repeat(70_000)}"}`,
    ])
      expect(tapoEnvelope(junk)).toBeUndefined();
  });

  it('the getDeviceInfo answer names TP-Link by its layout; the model alone is too short to', () => {
    const dev = (field: 'http.body' | 'device.model', value: string) => [
      makeEvidence({ probe: 't', ip: '127.0.0.1', port: 443, transport: 'tcp' }, field, value),
    ];
    expect(fingerprint(dev('http.body', MULTIPLE), lib).verdict.brand).toBe('TP-Link');
    expect(fingerprint(dev('device.model', 'C200'), lib).verdict.brand).toBeNull();
  });
});

// ---------- the probe on the wire ----------

const basicInfo = {
  device_model: 'C200',
  sw_version: '1.3.17 Build 260112 Rel.54862n(4555)',
  hw_version: '1.0',
};
const profile = (id: string, password = PASSWORD): DeviceProfile => ({
  id,
  description: 'Tapo API test device',
  sources: ['python-kasa/python-kasa tests/fixtures/smartcam/C200_1.0_1.3.17.json'],
  expect: { vendor: null, brand: 'TP-Link', type: 'unknown', flagged: false },
  tapo: { account: { username: 'admin', password }, basicInfo },
});

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({
    prefix: '127.0.77',
    first: 11,
    portOffset: off,
    profiles: [
      profile('tapo-ok'),
      profile('tapo-other-password', `${PASSWORD}-not`),
      {
        ...profile('tapo-camera-account'),
        tapo: { account: { username: 'viewer', password: PASSWORD }, basicInfo },
      },
    ],
  });
});
afterAll(async () => lab?.stop());

describe('tapo probe against the lab', () => {
  it('logs in securely and reads getDeviceInfo through the encrypted channel', async () => {
    const d = lab.devices[0];
    if (!d) throw new Error('no lab device');
    const r = await tapoProbe.run(
      { ip: d.ip, port: 443 + off, scheme: 'https' },
      probeContext({ credentials: creds() }),
    );
    expect(r.status).toBe('ok');
    const items = r.evidence.map((e) => [e.field, e.value, Boolean(e.authenticated)]);
    expect(items).toContainEqual(['device.model', 'C200', true]);
    expect(items).toContainEqual(['device.firmware', '1.3.17 Build 260112 Rel.54862n(4555)', true]);
    expect(items).toContainEqual(['device.hardware', '1.0', true]);
    expect(r.evidence.some((e) => e.field === 'device.manufacturer')).toBe(false);
    const bodies = r.evidence.filter((e) => e.field === 'http.body');
    expect(bodies.map((b) => [b.request, Boolean(b.authenticated)])).toEqual([
      ['POST / login', false],
      ['POST /stok=…/ds getDeviceInfo', true],
    ]);
    expect(bodies[0]?.value).toContain('"error_code":-40413');
    expect(bodies[0]?.value).toContain('"time":9,"max_time":10');
    // One first step (asked as admin, reused for the login) and one login.
    expect(d.auth).toEqual({ sent: 1, rejected: 0, steps: 1 });
    expectNoSecret(r);
  });

  it('a wrong password: the device cannot prove it holds it, so no digest is sent; auth-failed', async () => {
    const d = lab.devices[1];
    if (!d) throw new Error('no lab device');
    const ctx = probeContext({ credentials: creds() });
    const r = await tapoProbe.run({ ip: d.ip, port: 443 + off, scheme: 'https' }, ctx);
    expect(r.status).toBe('auth-failed');
    expect(r.message).toMatch(/credentials refused \(device_confirm does not match\)/);
    expect(r.evidence.filter((e) => e.authenticated || e.field.startsWith('device.'))).toEqual([]);
    expect(d.auth).toEqual({ sent: 0, rejected: 0, steps: 1 });
    expect(ctx.auth?.refused).toBe(true);
    expectNoSecret(r);
  });

  it("another user (the app's camera account): its own first step, then the login", async () => {
    const d = lab.devices[2];
    if (!d) throw new Error('no lab device');
    const credentials = { ...creds(), username: 'viewer' };
    const r = await tapoProbe.run(
      { ip: d.ip, port: 443 + off, scheme: 'https' },
      probeContext({ credentials }),
    );
    expect(r.evidence.map((e) => [e.field, e.value])).toContainEqual(['device.model', 'C200']);
    // The first step asked as admin is refused as an unknown user and spends nothing.
    expect(d.auth).toEqual({ sent: 1, rejected: 0, steps: 1 });
    expectNoSecret(r);
  });

  it('asks nothing without credentials', async () => {
    const d = lab.devices[0];
    if (!d) throw new Error('no lab device');
    const r = await tapoProbe.run({ ip: d.ip, port: 443 + off, scheme: 'https' }, probeContext());
    expect(r).toMatchObject({ status: 'skipped', evidence: [] });
  });
});

// ---------- badly behaved servers (own listeners on 127.0.77.x) ----------

afterAll(closeHttpDevices);

/** A server that answers each POST by `answer`, recording what it was sent. */
const device = (
  ip: string,
  answer: (path: string, body: string) => { status?: number; body: string | Buffer },
) =>
  recordingDevice(
    ip,
    'application/json',
    (req) => req,
    ({ url, body }) => answer(url, body),
  );

describe('tapo probe against hostile or foreign servers', () => {
  it('sends nothing of the credentials to a server that does not answer in the API envelope', async () => {
    for (const [n, body] of [
      [31, '<html><body>404 Not Found</body></html>'],
      [32, '{"error_code":'],
      [33, randomBytes(2000)],
      [34, `{"error_code":0,"pad":"${'x'.repeat(200_000)}"}`],
    ] as const) {
      const { target, seen } = await device(`127.0.77.${n}`, () => ({ body }));
      const r = await tapoProbe.run(
        target,
        probeContext({ credentials: creds(), limits: { timeoutMs: 1000, maxBytes: 32 * 1024 } }),
      );
      expect(r).toMatchObject({ status: 'skipped', evidence: [] });
      expect(seen).toHaveLength(1);
      expect(JSON.parse(seen[0]?.body ?? '{}').params.username).toBe('admin');
      expectNoSecret(seen);
    }
  });

  it('old firmware: the hashed login, then a plain getDeviceInfo; a garbled answer is a problem, not evidence', async () => {
    const { target, seen } = await device('127.0.77.35', (path, body) => {
      const req = JSON.parse(body) as { params?: { hashed?: boolean } };
      if (path === '/' && !req.params?.hashed) return { body: JSON.stringify(OLD_HANDSHAKE) };
      if (path === '/')
        return { body: JSON.stringify({ error_code: 0, result: { stok: 'abcdef0123456789' } }) };
      return { body: '{"error_code":0,"result":{"responses":[{"method":"getDeviceInfo","result":{}}]}}' };
    });
    const r = await tapoProbe.run(target, probeContext({ credentials: creds() }));
    expect(r.status).toBe('ok');
    expect(r.problems?.[0]?.message).toMatch(/no basic_info/);
    expect(seen.map((s) => s.url)).toEqual(['/', '/', '/stok=abcdef0123456789/ds']);
    // The hashed login carries MD5(password), as old firmware wants; nothing else carries a secret.
    expect(seen.filter((s) => s.body.includes(md5Hex(PASSWORD))).length).toBe(1);
    expectNoSecret(r);
  });

  it('a device that does not know the user is sent nothing derived from the password', async () => {
    const { target, seen } = await device('127.0.77.38', () => ({
      body: '{"error_code":-40401,"result":{"data":{"code":-60502}}}',
    }));
    const r = await tapoProbe.run(target, probeContext({ credentials: creds() }));
    expect(r.status).toBe('auth-failed');
    expect(r.message).toMatch(/unknown user/);
    expect(seen).toHaveLength(1);
    expectNoSecret(seen);
  });

  it('a lockout is reported and leaves the gate open', async () => {
    const { target } = await device('127.0.77.36', () => ({ body: JSON.stringify(BLOCKED) }));
    const ctx = probeContext({ credentials: creds() });
    const r = await tapoProbe.run(target, ctx);
    expect(r.problems?.[0]?.message).toMatch(/blocks logins for 1685 s/);
    expect(ctx.auth?.refused).toBe(false);
  });

  it('ends within its time budget on a server that never answers', async () => {
    await expectTimeBudget(tapoProbe, '127.0.77.37', PASSWORD);
  });
});

// ---------- the real records, replayed ----------

describeReplayedRecords('tapo', '127.0.77', null, lib, {
  minRecords: 8,
  served: (r) => r.served.some((s) => s.field.startsWith('device.')),
  more: (replay) =>
    it('names the TP-Link badge of every replayed record with credentials', async () => {
      const { report } = await replay.scan(null);
      const ips = replay.replays.map((_, i) => `127.0.77.${100 + i}`);
      const named = report.devices.filter((d) => ips.includes(d.ip)).map((d) => d.brand);
      expect(named).toEqual(ips.map(() => 'TP-Link'));
    }, 60_000),
});
