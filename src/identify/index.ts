/**
 * @module identify
 * Offline identification: an earlier JSON report or an nmap XML file in, a fresh report out,
 * decided by the current signature library and policies.
 */
import { randomUUID } from 'node:crypto';
import type { SignatureLibrary } from '../engine/load.js';
import type { PolicyPack } from '../policy/load.js';
import { REPORT_SCHEMA, type Report } from '../report/types.js';
import { validateReport } from '../report/validate.js';
import { buildDevice } from '../scan/device.js';
import type { HostResult } from '../scan/host.js';
import { summarise } from '../scan/run.js';
import { packageVersion } from '../util/paths.js';
import { parseNmapDocument } from './nmap.js';
import { hostsFromReport } from './report.js';

export type InputKind = 'nmap-xml' | 'oemscan-json';

/**
 * Reads the input's kind from its first bytes and extracts the hosts. `warnings` are problems
 * with the file as a whole that still left hosts to read (an nmap file cut short mid-scan).
 */
export function hostsFromText(text: string): { kind: InputKind; hosts: HostResult[]; warnings: string[] } {
  const head = text.trimStart().slice(0, 200);
  if (head.startsWith('<')) return { kind: 'nmap-xml', ...parseNmapDocument(text) };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('neither nmap XML nor JSON');
  }
  const { valid, errors } = validateReport(data);
  if (!valid) throw new Error(`not an oemscan.report/v1 file: ${errors.slice(0, 3).join('; ')}`);
  return { kind: 'oemscan-json', hosts: hostsFromReport(data as Report), warnings: [] };
}

export function identify(
  source: string,
  hosts: HostResult[],
  lib: SignatureLibrary,
  policies: readonly PolicyPack[],
): Report {
  const now = new Date().toISOString();
  const devices = hosts.map((h) => buildDevice(h, lib, policies));
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'oemscan', version: packageVersion() },
    scan: {
      id: randomUUID(),
      startedAt: now,
      finishedAt: new Date().toISOString(),
      targets: [source],
      policies: policies.map((p) => p.id),
    },
    devices,
    summary: summarise(devices, hosts.length),
  };
}
