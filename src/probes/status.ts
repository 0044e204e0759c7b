/**
 * @module probes/status
 * Maps whatever a socket or HTTP client threw onto the closed status list, so a probe never
 * needs its own error taxonomy.
 */
import { TimeoutError } from '../util/bounded.js';
import type { ProbeContext, ProbeResult, ProbeStatus } from './types.js';

export class TooLargeError extends Error {
  override name = 'TooLargeError';
}

export function statusOf(err: unknown): ProbeStatus {
  if (err instanceof TimeoutError || err instanceof DOMException) return 'timeout';
  if (err instanceof TooLargeError) return 'too-large';
  const code = (err as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
    case 'ECONNABORTED':
    case 'ERR_CANCELED':
    case 'ABORT_ERR':
      return 'timeout';
    // A header block past Node's parser limit (a 10 MB header) is a size problem, not bad syntax.
    case 'HPE_HEADER_OVERFLOW':
      return 'too-large';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return 'unreachable';
    default:
      return 'protocol-error';
  }
}

/** A result for a probe that failed, keeping what it saw before failing. */
export function failed(err: unknown, evidence: ProbeResult['evidence'] = []): ProbeResult {
  const message = err instanceof Error ? err.message : String(err);
  return { status: statusOf(err), evidence, message: message.slice(0, 300) };
}

/** Waits for a connection slot; returns the failure to report when the host's budget ran out first. */
export async function waitForSlot(ctx: Pick<ProbeContext, 'connectSlot'>): Promise<ProbeResult | undefined> {
  try {
    await ctx.connectSlot();
    return undefined;
  } catch (err) {
    return failed(err);
  }
}
