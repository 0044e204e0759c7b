/**
 * @module serve/events
 * What a finished scan changed, as webhook events: newly flagged, newly unverified and
 * disappeared devices, decided by the diff (src/diff) against the previous complete scan.
 * The first scan is compared with an empty one, so everything flagged in it is news.
 */
import { diffReports } from '../diff/compare.js';
import type { DeviceRef, DiffReport } from '../diff/types.js';
import type { Report } from '../report/types.js';
import type { WebhookEvent } from './config-schema.js';

export interface ScanEvent {
  event: WebhookEvent;
  devices: DeviceRef[];
}

function emptyLike(report: Report): Report {
  return {
    ...report,
    scan: { ...report.scan, id: '', startedAt: '', finishedAt: '' },
    devices: [],
  };
}

function newlyUnverified(diff: DiffReport): DeviceRef[] {
  return [
    ...diff.added.filter((d) => d.status === 'unverified'),
    ...diff.swapped.filter((s) => s.after.status === 'unverified').map((s) => s.after),
    ...diff.changed
      .filter((c) => c.after.status === 'unverified' && c.before.status !== 'unverified')
      .map((c) => c.after),
  ];
}

/** The events of `current` relative to `previous` (undefined: no earlier complete scan). */
export function scanEvents(previous: Report | undefined, current: Report): ScanEvent[] {
  const diff = diffReports(previous ?? emptyLike(current), current);
  const swappedAway = diff.swapped.map((s) => s.before);
  const events: ScanEvent[] = [
    { event: 'newly-flagged', devices: diff.newlyFlagged },
    { event: 'newly-unverified', devices: newlyUnverified(diff) },
    { event: 'disappeared', devices: [...diff.removed, ...swappedAway] },
  ];
  return events.filter((e) => e.devices.length > 0);
}
