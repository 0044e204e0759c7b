/**
 * The probes' HTTP client (src/probes/net/http.ts) against raw TCP servers on 127.0.0.1:0: the
 * exact request bytes (header order and spelling, Accept-Encoding, Content-Length), the
 * decompression of gzip, zlib and raw deflate and brotli bodies, the byte cap, the failures
 * probes/status maps (timeout, cancel, refused, not HTTP), and the answers of embedded servers
 * that Node's parser refuses, read again leniently.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { httpRequest, USER_AGENT } from '../../src/probes/net/http.js';
import { statusOf } from '../../src/probes/status.js';

const servers: Server[] = [];
afterAll(async () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/** A server that records the raw request and answers with `reply` once the request is complete. */
async function rawServer(reply: (request: string) => Buffer | string | null) {
  const seen: string[] = [];
  const server = createServer((sock: Socket) => {
    sock.on('error', () => {});
    let data = '';
    sock.on('data', (d) => {
      data += d.toString('latin1');
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(data)?.[1] ?? 0);
      if (data.length < end + 4 + length) return;
      seen.push(data);
      const answer = reply(data);
      if (answer !== null) sock.end(answer);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, seen };
}

const ok = (body: Buffer, headers = '') =>
  Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\n${headers}Content-Length: ${body.length}\r\n\r\n`), body]);

const limits = { timeoutMs: 1000, maxBytes: 1024 };

describe('probe HTTP client', () => {
  it('sends the GET the scanner has always sent', async () => {
    const srv = await rawServer(() => ok(Buffer.from('hi')));
    await httpRequest({ url: `${srv.url}/a?b=1`, ...limits });
    const port = srv.url.split(':')[2];
    expect(srv.seen[0]).toBe(
      'GET /a?b=1 HTTP/1.1\r\nAccept: */*\r\n' +
        `User-Agent: ${USER_AGENT}\r\nAccept-Encoding: gzip, compress, deflate, br\r\n` +
        `Host: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    );
  });

  it('sends a POST with its type first, its length in bytes, and no line break from a header value', async () => {
    const srv = await rawServer(() => ok(Buffer.from('hi')));
    await httpRequest({
      url: `${srv.url}/p`,
      method: 'POST',
      body: 'héllo',
      headers: { 'Content-Type': 'application/soap+xml', Authorization: ' Digest a\r\nX-Evil: 1 ' },
      ...limits,
    });
    const head = (srv.seen[0] ?? '').split('\r\n\r\n')[0]?.split('\r\n');
    expect(head).toEqual([
      'POST /p HTTP/1.1',
      'Accept: */*',
      'Content-Type: application/soap+xml',
      `User-Agent: ${USER_AGENT}`,
      'Authorization: Digest aX-Evil: 1',
      'Content-Length: 6',
      'Accept-Encoding: gzip, compress, deflate, br',
      expect.stringMatching(/^Host: /),
      'Connection: close',
    ]);
    expect(Buffer.from(srv.seen[0]?.split('\r\n\r\n')[1] ?? '', 'latin1').toString('utf8')).toBe('héllo');
  });

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
    ['br', brotliCompressSync],
  ] as const)('decodes a %s body and drops the header it no longer describes', async (encoding, pack) => {
    const page = Buffer.from('<title>NVR</title>'.repeat(20));
    const srv = await rawServer(() => ok(pack(page), `Content-Encoding: ${encoding}\r\nServer: x\r\n`));
    const reply = await httpRequest({ url: `${srv.url}/`, ...limits });
    expect(reply.body.toString()).toBe(page.toString());
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(reply.headers.server).toBe('x');
  });

  it('keeps an encoding it does not know, and joins repeated headers', async () => {
    const srv = await rawServer(() =>
      ok(
        Buffer.from('raw'),
        'Content-Encoding: weird\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Dup: 1\r\nX-Dup: 2\r\n',
      ),
    );
    const reply = await httpRequest({ url: `${srv.url}/`, ...limits });
    expect(reply.body.toString()).toBe('raw');
    expect(reply.headers).toMatchObject({
      'content-encoding': 'weird',
      'set-cookie': 'a=1, b=2',
      'x-dup': '1, 2',
    });
  });

  it('keeps the first maxBytes of a long body and says it was cut', async () => {
    const srv = await rawServer(() => ok(Buffer.alloc(5000, 'A')));
    const reply = await httpRequest({ url: `${srv.url}/`, timeoutMs: 1000, maxBytes: 100 });
    expect(reply.body.length).toBe(100);
    expect(reply.truncated).toBe(true);
  });

  it('fails with a timeout when no answer comes', async () => {
    const srv = await rawServer(() => null);
    const started = Date.now();
    const err = await httpRequest({ url: `${srv.url}/`, timeoutMs: 200, maxBytes: 10 }).catch((e) => e);
    expect(err).toMatchObject({ code: 'ECONNABORTED', message: 'timeout of 200ms exceeded' });
    expect(statusOf(err)).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('fails as cancelled when the host budget has run out', async () => {
    const srv = await rawServer(() => null);
    const signal = AbortSignal.timeout(100);
    const err = await httpRequest({ url: `${srv.url}/`, ...limits, signal }).catch((e) => e);
    expect(err).toMatchObject({ code: 'ERR_CANCELED', message: 'canceled' });
    expect(statusOf(err)).toBe('timeout');
  });

  it('maps a closed port, a non-HTTP answer and another protocol onto their statuses', async () => {
    const closed = await rawServer(() => null);
    servers.pop()?.close();
    await new Promise((r) => setTimeout(r, 50));
    const refused = await httpRequest({ url: `${closed.url}/`, ...limits }).catch((e) => e);
    expect(statusOf(refused)).toBe('refused');
    const ssh = await rawServer(() => 'SSH-2.0-OpenSSH_8.9\r\n');
    const notHttp = await httpRequest({ url: `${ssh.url}/`, ...limits }).catch((e) => e);
    expect(statusOf(notHttp)).toBe('protocol-error');
    const ftp = await httpRequest({ url: 'ftp://127.0.0.1/', ...limits }).catch((e) => e);
    expect(ftp).toMatchObject({ code: 'ERR_BAD_REQUEST', message: 'Unsupported protocol ftp:' });
  });

  // home-assistant/core#14960: curl -v of a GoaHead IP camera's /snapshot.cgi (port 81); its header
  // block, verbatim, has a date line with no header name and values with no blank after the colon.
  // The 23100-byte JPEG body is not published: the server sends 64 filler bytes and closes.
  const GOAHEAD =
    'HTTP/1.1 200 OK\r\nServer: GoaHead\r\nTue, 12 Jun 2012 01:56:34 GMT\r\nContent-Type:image/jpeg\r\n' +
    'Content-Length:23100\r\nConnection: close\r\n\r\n';

  it("reads a camera's answer that Node's parser refuses by asking again and reading it leniently", async () => {
    const srv = await rawServer(() => Buffer.concat([Buffer.from(GOAHEAD), Buffer.alloc(64, 0xff)]));
    let slots = 0;
    const connectSlot = async () => {
      slots++;
    };
    const r = await httpRequest({ url: `${srv.url}/snapshot.cgi`, ...limits, connectSlot });
    expect(slots).toBe(1); // the second connection waits its turn under the rate limits too
    expect(r.status).toBe(200);
    expect(r.headers).toMatchObject({
      server: 'GoaHead',
      'content-type': 'image/jpeg',
      'content-length': '23100',
    });
    expect(r.body).toHaveLength(64);
    expect(srv.seen).toHaveLength(2);
    expect(srv.seen[1]).toMatch(/^GET \/snapshot\.cgi HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n/);
    expect(srv.seen[1]).toContain(`\r\nUser-Agent: ${USER_AGENT}\r\n`);
  });

  it.each([
    ['bare LF line ends', 'HTTP/1.1 200 OK\nServer: Webs\nContent-Length: 5\n\nhello', 1],
    [
      'a control byte in a value',
      'HTTP/1.1 200 OK\r\nServer: Webs\u0001\r\nContent-Length: 5\r\n\r\nhello',
      1,
    ],
    ['a blank before the colon', 'HTTP/1.1 200 OK\r\nServer : Webs\r\nContent-Length: 5\r\n\r\nhello', 2],
    [
      'Content-Length twice',
      'HTTP/1.1 200 OK\r\nServer: Webs\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello',
      2,
    ],
    [
      'a chunked body',
      'HTTP/1.1 200 OK\r\nServer : Webs\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n',
      2,
    ],
  ])('keeps the banner and body of an answer with %s', async (_what, answer, requests) => {
    const srv = await rawServer(() => answer);
    const r = await httpRequest({ url: `${srv.url}/`, ...limits });
    expect([r.status, r.headers.server, r.body.toString()]).toEqual([200, 'Webs', 'hello']);
    expect(srv.seen).toHaveLength(requests);
  });

  it('never repeats a request that carries credentials, nor one to a port that is not HTTP', async () => {
    const odd = await rawServer(() => 'HTTP/1.1 401 Unauthorized\r\nServer : Webs\r\n\r\n');
    const withLogin = await httpRequest({
      url: `${odd.url}/`,
      headers: { Authorization: 'Digest username="admin"' },
      ...limits,
    }).catch((e) => e);
    expect(statusOf(withLogin)).toBe('protocol-error');
    expect(odd.seen).toHaveLength(1);
    const ssh = await rawServer(() => 'SSH-2.0-OpenSSH_8.9\r\n');
    expect(statusOf(await httpRequest({ url: `${ssh.url}/`, ...limits }).catch((e) => e))).toBe(
      'protocol-error',
    );
    expect(ssh.seen).toHaveLength(1);
  });
});
