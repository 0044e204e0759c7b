/**
 * @module diff/compare
 * Ties devices of two scans together — by serial, then MAC, then IP — and lists what was
 * added, removed, changed, swapped and newly flagged. A different serial or MAC, or a
 * different badge and model, at the same IP is a swapped device, not a changed one.
 */
import type { Device, Report } from '../report/types.js';
import {
  type Change,
  type DeviceRef,
  DIFF_SCHEMA,
  type DiffReport,
  type FieldChange,
  type Swap,
} from './types.js';

export function ref(d: Device): DeviceRef {
  return {
    ip: d.ip,
    mac: d.mac,
    serial: d.serial,
    brand: d.brand,
    oem: d.oem.vendor,
    model: d.model,
    status: d.status,
    policies: d.flags.map((f) => f.policy),
  };
}

const TRACKED: [FieldChange['field'], (d: Device) => string | null][] = [
  ['ip', (d) => d.ip],
  ['mac', (d) => d.mac],
  ['oem', (d) => d.oem.vendor],
  ['brand', (d) => d.brand],
  ['model', (d) => d.model],
  ['firmware', (d) => d.firmware],
  ['type', (d) => d.type],
  ['status', (d) => d.status],
];

function fieldChanges(a: Device, b: Device): FieldChange[] {
  return TRACKED.filter(([, get]) => get(a) !== get(b)).map(([field, get]) => ({
    field,
    from: get(a),
    to: get(b),
  }));
}

/** Why two sightings at one IP are different devices, or undefined when they look like one. */
function swapReason(a: Device, b: Device): string | undefined {
  if (a.serial && b.serial && a.serial !== b.serial) return `serial ${a.serial} -> ${b.serial}`;
  if (a.mac && b.mac && a.mac !== b.mac) return `MAC ${a.mac} -> ${b.mac}`;
  const badge = (d: Device) => [d.brand, d.model].join('/');
  if (a.brand && b.brand && a.model && b.model && badge(a) !== badge(b)) return `${badge(a)} -> ${badge(b)}`;
  if (a.oem.vendor && b.oem.vendor && a.oem.vendor !== b.oem.vendor && a.model !== b.model) {
    return `OEM ${a.oem.vendor} -> ${b.oem.vendor}`;
  }
  return undefined;
}

export function diffReports(before: Report, after: Report): DiffReport {
  const unmatched = new Set(before.devices);
  const pairs: { a: Device; b: Device; by: Change['matchedBy'] }[] = [];
  const added: Device[] = [];
  const keys: [Change['matchedBy'], (d: Device) => string | null][] = [
    ['serial', (d) => d.serial],
    ['mac', (d) => d.mac],
    ['ip', (d) => d.ip],
  ];
  for (const b of after.devices) {
    let found: { a: Device; by: Change['matchedBy'] } | undefined;
    for (const [by, key] of keys) {
      const k = key(b);
      const a = k ? [...unmatched].find((x) => key(x) === k) : undefined;
      if (a) {
        found = { a, by };
        break;
      }
    }
    if (found) {
      unmatched.delete(found.a);
      pairs.push({ a: found.a, b, by: found.by });
    } else added.push(b);
  }

  const changed: Change[] = [];
  const swapped: Swap[] = [];
  for (const { a, b, by } of pairs) {
    const reason = by === 'ip' ? swapReason(a, b) : undefined;
    if (reason) swapped.push({ ip: b.ip, before: ref(a), after: ref(b), reason });
    else {
      const changes = fieldChanges(a, b);
      if (changes.length) changed.push({ matchedBy: by, before: ref(a), after: ref(b), changes });
    }
  }

  const wasFlagged = new Map(
    pairs.map(({ a, b, by }) => [b, by === 'ip' && swapReason(a, b) ? false : a.status === 'flagged']),
  );
  const newlyFlagged = after.devices.filter((d) => d.status === 'flagged' && !wasFlagged.get(d)).map(ref);
  const removed = [...unmatched].map(ref);
  return {
    schema: DIFF_SCHEMA,
    from: { id: before.scan.id, startedAt: before.scan.startedAt, finishedAt: before.scan.finishedAt },
    to: { id: after.scan.id, startedAt: after.scan.startedAt, finishedAt: after.scan.finishedAt },
    added: added.map(ref),
    removed,
    changed,
    swapped,
    newlyFlagged,
    summary: {
      added: added.length,
      removed: removed.length,
      changed: changed.length,
      swapped: swapped.length,
      newlyFlagged: newlyFlagged.length,
    },
  };
}
