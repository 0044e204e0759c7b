/**
 * Axis VAPIX param.cgi: the parser on published answers (Kane610/axis fixtures) and hostile
 * variants, the probe against a lab camera on 127.0.70.x and against servers that answer badly
 * or are no Axis (own listeners on 127.0.70.x: credentials are sent only where param.cgi alone
 * asks for a login or the realm is Axis's), a scan with and without credentials (logins counted
 * at the lab; the password nowhere in the report or the trace log), and the real `api: vapix`
 * records replayed over the wire.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOffset } from '../../src/cli/commands/lab.js';
import { singleCredential } from '../../src/credentials/load.js';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchValue } from '../../src/engine/match.js';
import { type EvidenceField, makeEvidence } from '../../src/evidence/types.js';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { loadCredentialedProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import { PROBES, WEB_CREDENTIALED_PROBES } from '../../src/probes/registry.js';
import { BRAND_LIST, PROPERTIES_LIST, vapix, vapixProbe } from '../../src/probes/vapix/index.js';
import { parseBrand, parseProperties, vapixParams } from '../../src/probes/vapix/parse.js';
import { fingerprint } from '../../src/scan/device.js';
import { runScan } from '../../src/scan/run.js';
import { resolveTargets } from '../../src/targets/index.js';
import { expectNoSecret } from '../helpers/canary.js';
import { probeContext } from '../helpers/context.js';
import {
  adminCreds,
  closeHttpDevices,
  scanOptions as commonScanOptions,
  concluded,
  describeReplayedRecords,
  expectAuthenticatedVerdict,
  expectTimeBudget,
  httpDevice,
} from '../helpers/credentialed.js';

const lib = loadSignatureLibrary();
const off = defaultOffset();
const PASSWORD = `Pw-${randomBytes(6).toString('hex')}!@`;

// The lab camera: Kane610/axis's Brand and Properties answers, verbatim (src/lab/credentialed/).
const axisProfile = loadCredentialedProfiles().find((p) => p.id === 'axis-camera-vapix') as DeviceProfile;
const BRAND = axisProfile?.vapix?.groups.Brand ?? '';
const PROPERTIES = axisProfile?.vapix?.groups.Properties ?? '';
// Kane610/axis tests/parameters/test_brand.py @de855ed4edf0c4796d2eb5f3e46cc2e79b348069 (BRAND_5_51_RESPONSE).
const BRAND_5_51 =
  'root.Brand.Brand=AXIS\nroot.Brand.ProdFullName=AXIS M3024-L Network Camera\nroot.Brand.ProdShortName=AXIS M3024-L\nroot.Brand.ProdNbr=M3024-L\nroot.Brand.ProdType=Network Camera\nroot.Brand.WebURL=http://www.axis.com/\n';

describe('VAPIX param.cgi answers', () => {
  it('reads maker and product from the Brand lists', () => {
    expect(parseBrand(BRAND)).toEqual({
      manufacturer: 'AXIS',
      model: 'M1065-LW',
      fullName: 'AXIS M1065-LW Network Camera',
      type: 'Network Camera',
    });
    expect(parseBrand(BRAND_5_51)?.model).toBe('M3024-L');
    // CRLF line ends read the same.
    expect(parseBrand(BRAND_5_51.replace(/\n/g, '\r\n'))?.model).toBe('M3024-L');
  });

  it('reads firmware, serial and hardware id from the Properties list', () => {
    expect(PROPERTIES.split('\n').length).toBeGreaterThan(90);
    expect(parseProperties(PROPERTIES)).toEqual({
      firmware: '9.10.1',
      serial: 'ACCC12345678',
      hardware: '70E',
    });
    // A Properties list is no Brand list.
    expect(parseBrand(PROPERTIES)).toBeUndefined();
  });

  it('takes only the list format: not HTML, binary, huge, truncated mid-line or overlong values', () => {
    for (const junk of [
      '',
      '<html><body>root.Brand.Brand=AXIS</body></html>',
      `<pre>\n${BRAND}\n</pre>`,
      randomBytes(4000).toString('latin1'),
      `${BRAND}\n${'root.Brand.X=y\n'.repeat(20_000)}`,
      'x'.repeat(300 * 1024),
      `${BRAND}\n`.repeat(6000),
      'root.Brand.Brand=AXIS\nroot.Brand.ProdN',
      "# Error: Error -1 getting param in group 'root.Brand'\n",
      '{"apiVersion":"1.0","data":{"propertyList":{"Brand":"AXIS"}}}',
    ])
      expect(parseBrand(junk), junk.slice(0, 40)).toBeUndefined();
    // A value past 200 characters is dropped, control characters are removed.
    expect(parseBrand(`root.Brand.Brand=AXIS\nroot.Brand.ProdNbr=${'M'.repeat(201)}\n`)).toEqual({
      manufacturer: 'AXIS',
    });
    expect(parseBrand('root.Brand.Brand=AX\u0000IS\u001b\nroot.Brand.ProdNbr=M1065-LW')?.manufacturer).toBe(
      'AXIS',
    );
    expect(vapixParams('root.=x')).toBeUndefined();
  });

  it('the Brand answer names Axis by its format, with the product number', () => {
    const m = matchValue(lib, 'http.body', BRAND.replace(/\s+/g, ' ').trim());
    expect(m?.signature.vendor).toBe('Axis');
    expect(m?.captured?.model).toBe('M1065-LW');
  });
});

describe('the Brand answer names its stack in the verdict', () => {
  const authed = (field: EvidenceField, value: string) =>
    makeEvidence(
      {
        probe: 'vapix',
        ip: '127.0.0.1',
        port: 80,
        transport: 'tcp',
        request: `GET ${BRAND_LIST}`,
        authenticated: true,
      },
      field,
      value,
    );
  it('a Brand list with a product number no grammar knows is Axis, from authenticated answers', () => {
    const body = BRAND.replace(/M1065-LW/g, 'XYZ-1');
    const { verdict } = fingerprint([authed('http.body', body), authed('device.model', 'XYZ-1')], lib);
    expect(verdict.oem).toMatchObject({ vendor: 'Axis', authenticated: true });
    expect(verdict.oem.probable).toBeUndefined();
  });
});

describe('vapix in the registry', () => {
  it('is a credentialed web probe of the default set', () => {
    expect(PROBES).toContain(vapix);
    expect(WEB_CREDENTIALED_PROBES.map((p) => p.name)).toContain('vapix');
  });
});

// ---------- the probe against the lab ----------

const withPassword = (p: DeviceProfile, id: string, password: string): DeviceProfile => ({
  ...p,
  id,
  vapix: { account: { username: 'admin', password }, groups: p.vapix?.groups ?? {} },
});
const creds = (password = PASSWORD) => adminCreds(password);

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({
    prefix: '127.0.70',
    first: 11,
    portOffset: off,
    profiles: [
      withPassword(axisProfile, 'axis-ok', PASSWORD),
      withPassword(axisProfile, 'axis-other-password', `${PASSWORD}-not`),
      withPassword(axisProfile, 'axis-no-creds', PASSWORD),
    ],
  });
});
afterAll(async () => lab?.stop());

const labDevice = (i: number) => {
  const d = lab.devices[i];
  if (!d) throw new Error('no lab device');
  return d;
};

describe('vapix probe against the lab', () => {
  it('answers the Digest challenge and reads Brand and Properties as authenticated device.* items', async () => {
    const d = labDevice(0);
    const r = await vapixProbe.run(
      { ip: d.ip, port: 80 + off, scheme: 'http' },
      probeContext({ credentials: creds() }),
    );
    expect(r.status).toBe('ok');
    expect(r.problems).toBeUndefined();
    const items = r.evidence.map((e) => [e.field, e.value, e.request, Boolean(e.authenticated)]);
    expect(items.filter(([f]) => f !== 'http.body')).toEqual([
      ['device.manufacturer', 'AXIS', `GET ${BRAND_LIST}`, true],
      ['device.model', 'M1065-LW', `GET ${BRAND_LIST}`, true],
      ['device.firmware', '9.10.1', `GET ${PROPERTIES_LIST}`, true],
      ['device.hardware', '70E', `GET ${PROPERTIES_LIST}`, true],
      ['device.serial', 'ACCC12345678', `GET ${PROPERTIES_LIST}`, true],
    ]);
    const body = r.evidence.find((e) => e.field === 'http.body');
    expect(body?.authenticated).toBe(true);
    expect(body?.value).toContain('root.Brand.ProdNbr=M1065-LW');
    // Two requests carried credentials (Brand, Properties), none refused.
    expect(d.auth).toEqual({ sent: 2, rejected: 0 });
    expectNoSecret(JSON.stringify(r), 'probe result', [PASSWORD]);
    // Every item carries a field the descriptor declares.
    for (const e of r.evidence) expect(Object.keys(vapix.fields)).toContain(e.field);
  });

  it('a wrong password: one refused login, auth-failed, nothing else tried', async () => {
    const d = labDevice(1);
    const ctx = probeContext({ credentials: creds() });
    const r = await vapixProbe.run({ ip: d.ip, port: 80 + off, scheme: 'http' }, ctx);
    expect(r.status).toBe('auth-failed');
    expect(r.evidence).toEqual([]);
    expect(r.message).toMatch(/^VAPIX param\.cgi: credentials refused \(HTTP 401\)/);
    expect(d.auth).toEqual({ sent: 1, rejected: 1 });
    expect(ctx.auth?.refused).toBe(true);
    const again = await vapixProbe.run({ ip: d.ip, port: 80 + off, scheme: 'http' }, ctx);
    expect(again.status).toBe('skipped');
    expect(d.auth.sent).toBe(1);
    expectNoSecret(JSON.stringify([r, again]), 'probe results', [PASSWORD]);
  });

  it('asks nothing without credentials', async () => {
    const d = labDevice(2);
    const r = await vapixProbe.run({ ip: d.ip, port: 80 + off }, probeContext());
    expect(r).toMatchObject({ status: 'skipped', evidence: [] });
    expect(d.auth.sent).toBe(0);
  });
});

// ---------- foreign and badly behaved servers (own listeners on 127.0.70.x) ----------

interface Seen {
  url: string;
  authorization?: string;
}
type Answer = (
  url: string,
  authorization: string | undefined,
) => {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
} | null;
afterAll(closeHttpDevices);

async function device(ip: string, answer: Answer) {
  const seen: Seen[] = [];
  const target = await httpDevice(ip, (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    seen.push({ url, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    const a = answer(url, req.headers.authorization);
    if (a === null) return; // never answers
    res.writeHead(a.status ?? 200, { 'Content-Type': 'text/plain', ...a.headers });
    res.end(a.body ?? '');
  });
  return { target, seen };
}

const digest = (realm: string) => ({
  status: 401,
  headers: { 'WWW-Authenticate': `Digest realm="${realm}", qop="auth", nonce="0123456789abcdef"` },
});
const isParam = (url: string) => url.startsWith('/axis-cgi/param.cgi');

describe('vapix probe against foreign or hostile servers', () => {
  it('sends no credentials to a server that asks every path for a login', async () => {
    const { target, seen } = await device('127.0.70.31', () => digest('lab'));
    const ctx = probeContext({ credentials: creds() });
    const r = await vapixProbe.run(target, ctx);
    expect(r).toMatchObject({ status: 'skipped', evidence: [] });
    expect(r.message).toMatch(/no sign of Axis; credentials not sent/);
    expect(seen).toHaveLength(2); // param.cgi and the control path
    expect(seen.some((s) => s.authorization)).toBe(false);
    expect(ctx.auth?.counts.sent).toBe(0);
  });

  it('sends nothing further to a server without param.cgi or that answers it with a page', async () => {
    for (const [n, a] of [
      [32, { status: 404, body: 'not found' }],
      [33, { status: 200, body: '<html><body>root.Brand.Brand=AXIS</body></html>' }],
      [34, { status: 200, body: randomBytes(3000) }],
      [35, { status: 401, headers: { 'WWW-Authenticate': 'NTLM' } }],
    ] as const) {
      const { target, seen } = await device(`127.0.70.${n}`, () => a);
      const r = await vapixProbe.run(target, probeContext({ credentials: creds() }));
      expect(r, String(n)).toMatchObject({ status: 'skipped', evidence: [] });
      expect(seen.map((s) => s.url)).toEqual([BRAND_LIST]);
      expect(seen.some((s) => s.authorization)).toBe(false);
    }
  });

  it('an Axis realm is answered without a control request; a 401 on param.cgi alone after one', async () => {
    const ok = (url: string, auth: string | undefined) =>
      !isParam(url) ? { status: 404 } : auth ? { body: url.includes('Brand') ? BRAND : PROPERTIES } : null;
    const axis = await device('127.0.70.36', (url, auth) => ok(url, auth) ?? digest('AXIS_ACCC8E494578'));
    const r1 = await vapixProbe.run(axis.target, probeContext({ credentials: creds() }));
    expect(r1.status).toBe('ok');
    expect(axis.seen.map((s) => [s.url, Boolean(s.authorization)])).toEqual([
      [BRAND_LIST, false],
      [BRAND_LIST, true],
      [PROPERTIES_LIST, false],
      [PROPERTIES_LIST, true],
    ]);
    // The Digest answer carries a hash, never the password.
    expect(axis.seen[1]?.authorization).toMatch(/^Digest username="admin", realm="AXIS_ACCC8E494578"/);
    expectNoSecret(JSON.stringify(axis.seen), 'requests', [PASSWORD]);

    const plain = await device('127.0.70.37', (url, auth) => ok(url, auth) ?? digest('lab'));
    const r2 = await vapixProbe.run(plain.target, probeContext({ credentials: creds() }));
    expect(r2.status).toBe('ok');
    expect(plain.seen[1]?.url).toMatch(/^\/[0-9a-f]{16}$/);
    expect(plain.seen[1]?.authorization).toBeUndefined();
    expect(r2.evidence.find((e) => e.field === 'device.model')?.value).toBe('M1065-LW');
  });

  it('reads an anonymous Brand list without sending credentials', async () => {
    const { target, seen } = await device('127.0.70.38', (url) =>
      url === BRAND_LIST
        ? { body: BRAND_5_51 }
        : url === PROPERTIES_LIST
          ? { body: PROPERTIES }
          : { status: 404 },
    );
    const r = await vapixProbe.run(target, probeContext({ credentials: creds() }));
    expect(r.status).toBe('ok');
    expect(r.evidence.every((e) => !e.authenticated)).toBe(true);
    expect(r.evidence.find((e) => e.field === 'device.model')?.value).toBe('M3024-L');
    expect(r.evidence.find((e) => e.field === 'device.firmware')?.value).toBe('9.10.1');
    expect(seen.some((s) => s.authorization)).toBe(false);
  });

  it('after login: an oversized or binary answer gives no device.* item', async () => {
    for (const [n, body] of [
      [39, `${BRAND}\nroot.Brand.Pad=${'x'.repeat(100_000)}\n`],
      [40, randomBytes(5000)],
    ] as const) {
      const { target } = await device(`127.0.70.${n}`, (url, auth) =>
        !isParam(url) ? { status: 404 } : auth ? { body } : digest('AXIS_00408CACC5A4'),
      );
      const r = await vapixProbe.run(
        target,
        probeContext({ credentials: creds(), limits: { timeoutMs: 1000, maxBytes: 32 * 1024 } }),
      );
      expect(r.status, String(n)).toBe('skipped');
      expect(r.evidence).toEqual([]);
    }
  });

  it('ends within its time budget on a server that never answers', async () => {
    await expectTimeBudget(vapixProbe, '127.0.70.41', PASSWORD);
  });
});

// ---------- the scan, with and without credentials ----------

const scanOptions = (password: string | undefined, log?: Logger) =>
  commonScanOptions(lib, password ? singleCredential('admin', password) : undefined, log);

describe('a scan of the lab Axis camera', () => {
  let scanLab: Lab;
  const canary = `Canary-${randomBytes(4).toString('hex')}-Pa55!w@rd`;
  beforeAll(async () => {
    scanLab = await startLab({
      prefix: '127.0.70',
      first: 60,
      portOffset: off,
      profiles: [withPassword(axisProfile, 'axis-scan', canary)],
    });
  });
  afterAll(async () => scanLab?.stop());

  it('without credentials sends none and concludes what the profile expects', async () => {
    const d = scanLab.devices[0];
    const report = await runScan({ ...scanOptions(undefined), targets: await resolveTargets([d?.ip ?? '']) });
    const dev = report.devices.find((x) => x.ip === d?.ip);
    expect(d?.auth.sent).toBe(0);
    expect(dev?.evidence.some((e) => e.probe === 'vapix' || e.authenticated)).toBe(false);
    expect(concluded(dev)).toEqual(axisProfile.expect);
    // Named from the param.cgi hint alone, so only as probable.
    expect(dev?.oem.probable).toBe(true);
  }, 30_000);

  it('with credentials names Axis and the model, and the password is in no report or log line', async () => {
    const d = scanLab.devices[0];
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const report = await runScan({
      ...scanOptions(canary, pino({ level: 'trace' }, sink)),
      targets: await resolveTargets([d?.ip ?? '']),
    });
    const dev = report.devices.find((x) => x.ip === d?.ip);
    expectAuthenticatedVerdict(dev, axisProfile.expectAuthenticated);
    expect(dev?.oem.authenticated).toBe(true);
    expect(dev?.evidence.some((e) => e.probe === 'vapix' && e.authenticated)).toBe(true);
    expect(d?.auth).toEqual({ sent: 2, rejected: 0 });
    // The trace log was on and saw the credentialed request.
    expect(lines.join('')).toMatch(/"request":"VAPIX param\.cgi".*"msg":"credentialed request"/);
    expectNoSecret(JSON.stringify(report), 'report', [canary]);
    expectNoSecret(lines.join(''), 'trace log', [canary]);
  }, 30_000);
});

// ---------- the real records, replayed ----------

describeReplayedRecords('vapix', '127.0.70', 'Axis', lib, {
  minRecords: 4,
  served: (r) => /^root\.Brand\./.test(r.profile.vapix?.groups.Brand ?? ''),
});
