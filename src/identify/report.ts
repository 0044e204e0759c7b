/**
 * @module identify/report
 * Turns a saved `oemscan.report/v1` back into per-host evidence so it can be re-fingerprinted
 * with today's signatures. (Page bodies survive only as the excerpts that matched before.)
 */
import type { Report } from '../report/types.js';
import type { HostResult } from '../scan/host.js';

export function hostsFromReport(report: Report): HostResult[] {
  return report.devices.map((d) => ({
    ip: d.ip,
    ...(d.hostname ? { hostname: d.hostname } : {}),
    responsive: true,
    evidence: d.evidence.map((e) => ({
      field: e.field,
      value: e.value,
      probe: e.probe,
      ip: d.ip,
      port: e.port,
      transport: e.transport,
      ...(e.request ? { request: e.request } : {}),
      observedAt: e.observedAt,
      ...(e.authenticated ? { authenticated: true } : {}),
    })),
    services: d.services,
    errors: d.errors,
    ...(d.via ? { via: d.via } : {}),
    ...(d.discovery ? { discovery: d.discovery } : {}),
  }));
}
