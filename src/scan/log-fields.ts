/**
 * @module scan/log-fields
 * The fields of the one info line a scan logs when it ends, shared by `oemscan scan` and
 * `oemscan serve` so both read alike on a terminal:
 * `scan finished scan=… seconds=12.3 devices=40 flagged=3 unverified=5 errors=2`.
 */
import type { Report } from '../report/types.js';

export function scanEndFields(report: Report, startedAtMs: number) {
  const { devices, flagged, unverified } = report.summary;
  return {
    scan: report.scan.id,
    seconds: Math.round((Date.now() - startedAtMs) / 100) / 10,
    devices,
    flagged,
    unverified,
    /** Probe errors over all devices (timeouts, refused logins, unparseable answers). */
    errors: report.devices.reduce((n, d) => n + d.errors.length, 0),
  };
}
