/**
 * @module probes/net/unicast
 * The per-host UDP question: one datagram straight to a port of one target (and one retry
 * halfway through the timeout when nothing came back), the first well-formed answer from that
 * very address taken, everything bounded. Used by the unicast DHIP and SSDP probes, which
 * share their request builders and reply parsers with the link-wide discovery probes.
 */
import { createSocket } from 'node:dgram';
import { makeEvidence } from '../../evidence/types.js';
import { failed, waitForSlot } from '../status.js';
import type { Probe, ProbeContext, ProbeResult, ProbeTarget, ServiceName } from '../types.js';
import { MAX_DATAGRAM } from './datagrams.js';
import type { Observation } from './discovery.js';

/** Datagrams from the target read per question; a flood past this is ignored unread. */
export const MAX_UNICAST_DATAGRAMS = 64;

export interface UnicastProblem {
  status: ProbeResult['status'];
  message: string;
}

export interface UnicastProbeSpec<T> {
  name: string;
  description: string;
  service: ServiceName;
  port: number;
  /** How the question is named in evidence (`request`). */
  request: string;
  /** The one datagram sent (built per target: SSDP names the host in `HOST`). */
  query: (target: ProbeTarget) => Buffer | string;
  /** The answer in one datagram; undefined when it is not one (junk, an echo, another message). */
  parse: (msg: Buffer) => T | undefined;
  /** Evidence from the answer, and any follow-up it allows (bounded by ctx); never throws. */
  complete: (
    answer: T,
    target: ProbeTarget,
    ctx: ProbeContext,
  ) => Promise<{ observations: readonly Observation[]; problems?: UnicastProblem[] }>;
}

/** What one question to one host got back: the first answer, or why there was none. */
export type Exchange<T> = { kind: 'answer'; answer: T } | { kind: 'failed'; result: ProbeResult };

/**
 * Sends `payload` to target:port (`again`, by default the same, at half time when nothing came
 * back) and resolves with the first answer `parse` accepts.
 */
export function askOnce<T>(
  target: ProbeTarget,
  payload: Buffer | string,
  parse: (msg: Buffer) => T | undefined,
  ctx: ProbeContext,
  what: string,
  again: Buffer | string = payload,
): Promise<Exchange<T>> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    let datagrams = 0;
    let junk = 0;
    let retry: NodeJS.Timeout | undefined;
    const done = (r: Exchange<T>) => {
      clearTimeout(timer);
      clearTimeout(retry);
      ctx.signal.removeEventListener('abort', onAbort);
      sock.removeAllListeners();
      sock.on('error', () => {});
      try {
        sock.close();
      } catch {
        // already closed
      }
      resolve(r);
    };
    const fail = (result: ProbeResult) => done({ kind: 'failed', result });
    // A local socket error (EMSGSIZE, ENOBUFS under load, EACCES) is no word from the host: only
    // its datagrams may say "something answered here", so such errors never read as its junk.
    const socketError = (err: unknown) => {
      const r = failed(err);
      fail(r.status === 'refused' || r.status === 'timeout' ? r : { ...r, status: 'unreachable' });
    };
    const onAbort = () => fail({ status: 'timeout', evidence: [], message: 'host budget exhausted' });
    const timer = setTimeout(
      () =>
        fail(
          junk > 0
            ? { status: 'protocol-error', evidence: [], message: `${junk} datagram(s), none a ${what}` }
            : { status: 'timeout', evidence: [], message: `no ${what} within ${ctx.limits.timeoutMs} ms` },
        ),
      ctx.limits.timeoutMs,
    );
    if (ctx.signal.aborted) return onAbort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    sock.on('error', socketError);
    sock.on('message', (msg, rinfo) => {
      // Only the host we asked may answer; anything else is ignored, not trusted.
      if (rinfo.address !== target.ip || ++datagrams > MAX_UNICAST_DATAGRAMS) return;
      if (msg.length > MAX_DATAGRAM) {
        junk++;
        return;
      }
      const answer = parse(msg);
      if (answer === undefined) junk++;
      else done({ kind: 'answer', answer });
    });
    const send = (data: Buffer | string) => {
      try {
        sock.send(data, (err) => err && socketError(err));
      } catch (err) {
        socketError(err);
      }
    };
    // A connected socket turns an ICMP port-unreachable into ECONNREFUSED, so closed ports end at once.
    try {
      sock.connect(target.port, target.ip, () => {
        // The callback also runs when connecting failed (no route): send then throws.
        send(payload);
        retry = setTimeout(
          () => {
            if (datagrams === 0) send(again);
          },
          Math.floor(ctx.limits.timeoutMs / 2),
        );
      });
    } catch (err) {
      socketError(err); // a port out of range, a bad address
    }
  });
}

/** A per-host UDP probe: ask once (one retry), record the answer's evidence and what the follow-up found. */
export function unicastDatagramProbe<T>(spec: UnicastProbeSpec<T>): Probe {
  return {
    name: spec.name,
    description: spec.description,
    transport: 'udp',
    defaultPorts: [spec.port],
    async run(target, ctx) {
      const refused = await waitForSlot(ctx);
      if (refused) return refused;
      const x = await askOnce(target, spec.query(target), spec.parse, ctx, spec.request);
      if (x.kind === 'failed') return x.result;
      const base = {
        probe: spec.name,
        ip: target.ip,
        port: target.port,
        transport: 'udp' as const,
        request: spec.request,
      };
      let outcome: Awaited<ReturnType<UnicastProbeSpec<T>['complete']>>;
      try {
        outcome = await spec.complete(x.answer, target, ctx);
      } catch (err) {
        outcome = {
          observations: [],
          problems: [{ status: 'protocol-error', message: (err as Error).message }],
        };
      }
      const seen = new Set<string>();
      const evidence = outcome.observations.flatMap(([field, value]) => {
        const key = `${field}\u0000${value}`;
        if (seen.has(key)) return [];
        seen.add(key);
        return [makeEvidence(base, field, value)];
      });
      return {
        status: 'ok',
        evidence,
        service: spec.service,
        ...(outcome.problems?.length ? { problems: outcome.problems } : {}),
      };
    },
  };
}
