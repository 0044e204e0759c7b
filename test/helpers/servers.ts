/**
 * Throwaway TCP servers on 127.0.0.1:0 that misbehave in the ways real devices do.
 * Every server is closed by the returned `close`.
 */
import { createServer, type Socket } from 'node:net';

export type Behaviour = 'garbage' | 'hang' | 'oversize' | 'close' | 'trickle';

export async function hostileServer(kind: Behaviour): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => {});
    sock.on('close', () => sockets.delete(sock));
    switch (kind) {
      case 'garbage':
        sock.end(Buffer.from([0, 255, 254, 13, 10, 7, 8, 0x47, 0x41, 0x52, 0x42, 13, 10, 13, 10]));
        break;
      case 'close':
        sock.destroy();
        break;
      case 'oversize': {
        sock.write('HTTP/1.1 200 OK\r\nServer: x\r\n\r\n');
        sock.write('RTSP/1.0 200 OK\r\nServer: ');
        const chunk = Buffer.alloc(64 * 1024, 'A');
        const pump = () => {
          while (!sock.destroyed && sock.write(chunk)) {}
        };
        sock.on('drain', pump);
        pump();
        break;
      }
      case 'trickle': {
        const t = setInterval(() => (sock.destroyed ? clearInterval(t) : sock.write('A')), 50);
        sock.on('close', () => clearInterval(t));
        break;
      }
      default:
        break; // hang: accept and never answer
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return {
    port: addr.port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
