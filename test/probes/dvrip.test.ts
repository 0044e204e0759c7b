/**
 * XiongMai DVRIP framing, payload parsing and the probe's conversation, on the published
 * replies of sofia-netsurv/python-netsurv issue #7 framed as python-dvr dvrip.py frames them
 * (header "BB2xII2xHI", payload ending in "\n\0"): whole, split at every byte, truncated,
 * oversized and garbage.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/credentials/secret.js';
import {
  DvripFrameError,
  encodeFrame,
  FrameReader,
  HEADER_BYTES,
  MSG,
} from '../../src/probes/dvrip/frame.js';
import { dvripProbe } from '../../src/probes/dvrip/index.js';
import { parseLoginReply, parseSystemInfo, payloadJson, sofiaHash } from '../../src/probes/dvrip/parse.js';
import { TooLargeError } from '../../src/probes/status.js';
import { probeContext } from '../helpers/context.js';

// https://github.com/sofia-netsurv/python-netsurv/issues/7 (login reply and SystemInfo reply, verbatim).
const LOGIN_REPLY =
  '{ "AliveInterval" : 30, "ChannelNum" : 1, "DeviceType " : "IPC", "ExtraChannel" : 0, "Ret" : 100, "SessionID" : "0x00000032" }';
const SYSTEM_INFO_REPLY =
  '{ "Name" : "SystemInfo", "Ret" : 100, "SessionID" : "0x00000001", "SystemInfo" : { "AlarmInChannel" : 0, "AlarmOutChannel" : 0, "AudioInChannel" : 1, "BuildTime" : "2019-07-25 19:04:44", "CombineSwitch" : 0, "DeviceModel" : "RA50X20", "DeviceRunTime" : "0x000099f2", "DigChannel" : 0, "EncryptVersion" : "Unknown", "ExtraChannel" : 0, "HardWare" : "XM530_RA50X20_8M", "HardWareVersion" : "1.01", "SerialNo" : "e976aa836ddfa704", "SoftWareVersion" : "V5.00.R02.00030665.10010.243506.0000000", "TalkInChannel" : 1, "TalkOutChannel" : 1, "UpdataTime" : "", "UpdataType" : "0x00000000", "VideoInChannel" : 1, "VideoOutChannel" : 1 } }';
// The same issue: a SystemInfo refused on another unit.
const REFUSED_REPLY =
  '{ "Name" : "SystemInfo", "Ret" : 607, "SessionID" : "0x00000000", "SystemInfo" : null }';

/** A reply frame as the device sends it: header, the JSON text, "\n\0". */
function deviceFrame(json: string, messageId: number, session = 0x32, declared?: number) {
  const payload = Buffer.concat([Buffer.from(json, 'utf8'), Buffer.from([0x0a, 0x00])]);
  const h = Buffer.alloc(HEADER_BYTES);
  h[0] = 0xff;
  h.writeUInt32LE(session, 4);
  h.writeUInt16LE(messageId, 14);
  h.writeUInt32LE(declared ?? payload.length, 16);
  return Buffer.concat([h, payload]);
}

describe('DVRIP frames', () => {
  it('encodes the header python-dvr packs (little-endian, 20 bytes) and the "\\n\\0" terminator', () => {
    const f = encodeFrame({
      session: 0x32,
      sequence: 2,
      messageId: MSG.systemInfo,
      body: { Name: 'SystemInfo' },
    });
    // head, version, 2 reserved | session | sequence | 2 packet-info | msg id 1020 | length 23
    expect(f.subarray(0, 20).toString('hex')).toBe(
      'ff000000' + '32000000' + '02000000' + '0000' + 'fc03' + '17000000',
    );
    expect(f.subarray(20).toString('latin1')).toBe('{"Name":"SystemInfo"}\n\0');
  });

  it('reads a whole frame, and the same frame split at every byte', () => {
    const bytes = Buffer.concat([
      deviceFrame(LOGIN_REPLY, MSG.loginReply),
      deviceFrame(SYSTEM_INFO_REPLY, 1021),
    ]);
    const whole = new FrameReader().push(bytes);
    expect(whole.map((f) => f.messageId)).toEqual([1001, 1021]);
    expect(whole[0]?.session).toBe(0x32);
    for (let cut = 1; cut < bytes.length; cut++) {
      const r = new FrameReader();
      const got = [...r.push(bytes.subarray(0, cut)), ...r.push(bytes.subarray(cut))];
      expect(got.map((f) => f.payload.toString('hex'))).toEqual(whole.map((f) => f.payload.toString('hex')));
    }
  });

  it('waits on a truncated frame instead of returning part of it', () => {
    const bytes = deviceFrame(SYSTEM_INFO_REPLY, 1021);
    expect(new FrameReader().push(bytes.subarray(0, bytes.length - 1))).toEqual([]);
    expect(new FrameReader().push(bytes.subarray(0, 7))).toEqual([]);
  });

  it('refuses a declared length over the limit before reading it', () => {
    const r = new FrameReader(64 * 1024);
    expect(() => r.push(deviceFrame('{}', 1021, 0, 64 * 1024 + 1).subarray(0, HEADER_BYTES))).toThrow(
      TooLargeError,
    );
    expect(() => new FrameReader(64 * 1024).push(deviceFrame('{}', 1021, 0, 0xffffffff))).toThrow(
      TooLargeError,
    );
  });

  it('refuses bytes that are not DVRIP, even a short first chunk', () => {
    expect(() => new FrameReader().push(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))).toThrow(
      DvripFrameError,
    );
    expect(() => new FrameReader().push(Buffer.from('SSH'))).toThrow(DvripFrameError);
  });
});

