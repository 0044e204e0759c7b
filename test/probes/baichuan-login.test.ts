/**
 * Reolink's Baichuan login with credentials (src/probes/baichuan/login.ts): the parsers on
 * Neolink's recorded frames and test vectors, the probe against the lab's credentialed Reolink
 * camera on 127.0.78.x (src/lab/baichuan.ts, recorded offer and login replies; BCEncrypt and
 * AES), against peers that answer badly, and the real `api: baichuan` records replayed over the
 * wire. Never the password, its MD5 or the login hashes in what the probe reports.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultOffset } from '../../src/cli/commands/lab.js';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { loadCredentialedProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import { readFrame } from '../../src/probes/baichuan/frame.js';
import { BAICHUAN_PORT, LEGACY_LOGIN } from '../../src/probes/baichuan/index.js';
import { baichuanLoginProbe } from '../../src/probes/baichuan/login.js';
import { loginHash, parseOffer, parseVersionInfo } from '../../src/probes/baichuan/parse.js';
import { probeContext } from '../helpers/context.js';
import { adminCreds, describeReplayedRecords } from '../helpers/credentialed.js';
import { closePeers, FOREIGN_ANSWERS, itEndsAs, tcpPeer } from '../helpers/tcp-peer.js';

const recorded = parse(readFileSync('test/fixtures/reolink/baichuan-login.yaml', 'utf8')) as {
  answers: { name: string; hex: string }[];
};
const frame = (name: string) => {
  const hex = recorded.answers.find((a) => a.name.startsWith(name))?.hex ?? '';
  const r = readFrame(Buffer.from(hex, 'hex'), 64 * 1024);
  if (!r || r === 'incomplete') throw new Error(`no recorded frame ${name}`);
  return r.frame;
};
const camera = loadCredentialedProfiles().find(
  (p) => p.id === 'reolink-camera-baichuan-login',
) as DeviceProfile;
const login = camera.baichuan?.login;
if (!login) throw new Error('the lab camera has no Baichuan login');

const PASSWORD = `Pw-${randomBytes(6).toString('hex')}`;
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const expectNoSecret = (v: unknown) => {
  const text = JSON.stringify(v);
  for (const s of [PASSWORD, md5(PASSWORD), md5(PASSWORD).toUpperCase()]) expect(text).not.toContain(s);
};
const lib = loadSignatureLibrary();
const off = defaultOffset();

describe('Baichuan login frames', () => {
  it("reads the recorded encryption offers: BCEncrypt and AES with their nonce, Argus 2's 0xdd03 as unsupported", () => {
    // The nonce Neolink's own parser test reads from this frame (crates/core/src/bc/de.rs test_bc_modern_login).
    expect(parseOffer(frame('encryption offer 0xdd01'))).toEqual({ scheme: 'bc', nonce: '9E6D1FCB9E69846D' });
    expect(parseOffer(frame('encryption offer 0xdd02'))).toMatchObject({ scheme: 'aes' });
    expect(parseOffer(frame('encryption offer 0xdd03'))).toEqual({ unsupported: 3 });
    // A refusal carries no offer.
    expect(parseOffer(frame('login refusal'))).toBeUndefined();
  });

  it('hashes as Neolink does: upper-case hex MD5, 31 characters', () => {
    // Neolink's test vector (crates/core/src/bc_protocol.rs test_md5_string): md5_string("admin", Truncate).
    expect(loginHash('admin', '')).toBe('21232F297A57A5A743894A0E4A801FC');
  });

  it("reads VersionInfo's identity fields and nothing from other XML", () => {
    const info = login.versionInfo;
    const xml = `<?xml version="1.0" encoding="UTF-8" ?>\n<body>\n<VersionInfo version="1.1">\n${Object.entries(
      info,
    )
      .map(([k, v]) => `<${k}>${v}</${k}>`)
      .join('\n')}\n</VersionInfo>\n</body>\n`;
    expect(parseVersionInfo(xml)).toEqual({
      model: 'E1',
      firmware: 'v2.0.0.587_19110800',
      serial: '00000000000000',
      hardware: 'IPC_517SD5',
    });
    expect(parseVersionInfo('<body><DeviceInfo><type>ipc</type></DeviceInfo></body>')).toBeUndefined();
    expect(parseVersionInfo('not xml <<<')).toBeUndefined();
    expect(
      parseVersionInfo(`<body><VersionInfo><type>${'x'.repeat(500)}</type></VersionInfo></body>`),
    ).toEqual({});
  });
});

describe('the probe against lab cameras', () => {
  const aesOffer = recorded.answers.find((a) => a.name.startsWith('encryption offer 0xdd02'))?.hex ?? '';
  const withAccount = (
    id: string,
    password: string,
    answer = camera.baichuan?.answer ?? '',
  ): DeviceProfile => ({
    ...camera,
    id,
    baichuan: { answer, login: { ...login, account: { username: 'admin', password } } },
  });
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({
      prefix: '127.0.78',
      first: 11,
      portOffset: off,
      profiles: [
        withAccount('bc-ok', PASSWORD),
        withAccount('bc-other-password', `${PASSWORD}-not`),
        withAccount('bc-aes', PASSWORD, aesOffer),
      ],
    });
  });
  afterAll(async () => lab?.stop());
  const device = (i: number) => {
    const d = lab.devices[i];
    if (!d) throw new Error('no lab device');
    return d;
  };
  const ask = (i: number, credentials = adminCreds(PASSWORD)) => {
    const ctx = probeContext({ credentials });
    return { ctx, result: baichuanLoginProbe.run({ ip: device(i).ip, port: BAICHUAN_PORT + off }, ctx) };
  };

  it.each([
    [0, 'BCEncrypt'],
    [2, 'AES'],
  ])('logs in and reads VersionInfo (device %i, %s)', async (i) => {
    const { result } = ask(i);
    const r = await result;
    expect(r.status).toBe('ok');
    expect(r.evidence.map((e) => [e.field, e.value, e.authenticated])).toEqual([
      ['device.model', 'E1', true],
      ['device.firmware', 'v2.0.0.587_19110800', true],
      ['device.serial', '00000000000000', true],
      ['device.hardware', 'IPC_517SD5', true],
    ]);
    expect(device(i).auth).toMatchObject({ sent: 1, rejected: 0 });
    expectNoSecret(r);
  });

  it('a wrong password is one refused login, reported, and closes the gate', async () => {
    const { ctx, result } = ask(1);
    const r = await result;
    expect(r.status).toBe('auth-failed');
    expect(r.evidence).toEqual([]);
    expect(device(1).auth).toMatchObject({ sent: 1, rejected: 1 });
    expect(ctx.auth?.refused).toBe(true);
    expectNoSecret(r);
  });

  it('asks nothing without credentials', async () => {
    const peer = await tcpPeer('127.0.78.30', () => undefined);
    const r = await baichuanLoginProbe.run({ ip: '127.0.78.30', port: peer.port }, probeContext());
    expect(r.status).toBe('skipped');
    expect(peer.got).toEqual([]);
  });
});

describe('peers that answer badly', () => {
  afterEach(closePeers);
  const run = (port: number, timeoutMs = 500, ip = '127.0.78.40') =>
    baichuanLoginProbe.run(
      { ip, port },
      probeContext({ credentials: adminCreds(PASSWORD), limits: { timeoutMs, maxBytes: 64 * 1024 } }),
    );

  itEndsAs('127.0.78.40', run, FOREIGN_ANSWERS);

  it("an offer this probe cannot speak (Argus 2's 0xdd03) is reported and no login is sent", async () => {
    const offer = Buffer.from(recorded.answers.find((a) => a.name.includes('0xdd03'))?.hex ?? '', 'hex');
    const peer = await tcpPeer('127.0.78.41', () => offer);
    const r = await run(peer.port, 500, '127.0.78.41');
    expect(r.status).toBe('skipped');
    expect(r.message).toMatch(/0xdd03/);
    expect(Buffer.concat(peer.got).equals(LEGACY_LOGIN)).toBe(true);
  });

  it('a frame that declares a body over the limit ends as a protocol error', async () => {
    const offer = Buffer.from(recorded.answers[0]?.hex ?? '', 'hex');
    offer.writeUInt32LE(0x7fffffff, 8);
    const peer = await tcpPeer('127.0.78.42', () => offer.subarray(0, 20));
    const r = await run(peer.port, 500, '127.0.78.42');
    expect(r.status).toBe('protocol-error');
  });
});

describeReplayedRecords('baichuan', '127.0.78', 'Reolink', lib, {
  minRecords: 3,
  probe: 'baichuan-login',
  served: (r) => r.served.some((s) => s.field.startsWith('device.')),
});
