/**
 * RTSP session descriptions: the reply parser on bodies and hostile lengths; the probe against
 * the lab's RTSP server (src/lab/rtsp.ts) on 127.0.88.x serving a recorded SDP openly, behind
 * RTSP Digest, and only on Hikvision's stream path; a server that hangs up after its challenge;
 * and the password in neither the evidence nor a trace log.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchEvidence } from '../../src/engine/match.js';
import { cleanValue } from '../../src/evidence/types.js';
import type { AuthCounter } from '../../src/lab/digest.js';
import type { DeviceProfile, LabAccount } from '../../src/lab/profile.js';
import { rtspServer } from '../../src/lab/rtsp.js';
import { AuthGate } from '../../src/probes/auth/gate.js';
import { rtspProbe } from '../../src/probes/rtsp/index.js';
import { rtspLoginProbe } from '../../src/probes/rtsp/login.js';
import { parseRtspHead, replyComplete, sdpOf } from '../../src/probes/rtsp/parse.js';
import type { ProbeResult } from '../../src/probes/types.js';
import { loadRecords } from '../../src/validation/records.js';
import { decide } from '../../src/verdict/decide.js';
import { expectNoSecret } from '../helpers/canary.js';
import { probeContext } from '../helpers/context.js';
import { adminCreds } from '../helpers/credentialed.js';

const lib = loadSignatureLibrary();
const PASSWORD = `Pw ${randomBytes(6).toString('hex')}"!`;
const record = loadRecords().find((r) => r.name === 'gortsplib SDP case: Hikvision HIK Media Server');
const SDP = record?.evidence.find((e) => e.field === 'rtsp.sdp')?.value ?? '';
const SERVER = { Server: 'Lab RTSP' };

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

let next = 1;
async function listen(srv: Server) {
  servers.push(srv);
  const ip = `127.0.88.${next++}`;
  await new Promise<void>((r) => srv.listen(0, ip, r));
  return { ip, port: (srv.address() as { port: number }).port };
}

async function device(rtsp: NonNullable<DeviceProfile['rtsp']>, account?: LabAccount) {
  const counter: AuthCounter = { sent: 0, rejected: 0 };
  return { target: await listen(rtspServer(rtsp, counter, account)), counter };
}

interface Asked {
  method: string;
  path: string;
  cseq: string;
  /** The request carried an Authorization header. */
  login: boolean;
}

/** A raw RTSP peer: `respond` answers each request on the socket as the case needs. */
const peer = (respond: (r: Asked, sock: Socket) => void) =>
  listen(
    createServer((sock) => {
      sock.on('error', () => {});
      sock.on('data', (req) => {
        // A peer that has hung up hears nothing more.
        if (sock.writableEnded) return;
        const text = req.toString('latin1');
        const [method = '', url = ''] = text.split(' ');
        const cseq = /CSeq: (\d+)/.exec(text)?.[1] ?? '0';
        respond(
          { method, path: url.replace(/^rtsp:\/\/[^/]+/, ''), cseq, login: /^Authorization: /m.test(text) },
          sock,
        );
      });
    }),
  );

/** A reply: status line, CSeq, `head` lines, and `body` with its length. */
const reply = (status: string, cseq: string, head = '', body = '') =>
  `RTSP/1.0 ${status}\r\nCSeq: ${cseq}\r\n${head}${body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : ''}\r\n${body}`;
const sdpBody = () => `${SDP.replace(/\n/g, '\r\n')}\r\n`;
const CHALLENGE = 'WWW-Authenticate: Digest realm="IP Camera(C2045)", nonce="n1"\r\n';

const open = {
  options: { status: 200, headers: SERVER },
  describe: { status: 200, headers: SERVER, sdp: SDP },
};
const locked = (path?: string): NonNullable<DeviceProfile['rtsp']> => ({
  options: { status: 200, headers: SERVER },
  describe: { status: 200, headers: SERVER },
  login: {
    account: { username: 'admin', password: PASSWORD, realm: 'IP Camera(C2045)' },
    described: { status: 200, headers: SERVER, sdp: SDP },
    ...(path ? { path } : {}),
  },
});

const sdpItems = (r: ProbeResult) => r.evidence.filter((e) => e.field === 'rtsp.sdp');
const maker = (r: ProbeResult) => {
  const m = matchEvidence(lib, r.evidence);
  return decide(r.evidence, m, lib.vocabulary).oem.vendor;
};

