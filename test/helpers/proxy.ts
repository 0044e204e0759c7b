/**
 * A small forward proxy on loopback for the proxy tests: it tunnels `CONNECT host:port` (how
 * https URLs go through a proxy) and forwards absolute-form requests (`POST http://host/...`, how
 * http URLs do), records each with the Proxy-Authorization it carried, and reaches only
 * 127.0.0.0/8 (anything else is refused with 403, so a test can never leave the machine).
 * Also: a recording receiver (http or https with a self-signed certificate for its IP).
 */
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import { generate } from 'selfsigned';

export interface ProxyHit {
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
  proxyAuthorization: string | undefined;
}

const loopback = (host: string) => /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

export async function startProxy(host: string, opts: { requireAuth?: string } = {}) {
  const hits: ProxyHit[] = [];
  const sockets = new Set<Socket>();
  const authorised = (h: IncomingHttpHeaders) =>
    !opts.requireAuth ||
    h['proxy-authorization'] === `Basic ${Buffer.from(opts.requireAuth).toString('base64')}`;
  const server = createServer((req, res) => {
    hits.push({
      method: req.method ?? '',
      target: req.url ?? '',
      proxyAuthorization: req.headers['proxy-authorization'],
    });
    if (!authorised(req.headers)) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"' }).end();
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (url.protocol !== 'http:' || !loopback(url.hostname)) {
      res.writeHead(403).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const up = request(
      {
        host: url.hostname,
        port: url.port || 80,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers,
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req, client: Socket, head) => {
    hits.push({
      method: 'CONNECT',
      target: req.url ?? '',
      proxyAuthorization: req.headers['proxy-authorization'],
    });
    const [h = '', p = ''] = (req.url ?? '').split(':');
    if (!authorised(req.headers)) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n',
      );
      return;
    }
    if (!loopback(h)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const up = connect(Number(p), h, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  const port = await listen(server, host);
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Records every request and answers `status(n)` to the n-th; https with a certificate for `host`. */
export async function startReceiver(
  host: string,
  opts: { https?: boolean; status?: (n: number) => number } = {},
) {
  const received: Received[] = [];
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(opts.status?.(received.length) ?? 204).end();
    });
  };
  let cert: string | undefined;
  let server: Server;
  if (opts.https) {
    const pems = await generate([{ name: 'commonName', value: host }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: host }] }],
    });
    cert = pems.cert;
    server = createHttpsServer({ key: pems.private, cert: pems.cert }, handler) as unknown as Server;
  } else {
    server = createServer(handler);
  }
  const port = await listen(server, host);
  return {
    url: `${opts.https ? 'https' : 'http'}://${host}:${port}`,
    port,
    cert,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
