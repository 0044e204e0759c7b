/**
 * @module lab/chaos/behaviours
 * Raw-socket misbehaviours for the lab's hostile devices, and the poisoned ONVIF and
 * WS-Discovery replies. Every timer and pump stops when its socket closes.
 */
import { randomBytes } from 'node:crypto';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { HostileKind } from '../profile.js';

/** Kinds served by a raw TCP server instead of the device's normal service, and on which standard port. */
export const RAW_KIND_PORT: Partial<Record<HostileKind, number>> = {
  garbage: 80,
  hang: 80,
  oversize: 80,
  slowloris: 80,
  'endless-body': 80,
  'huge-header': 80,
  'bad-header-bytes': 80,
  reset: 80,
  'tls-stall': 443,
  'rtsp-endless-head': 554,
};

/** Writes `next()` as fast as the peer reads, until the socket goes away. */
function pump(sock: Socket, next: () => Buffer) {
  const go = () => {
    while (!sock.destroyed && sock.writable && sock.write(next())) {}
  };
  sock.on('drain', go);
  go();
}

/** Writes one byte of `next()` every `ms`, until the socket goes away. */
function trickle(sock: Socket, source: () => Buffer, ms: number) {
  let pending: Buffer = Buffer.alloc(0);
  const timer = setInterval(() => {
    if (sock.destroyed || !sock.writable) return clearInterval(timer);
    if (pending.length === 0) pending = source();
    sock.write(pending.subarray(0, 1));
    pending = pending.subarray(1);
  }, ms);
  sock.on('close', () => clearInterval(timer));
}

let tenMegabytes: Buffer | undefined;
/** One shared 10 MB header reply (allocated on first use, never copied per connection). */
function hugeHeaderReply(): Buffer {
  tenMegabytes ??= Buffer.concat([
    Buffer.from('HTTP/1.1 200 OK\r\nServer: huge-header\r\nX-Huge: '),
    Buffer.alloc(10 * 1024 * 1024, 'a'),
    Buffer.from('\r\nContent-Length: 13\r\n\r\n<html></html>'),
  ]);
  return tenMegabytes;
}

const BAD_HEADER_BYTES = Buffer.from(
  'HTTP/1.1 200 OK\r\nServer: cam\u0000\u00ff\u00fe\u0001\r\nX-\u007f\u0080Bad\u0000: \u001b[31mred\r\n' +
    'Content-Length: 13\r\n\r\n<html></html>',
  'latin1',
);

/** A TCP server behaving as `kind` (one of {@link RAW_KIND_PORT}). */
export function rawHostileServer(kind: HostileKind) {
  return createTcpServer((sock) => {
    sock.on('error', () => {});
    const onRequest = (respond: () => void) => sock.once('data', respond);
    switch (kind) {
      case 'garbage':
        sock.end(Buffer.from('\u0000\u00ff\u00feGARBAGE\r\n\u0007\u0008not http at all\r\n\r\n', 'latin1'));
        break;
      case 'oversize': {
        sock.write(
          'HTTP/1.1 200 OK\r\nServer: endless\r\nContent-Type: text/html\r\n\r\n<html><title>big</title>',
        );
        const chunk = Buffer.alloc(64 * 1024, 'A');
        pump(sock, () => chunk);
        break;
      }
      case 'slowloris': {
        // The status line and headers, a byte every 50 ms; the blank line never comes.
        let n = 0;
        const lines = () =>
          Buffer.from(
            n++ === 0 ? 'HTTP/1.1 200 OK\r\nServer: slowloris\r\n' : `X-Pad-${n}: ${'z'.repeat(16)}\r\n`,
          );
        onRequest(() => trickle(sock, lines, 50));
        break;
      }
      case 'endless-body': {
        const chunk = Buffer.from(`4000\r\n${'B'.repeat(0x4000)}\r\n`);
        onRequest(() => {
          sock.write(
            'HTTP/1.1 200 OK\r\nServer: endless-body\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n',
          );
          pump(sock, () => chunk);
        });
        break;
      }
      case 'huge-header':
        onRequest(() => sock.end(hugeHeaderReply()));
        break;
      case 'bad-header-bytes':
        onRequest(() => sock.end(BAD_HEADER_BYTES));
        break;
      case 'reset':
        onRequest(() => {
          sock.write('HTTP/1.1 200 OK\r\nServer: reset-cam\r\nContent-Len');
          setTimeout(() => sock.destroyed || sock.resetAndDestroy(), 20);
        });
        break;
      case 'rtsp-endless-head': {
        let n = 0;
        const line = () =>
          Buffer.from(
            n++ === 0
              ? 'RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: endless-rtsp\r\n'
              : `X-Pad-${n}: ${'r'.repeat(64)}\r\n`,
          );
        onRequest(() => pump(sock, line));
        break;
      }
      default:
        // 'hang' and 'tls-stall': accept, read, never answer.
        sock.resume();
        break;
    }
  });
}