describe('RTSP replies with a body', () => {
  const head = 'RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: 10\r\n\r\n';

  it('is complete only once the announced body is in', () => {
    expect(replyComplete(Buffer.from(head))).toBe(false);
    expect(replyComplete(Buffer.from(`${head}v=0\r\ns=x\r`))).toBe(false);
    expect(replyComplete(Buffer.from(`${head}v=0\r\ns=x\r\n`))).toBe(true);
    expect(replyComplete(Buffer.from('RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n\r\n'))).toBe(true);
  });

  it('keeps the body to its length and reads it as a session description only after a 200', () => {
    const r = parseRtspHead(Buffer.from(`${head}v=0\r\ns=x\r\nRTSP/1.0 200 OK`));
    expect(r.ok && r.value.body).toBe('v=0\r\ns=x\r\n');
    expect(r.ok && sdpOf(r.value)).toBe('v=0\r\ns=x');
    const refused = parseRtspHead(Buffer.from(`RTSP/1.0 404 Not Found\r\nContent-Length: 3\r\n\r\nv=0`));
    expect(refused.ok && sdpOf(refused.value)).toBeUndefined();
    const page = parseRtspHead(Buffer.from(`RTSP/1.0 200 OK\r\nContent-Length: 6\r\n\r\n<html>`));
    expect(page.ok && sdpOf(page.value)).toBeUndefined();
  });

  it('takes a length it cannot trust as "the rest"', () => {
    for (const length of ['-5', 'many', '99999999999999999999']) {
      const r = parseRtspHead(Buffer.from(`RTSP/1.0 200 OK\r\nContent-Length: ${length}\r\n\r\nv=0\r\n`));
      expect(r.ok && r.value.body).toBe('v=0\r\n');
    }
  });
});