describe('DVRIP payloads', () => {
  it('reads the login reply and its session', () => {
    const o = payloadJson(
      new FrameReader().push(deviceFrame(LOGIN_REPLY, 1001))[0]?.payload ?? Buffer.alloc(0),
    );
    expect(o && parseLoginReply(o)).toEqual({ ret: 100, session: 0x32 });
  });

  it('reads SystemInfo identity and drops placeholders', () => {
    const o = payloadJson(
      new FrameReader().push(deviceFrame(SYSTEM_INFO_REPLY, 1021))[0]?.payload ?? Buffer.alloc(0),
    );
    expect(o && parseSystemInfo(o)).toEqual({
      ret: 100,
      info: {
        serial: 'e976aa836ddfa704',
        firmware: 'V5.00.R02.00030665.10010.243506.0000000',
        hardware: 'XM530_RA50X20_8M',
        model: 'RA50X20',
      },
    });
  });

  it('gives a refused SystemInfo no identity, and junk no object', () => {
    expect(parseSystemInfo(payloadJson(Buffer.from(REFUSED_REPLY)) ?? {})).toEqual({ ret: 607 });
    expect(payloadJson(Buffer.from('[1,2]'))).toBeUndefined();
    expect(payloadJson(Buffer.from('{"Ret":'))).toBeUndefined();
    expect(parseLoginReply({ Ret: '100' })).toBeUndefined();
  });

  it('hashes a password as the vendor client does (blank password = tlJwpbo6)', () => {
    // The blank-password hash a default XiongMai login sends (python-netsurv issue #7 login, python-dvr sofia_hash).
    expect(sofiaHash('')).toBe('tlJwpbo6');
    expect(sofiaHash('lab-password')).toMatch(/^[0-9A-Za-z]{8}$/);
  });
});

describe('dvrip probe', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
  });

  /** A device that answers each request frame with the next of `replies`, split in two writes. */
  async function device(replies: Buffer[], seen: Buffer[] = []) {
    server = createServer((sock) => {
      const reader = new FrameReader();
      sock.on('data', (chunk) => {
        for (const f of reader.push(chunk)) {
          seen.push(f.payload);
          const reply = replies.shift();
          if (!reply) return sock.destroy();
          sock.write(reply.subarray(0, 5));
          setTimeout(() => sock.write(reply.subarray(5)), 5);
        }
      });
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const addr = server.address();
    return typeof addr === 'object' && addr ? addr.port : 0;
  }
  const creds = { username: 'admin', password: new Secret('') };

  it('logs in once, reads SystemInfo and reports authenticated identity', async () => {
    const seen: Buffer[] = [];
    const port = await device([deviceFrame(LOGIN_REPLY, 1001), deviceFrame(SYSTEM_INFO_REPLY, 1021)], seen);
    const ctx = probeContext({ credentials: creds });
    const r = await dvripProbe.run({ ip: '127.0.0.1', port }, ctx);
    expect(r.status).toBe('ok');
    expect(r.evidence.map((e) => [e.field, e.value, e.authenticated])).toEqual([
      ['device.firmware', 'V5.00.R02.00030665.10010.243506.0000000', true],
      ['device.serial', 'e976aa836ddfa704', true],
      ['device.model', 'RA50X20', true],
      ['device.hardware', 'XM530_RA50X20_8M', true],
    ]);
    expect(JSON.parse(seen[0]?.subarray(0, -2).toString() ?? '')).toEqual({
      EncryptType: 'MD5',
      LoginType: 'DVRIP-Web',
      PassWord: 'tlJwpbo6',
      UserName: 'admin',
    });
    expect(JSON.parse(seen[1]?.subarray(0, -2).toString() ?? '')).toEqual({
      Name: 'SystemInfo',
      SessionID: '0x00000032',
    });
    expect(ctx.auth?.counts).toEqual({ sent: 1, rejected: 0 });
  });

  it('reports a refused login as auth-failed, asks nothing more, and closes the gate', async () => {
    const seen: Buffer[] = [];
    const port = await device([deviceFrame('{ "Ret" : 203, "SessionID" : "0x00000000" }', 1001)], seen);
    const ctx = probeContext({ credentials: creds });
    const r = await dvripProbe.run({ ip: '127.0.0.1', port }, ctx);
    expect(r.status).toBe('auth-failed');
    expect(r.message).toMatch(/Ret 203: password is incorrect/);
    expect(seen).toHaveLength(1);
    expect(ctx.auth?.refused).toBe(true);
    const again = await dvripProbe.run({ ip: '127.0.0.1', port }, ctx);
    expect(again.status).toBe('skipped');
    expect(seen).toHaveLength(1);
  });

  it('connects nowhere without credentials', async () => {
    const seen: Buffer[] = [];
    let connections = 0;
    const port = await device([], seen);
    server?.on('connection', () => connections++);
    const r = await dvripProbe.run({ ip: '127.0.0.1', port }, probeContext());
    expect(r.status).toBe('skipped');
    expect(connections).toBe(0);
  });

  it('reports an oversized reply as too-large', async () => {
    const port = await device([deviceFrame('{}', 1001, 0, 1 << 20)]);
    const r = await dvripProbe.run({ ip: '127.0.0.1', port }, probeContext({ credentials: creds }));
    expect(r.status).toBe('too-large');
  });
});
