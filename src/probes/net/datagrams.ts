/**
 * @module probes/net/datagrams
 * One bounded multicast/broadcast exchange from one interface: send the query datagrams, then
 * hand every reply that arrives within the window to the caller. Replies may come straight back
 * to the sending socket or, for some vendors, to the multicast group itself, so the group can
 * be listened on as well. Never throws: socket errors end up in `errors`.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/** Largest datagram handed on; UDP cannot carry more, anything near it is already suspicious. */
export const MAX_DATAGRAM = 64 * 1024;

export interface Destination {
  address: string;
  port: number;
}

export interface DatagramExchange {
  /** IPv4 address of the interface to send from (and to join groups on). */
  local: string;
  payloads: readonly (string | Buffer)[];
  destinations: readonly Destination[];
  /** Also receive what devices send to this group and port. */
  group?: Destination;
  /**
   * Send from this port and also receive what devices broadcast to it (XiongMai's search is
   * answered to port 34569, not to the asker's port); such broadcasts count as group traffic.
   */
  replyPort?: number;
  windowMs: number;
  /** Replies beyond this many are dropped unread (a flood cannot grow memory). */
  maxDatagrams: number;
  signal: AbortSignal;
  /** `viaGroup`: the datagram came to the group address, not back to the sender. */
  onDatagram: (msg: Buffer, from: RemoteInfo, viaGroup: boolean) => void;
}

export interface ExchangeOutcome {
  received: number;
  dropped: number;
  errors: string[];
}

function bind(sock: Socket, port: number, address?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.bind({ port, ...(address ? { address } : {}), exclusive: false }, () => {
      sock.off('error', reject);
      resolve();
    });
  });
}

export async function exchangeDatagrams(x: DatagramExchange): Promise<ExchangeOutcome> {
  const out: ExchangeOutcome = { received: 0, dropped: 0, errors: [] };
  const sockets: Socket[] = [];
  const onMessage = (viaGroup: boolean) => (msg: Buffer, from: RemoteInfo) => {
    if (msg.length > MAX_DATAGRAM || out.received >= x.maxDatagrams) {
      out.dropped++;
      return;
    }
    out.received++;
    x.onDatagram(msg, from, viaGroup);
  };
  const open = async (port: number, address: string | undefined, viaGroup: boolean) => {
    const sock = createSocket({ type: 'udp4', reuseAddr: true });
    sockets.push(sock);
    await bind(sock, port, address);
    sock.on('error', (err) => out.errors.push(err.message));
    sock.on('message', onMessage(viaGroup));
    return sock;
  };
  try {
    const sender =
      x.replyPort === undefined
        ? await open(0, x.local, false)
        : await open(x.replyPort, x.local, false).catch((err: Error) => {
            // The reply port is held by someone else: ask from any port, the broadcasts still arrive.
            out.errors.push(`cannot send from port ${x.replyPort}: ${err.message}`);
            return open(0, x.local, false);
          });
    try {
      sender.setBroadcast(true);
      // Leave by this interface only, one hop: discovery never crosses a router.
      sender.setMulticastInterface(x.local);
      sender.setMulticastTTL(1);
      sender.setMulticastLoopback(false);
    } catch (err) {
      // Unicast destinations still work; the multicast sends below then report their own errors.
      out.errors.push(`multicast options on ${x.local}: ${(err as Error).message}`);
    }
    if (x.replyPort !== undefined) {
      try {
        // The wildcard address: a socket bound to a unicast address never sees broadcasts.
        await open(x.replyPort, undefined, true);
      } catch (err) {
        out.errors.push(`cannot listen on port ${x.replyPort}: ${(err as Error).message}`);
      }
    }
    if (x.group) {
      try {
        // Bound to the group address itself, so only that group's traffic arrives here.
        const listener = await open(x.group.port, x.group.address, true);
        listener.addMembership(x.group.address, x.local);
      } catch (err) {
        out.errors.push(`cannot listen on ${x.group.address}:${x.group.port}: ${(err as Error).message}`);
      }
    }
    for (const payload of x.payloads) {
      for (const d of x.destinations) {
        await new Promise<void>((resolve) => {
          sender.send(payload, d.port, d.address, (err) => {
            if (err) out.errors.push(`send to ${d.address}:${d.port}: ${err.message}`);
            resolve();
          });
        });
      }
    }
    await listenWindow(x.windowMs, x.signal);
  } catch (err) {
    out.errors.push((err as Error).message);
  } finally {
    for (const s of sockets) {
      s.removeAllListeners('message');
      s.on('error', () => {});
      try {
        s.close();
      } catch {
        // already closed
      }
    }
  }
  return out;
}

/** Resolves after `ms`, or as soon as `signal` aborts: the listening window of a discovery query. */
export function listenWindow(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