describe('the rtsp probe and session descriptions', () => {
  it('reads a description the device gives without a login, and it names the stack', async () => {
    expect(SDP).toContain('HIK Media Server');
    const { target } = await device(open);
    const r = await rtspProbe.run(target, probeContext());
    expect(r.status).toBe('ok');
    expect(sdpItems(r)).toMatchObject([{ value: cleanValue(SDP, 64 * 1024), request: 'RTSP DESCRIBE' }]);
    expect(sdpItems(r)[0]?.authenticated).toBeUndefined();
    expect(maker(r)).toBe('Hikvision');
  });

  it('without credentials reports the challenge and sends no login', async () => {
    const { target, counter } = await device(locked());
    const r = await rtspProbe.run(target, probeContext());
    expect(r.status).toBe('auth-required');
    expect(sdpItems(r)).toEqual([]);
    expect(r.evidence.find((e) => e.field === 'rtsp.auth.realm')?.value).toBe('IP Camera(C2045)');
    expect((await rtspLoginProbe.run(target, probeContext())).status).toBe('skipped');
    // The port probe never logs in, credentials or not: that is rtsp-login's, after the vendor APIs.
    expect((await rtspProbe.run(target, probeContext({ credentials: adminCreds(PASSWORD) }))).status).toBe(
      'auth-required',
    );
    expect(counter).toEqual({ sent: 0, rejected: 0 });
  });

  it('with credentials answers the Digest challenge once and reads the description', async () => {
    const { target, counter } = await device(locked());
    const chunks: string[] = [];
    const log = pino(
      { level: 'trace' },
      new Writable({
        write(c, _e, cb) {
          chunks.push(String(c));
          cb();
        },
      }),
    );
    const r = await rtspLoginProbe.run(target, probeContext({ credentials: adminCreds(PASSWORD), log }));
    expect(r.status).toBe('ok');
    expect(sdpItems(r)).toMatchObject([{ authenticated: true, request: 'RTSP DESCRIBE / (login)' }]);
    expect(counter).toEqual({ sent: 1, rejected: 0 });
    expect(maker(r)).toBe('Hikvision');
    expectNoSecret(JSON.stringify(r), 'probe result', [PASSWORD]);
    expectNoSecret(chunks.join(''), 'trace log', [PASSWORD]);
  });

  it('walks to the main-stream path when the root describes nothing', async () => {
    const { target, counter } = await device(locked('/Streaming/Channels/101'));
    const r = await rtspLoginProbe.run(target, probeContext({ credentials: adminCreds(PASSWORD) }));
    expect(sdpItems(r)).toMatchObject([
      { authenticated: true, request: 'RTSP DESCRIBE /Streaming/Channels/101 (login)' },
    ]);
    expect(counter.rejected).toBe(0);
  });

  it("without credentials, asks the makers' stream paths when the root is not found", async () => {
    const dahua = loadRecords().find((r) => r.source.includes('frigate/issues/16026'));
    const sdp = dahua?.evidence.find((e) => e.field === 'rtsp.sdp')?.value ?? '';
    expect(sdp).toContain('packetization-supported:DH');
    const asked: string[] = [];
    // Each path's status and header lines; with `body`, the description after them.
    const serve = (paths: Record<string, { status: string; head?: string; body?: string }>) =>
      peer(({ method, path, cseq }, sock) => {
        if (method === 'DESCRIBE') asked.push(path);
        const answer = method === 'DESCRIBE' ? paths[path] : { status: '200 OK' };
        const { status, head, body } = answer ?? { status: '404 Not Found' };
        sock.write(reply(status, cseq, head, body));
      });
    const body = `${sdp.replace(/\n/g, '\r\n')}\r\n`;
    const open = await serve({ '/cam/realmonitor?channel=1&subtype=0': { status: '200 OK', body } });
    asked.length = 0;
    const r = await rtspProbe.run(open, probeContext());
    expect(asked).toEqual(['/', '/Streaming/Channels/101', '/cam/realmonitor?channel=1&subtype=0']);
    expect(sdpItems(r)).toMatchObject([{ request: 'RTSP DESCRIBE /cam/realmonitor?channel=1&subtype=0' }]);
    expect(maker(r)).toBe('Dahua');
    const challenged = await serve({
      '/Streaming/Channels/101': { status: '401 Unauthorized', head: CHALLENGE },
    });
    const locked = await rtspProbe.run(challenged, probeContext());
    expect(locked.status).toBe('auth-required');
    expect(locked.evidence.find((e) => e.field === 'rtsp.auth.realm')?.value).toBe('IP Camera(C2045)');
  });

  it('answers a Basic challenge in Basic, and a login that describes nothing is no refusal', async () => {
    // A Tapo C110's challenge as scrypted#441 shows it; the lab's account stands for the device's own.
    const { target, counter } = await device(
      {
        options: { status: 200 },
        describe: {
          status: 401,
          reason: 'Unauthorized',
          headers: { 'WWW-Authenticate': 'Basic realm="TP-Link IP-Camera"' },
        },
      },
      { username: 'admin', password: PASSWORD },
    );
    const auth = new AuthGate();
    const r = await rtspLoginProbe.run(target, probeContext({ credentials: adminCreds(PASSWORD), auth }));
    expect(r.status).toBe('ok');
    expect(sdpItems(r)).toEqual([]);
    // The root, then the three stream paths, each carrying the accepted credentials.
    expect(counter).toEqual({ sent: 4, rejected: 0 });
    expect(auth.refused).toBe(false);
  });

  it('logs in on the stream path that asked for it when the root is not found', async () => {
    const asked: string[] = [];
    const target = await peer(({ path, cseq, login }, sock) => {
      asked.push(`${path}${login ? ' (login)' : ''}`);
      if (path !== '/Streaming/Channels/101') sock.write(reply('404 Not Found', cseq));
      else if (!login) sock.write(reply('401 Unauthorized', cseq, CHALLENGE));
      else sock.write(reply('200 OK', cseq, '', sdpBody()));
    });
    const r = await rtspLoginProbe.run(target, probeContext({ credentials: adminCreds(PASSWORD) }));
    expect(asked).toEqual(['/', '/Streaming/Channels/101', '/Streaming/Channels/101 (login)']);
    expect(sdpItems(r)).toMatchObject([
      { authenticated: true, request: 'RTSP DESCRIBE /Streaming/Channels/101 (login)' },
    ]);
  });

  it("walks on to Foscam's /videoMain when the root and the others are not found, and names Foscam", async () => {
    // A Foscam HD camera: every path asks for the login; behind it only its stream names exist.
    const foscam = loadRecords().find((r) => r.name === 'alexeyvasilyev/rtsp-client-android Foscam SDP');
    const sdp = foscam?.evidence.find((e) => e.field === 'rtsp.sdp')?.value ?? '';
    expect(sdp).toContain('i=videoSub');
    const asked: string[] = [];
    const target = await peer(({ path, cseq, login }, sock) => {
      asked.push(`${path}${login ? ' (login)' : ''}`);
      if (!login) sock.write(reply('401 Unauthorized', cseq, CHALLENGE));
      else if (path !== '/videoMain') sock.write(reply('404 Not Found', cseq));
      else sock.write(reply('200 OK', cseq, '', `${sdp.replace(/\n/g, '\r\n')}\r\n`));
    });
    const r = await rtspLoginProbe.run(target, probeContext({ credentials: adminCreds(PASSWORD) }));
    expect(asked.at(-1)).toBe('/videoMain (login)');
    expect(sdpItems(r)).toMatchObject([{ authenticated: true, request: 'RTSP DESCRIBE /videoMain (login)' }]);
    expect(maker(r)).toBe('Foscam');
  });

  it('a refused password costs one login, and no later probe tries again', async () => {
    const { target, counter } = await device(locked());
    const auth = new AuthGate();
    const ctx = probeContext({ credentials: adminCreds('wrong'), auth });
    const r = await rtspLoginProbe.run(target, ctx);
    expect(r.status).toBe('auth-failed');
    expect(sdpItems(r)).toEqual([]);
    expect(auth.refused).toBe(true);
    const again = await rtspLoginProbe.run(target, ctx);
    expect(again.status).toBe('skipped');
    expect(counter).toEqual({ sent: 1, rejected: 1 });
  });

  it('logs in on a new connection when the server hung up after its challenge', async () => {
    let logins = 0;
    // One answer per connection, then the server hangs up.
    const target = await peer(({ method, cseq, login }, sock) => {
      if (method !== 'DESCRIBE') sock.end(reply('200 OK', cseq));
      else if (!login) sock.end(reply('401 Unauthorized', cseq, CHALLENGE));
      else {
        logins++;
        sock.end(reply('200 OK', cseq, '', sdpBody()));
      }
    });
    const r = await rtspLoginProbe.run(target, probeContext({ credentials: adminCreds(PASSWORD) }));
    expect(logins).toBe(1);
    expect(sdpItems(r)).toHaveLength(1);
  });

  it('asks again on a new connection when the server reset the one it answered on', async () => {
    const target = await peer(({ method, cseq }, sock) => {
      // OPTIONS answered, then reset: the next request on this connection meets a closed peer.
      if (method === 'OPTIONS') sock.write(reply('200 OK', cseq), () => sock.resetAndDestroy());
      else sock.end(reply('200 OK', cseq, '', sdpBody()));
    });
    const r = await rtspProbe.run(target, probeContext());
    expect(r.status).toBe('ok');
    expect(sdpItems(r)).toHaveLength(1);
  });

  it('a web server on the port is no RTSP error: skipped, while junk stays a protocol error', async () => {
    // What a Foscam's port 88 (its web UI) or any web server says to an RTSP OPTIONS.
    const web = await peer((_r, sock) =>
      sock.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 0\r\n\r\n'),
    );
    const r = await rtspProbe.run(web, probeContext());
    expect([r.status, r.evidence]).toEqual(['skipped', []]);
    const junk = await peer((_r, sock) => sock.end('SSH-2.0-dropbear\r\n\r\n'));
    expect((await rtspProbe.run(junk, probeContext())).status).toBe('protocol-error');
    expect(parseRtspHead(Buffer.from('HTTP/1.0 200 OK\r\n\r\n'))).toMatchObject({ ok: false, http: true });
    expect(parseRtspHead(Buffer.from('HTTPX 200\r\n\r\n'))).not.toHaveProperty('http');
  });

  it('an endless body ends at the byte cap, not in the scan', async () => {
    const target = await peer(({ cseq }, sock) => {
      sock.write(`${reply('200 OK', cseq, 'Content-Length: 1000000\r\n')}v=0\r\n`);
      const flood = setInterval(() => {
        if (sock.destroyed) clearInterval(flood);
        else sock.write('a='.padEnd(4096, 'x'));
      }, 5);
    });
    const r = await rtspProbe.run(target, probeContext({ limits: { timeoutMs: 1000, maxBytes: 16 * 1024 } }));
    expect(['protocol-error', 'ok', 'timeout', 'too-large']).toContain(r.status);
    expect(JSON.stringify(r).length).toBeLessThan(40 * 1024);
  });
});
