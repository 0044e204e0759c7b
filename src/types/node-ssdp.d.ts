/** The part of node-ssdp 4.x that oemscan uses (the package ships no types). */
declare module 'node-ssdp' {
  import type { Socket } from 'node:dgram';
  import type { EventEmitter } from 'node:events';

  interface SsdpOptions {
    interfaces?: string[];
    explicitSocketBind?: boolean;
    sourcePort?: number;
    reuseAddr?: boolean;
    ssdpTtl?: number;
    ssdpSig?: string;
    udn?: string;
    /** A fixed URL, or the parts of one whose host node-ssdp fills in per answering socket. */
    location?: string | (() => string) | { protocol?: string; port: number; path: string };
    adInterval?: number;
    ttl?: number;
    headers?: Record<string, string>;
    customLogger?: (...args: unknown[]) => void;
  }

  export class Client extends EventEmitter {
    constructor(opts?: SsdpOptions);
    /** One socket per IPv4 address of the chosen interfaces, keyed by address (set once started). */
    sockets: Record<string, Socket> | null;
    start(): Promise<void>;
    search(serviceType: string): unknown;
    stop(): void;
  }

  export class Server extends EventEmitter {
    constructor(opts?: SsdpOptions);
    addUSN(device: string): void;
    start(): Promise<void>;
    stop(): void;
  }

  /** The CommonJS export object (Node's ESM loader exposes it as the default import). */
  const ssdp: { Client: typeof Client; Server: typeof Server };
  export default ssdp;
}