/** The GetDeviceInformation reply of an `onvif-*` device, or undefined for other kinds. */
export function poisonedDeviceInformation(
  kind: HostileKind | undefined,
  envelope: (body: string) => string,
  entityUrl = 'file:///etc/passwd',
): string | undefined {
  const response = (value: string) =>
    envelope(
      `<tds:GetDeviceInformationResponse><tds:Manufacturer>${value}</tds:Manufacturer>` +
        `<tds:Model>${value}</tds:Model><tds:FirmwareVersion>1</tds:FirmwareVersion>` +
        `<tds:SerialNumber>${value}</tds:SerialNumber><tds:HardwareId>1</tds:HardwareId>` +
        '</tds:GetDeviceInformationResponse>',
    );
  switch (kind) {
    case 'onvif-bad-xml':
      // Unclosed elements, a stray `&`, an attribute without quotes, then the document just stops.
      return response('Chaos & <b>Cam').replace('</tds:GetDeviceInformationResponse>', '<x a=1>');
    case 'onvif-billion-laughs': {
      let dtd = '<!ENTITY lol0 "lollollollollollollollollollol">';
      for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
      // The whole Body is the bomb: expanded, it would be 3 GB of "lol".
      const doc = envelope('&lol9;').replace('<?xml version="1.0" encoding="UTF-8"?>', '');
      return `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE SOAP-ENV:Envelope [${dtd}]>${doc}`;
    }
    case 'onvif-xxe': {
      const doc = response('&xxe;').replace('<?xml version="1.0" encoding="UTF-8"?>', '');
      return `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE SOAP-ENV:Envelope [<!ENTITY xxe SYSTEM "${entityUrl}">]>${doc}`;
    }
    default:
      return undefined;
  }
}

/**
 * A `wsd-*` device's WS-Discovery answer. `normal` builds the well-formed ProbeMatches the device
 * would send, with its own XAddr and scopes unless others are given.
 */
export function poisonedProbeMatches(
  kind: HostileKind | undefined,
  normal: (xaddrs?: string, scopes?: string) => string,
  xaddrs: string[] | undefined,
): Buffer | undefined {
  switch (kind) {
    case 'wsd-random':
      return randomBytes(1400);
    case 'wsd-64k': {
      // Largest IPv4 UDP payload is 65 507 bytes: one 20 000-character scope, then thousands of small ones.
      const huge = `onvif://www.onvif.org/name/${'N'.repeat(20000)}`;
      const base = Buffer.byteLength(normal(undefined, huge));
      const small: string[] = [];
      let size = base;
      for (let i = 0; size + 40 < 65000; i++) {
        const s = ` onvif://www.onvif.org/x/${i}`;
        small.push(s);
        size += s.length;
      }
      return Buffer.from(normal(undefined, huge + small.join('')));
    }
    case 'wsd-foreign-xaddr':
      return xaddrs ? Buffer.from(normal(xaddrs.join(' '))) : undefined;
    default:
      return undefined;
  }
}
