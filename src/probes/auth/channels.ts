/**
 * @module probes/auth/channels
 * A recorder's channel list, asked through the host's {@link AuthGate} once the recorder is
 * identified (ISAPI InputProxy channels, Dahua RemoteDevice), and its outcome folded into the
 * identification result.
 */
import type { Evidence } from '../../evidence/types.js';
import type { ChannelCamera, ProbeContext, ProbeResult } from '../types.js';
import { gatedGet } from './exchange.js';

/** Model or device-type names of recorders, the only devices asked for a channel list. */
export const RECORDER = /NVR|DVR|XVR|HVR/i;

/** One camera as a recorder's list gives it: its channel, and how it is reached. */
interface Listed {
  channel: number;
  ip?: string;
  protocol?: string;
}

interface ChannelSource<T extends Listed> {
  label: string;
  url: string;
  /** Undefined when the reply is not a channel list. */
  parse: (body: string) => T[] | undefined;
  /** What the recorder says about the camera, as evidence observed on the recorder. */
  evidence: (item: T, authenticated: boolean) => Evidence[];
}

/** `identified` plus the recorder's channel cameras, or plus the reason there are none. */
export async function withChannels<T extends Listed>(
  identified: ProbeResult,
  source: ChannelSource<T>,
  ctx: ProbeContext,
): Promise<ProbeResult> {
  const got = await gatedGet(source.label, source.url, ctx);
  const list = got.ok && got.reply.status === 200 ? source.parse(got.reply.body.toString('utf8')) : undefined;
  if (got.ok && list)
    return {
      ...identified,
      channels: list.map(
        (item): ChannelCamera => ({
          channel: item.channel,
          ...(item.ip ? { ip: item.ip } : {}),
          ...(item.protocol ? { protocol: item.protocol } : {}),
          evidence: source.evidence(item, got.authenticated),
        }),
      ),
    };
  const failure = got.ok
    ? {
        status: 'protocol-error' as const,
        message: `${source.label}: no channel list (HTTP ${got.reply.status})`,
      }
    : got.result;
  // The device is identified either way; a refused channel list still ends every later login.
  return failure.status === 'auth-failed'
    ? { ...failure, evidence: identified.evidence }
    : { ...identified, message: failure.message ?? '' };
}
