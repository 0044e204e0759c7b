/**
 * @module probes/net/one-question
 * The shape shared by the probes that ask a vendor's private TCP port one fixed question and
 * read one answer (Hikvision's SDK port, Reolink's Baichuan, Dahua's DVRIP and DHIP logins):
 * the connection slot, the bounded exchange, the status mapping and the evidence records live
 * here once; each probe keeps only its request and the reading of its answer.
 */
import { type EvidenceField, makeEvidence } from '../../evidence/types.js';
import { failed } from '../status.js';
import type { Probe, ServiceName } from '../types.js';
import { askTarget, type ExchangeOptions } from './exchange.js';

/** What a probe makes of the answer: the values to record, or why it is not the answer it asked for. */
export type Reading =
  | { values: ReadonlyArray<readonly [EvidenceField, string]> }
  /** `spoke`: the port did speak the protocol (its service is reported), the answer lacked the value. */
  | { error: string; spoke?: boolean };

export interface OneQuestion {
  name: string;
  description: string;
  port: number;
  service: ServiceName;
  request: string | Buffer;
  /** How the question shows in the evidence's `request`. */
  requestLabel: string;
  /** The answer's size cap and when it is whole. */
  answer: { maxBytes: number; complete: ExchangeOptions['complete'] };
  read: (data: Buffer) => Reading;
}

export function oneQuestionProbe(q: OneQuestion): Probe {
  return {
    name: q.name,
    description: q.description,
    transport: 'tcp',
    defaultPorts: [q.port],
    async run(target, ctx) {
      try {
        const reply = await askTarget(target, ctx, q.request, q.answer);
        const reading = q.read(reply.data);
        if ('error' in reading)
          return {
            status: 'protocol-error',
            evidence: [],
            message: reading.error,
            ...(reading.spoke ? { service: q.service } : {}),
          };
        const base = {
          probe: q.name,
          ip: target.ip,
          port: target.port,
          transport: 'tcp' as const,
          request: q.requestLabel,
        };
        return {
          status: 'ok',
          evidence: reading.values.map(([field, value]) => makeEvidence(base, field, value)),
          service: q.service,
        };
      } catch (err) {
        return failed(err);
      }
    },
  };
}
