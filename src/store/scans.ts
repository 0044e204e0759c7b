/**
 * @module store/scans
 * Scan history in SQLite: a scan row is committed as `running` before any probe goes out,
 * each device (with its evidence and flags) is committed as soon as it is decided, and the
 * finished report lands in one transaction with the status change. A process killed at any
 * point leaves a `running` row, which the next start marks `incomplete`.
 */
import type { Device, Flag, Report } from '../report/types.js';
import { parseIPv4 } from '../targets/index.js';
import type { Db } from './db.js';
import type { DeviceRecord, Retention, ScanRecord, ScanStatus, ScanTrigger, Sighting } from './types.js';

/** Same order as the diff's matching: serial, then MAC, then IP. */
export function deviceKey(d: Pick<Device, 'serial' | 'mac' | 'ip'>): string {
  if (d.serial) return `serial:${d.serial}`;
  if (d.mac) return `mac:${d.mac}`;
  return `ip:${d.ip}`;
}

/**
 * What both stores (this one and the hub's) keep of a complete scan besides its id, in this
 * order: started_at, finished_at, devices, flagged, unverified, report (the JSON text).
 */
export function scanColumns(report: Report) {
  const s = report.summary;
  return [
    report.scan.startedAt,
    report.scan.finishedAt,
    s.devices,
    s.flagged,
    s.unverified,
    JSON.stringify(report),
  ] as const;
}

/**
 * What both stores (this one and the hub's) keep of a device in its row, in this order: key,
 * ip, mac, serial, hostname, type, brand, oem, oem_confidence, model, firmware, status.
 */
export function deviceColumns(d: Device) {
  return [
    deviceKey(d),
    d.ip,
    d.mac,
    d.serial,
    d.hostname,
    d.type,
    d.brand,
    d.oem.vendor,
    d.oem.confidence,
    d.model,
    d.firmware,
    d.status,
  ] as const;
}

const SCAN_COLUMNS = `id, started_at AS startedAt, finished_at AS finishedAt, status, trigger, devices, flagged,
  unverified, message`;

interface DeviceRow {
  scanId: string;
  seq: number;
  key: string;
  ip: string;
  mac: string | null;
  serial: string | null;
  hostname: string | null;
  type: Device['type'];
  brand: string | null;
  oem: string | null;
  oemConfidence: number;
  oemProbable: number;
  rebranded: number;
  model: string | null;
  firmware: string | null;
  status: Device['status'];
  startedAt: string;
}

export class ScanStore {
  constructor(private readonly db: Db) {}

  /** Marks scans left `running` by a process that died as `incomplete`; returns their ids. */
  recoverInterrupted(): string[] {
    const ids = (
      this.db.prepare("SELECT id FROM scans WHERE status = 'running'").all() as { id: string }[]
    ).map((r) => r.id);
    this.db
      .prepare(
        "UPDATE scans SET status = 'incomplete', message = 'the process stopped before the scan finished' WHERE status = 'running'",
      )
      .run();
    return ids;
  }

  begin(id: string, startedAt: string, trigger: ScanTrigger) {
    this.db
      .prepare("INSERT INTO scans (id, started_at, status, trigger) VALUES (?, ?, 'running', ?)")
      .run(id, startedAt, trigger);
  }

  /** One device with its evidence and flags, in one transaction. */
  addDevice(scanId: string, d: Device) {
    this.db.transaction(() => {
      const seq = (
        this.db
          .prepare('SELECT COALESCE(MAX(seq), -1) + 1 AS n FROM devices WHERE scan_id = ?')
          .get(scanId) as {
          n: number;
        }
      ).n;
      this.db
        .prepare(
          `INSERT INTO devices (scan_id, seq, key, ip, mac, serial, hostname, type, brand, oem, oem_confidence,
            model, firmware, status, oem_probable, rebranded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(scanId, seq, ...deviceColumns(d), d.oem.probable ? 1 : 0, d.oem.rebranded ? 1 : 0);
      const ev = this.db.prepare(
        'INSERT INTO evidence (scan_id, device_seq, field, value, probe, port, signature, vendor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const e of d.evidence) {
        ev.run(scanId, seq, e.field, e.value, e.probe, e.port, e.signature ?? null, e.vendor ?? null);
      }
      const fl = this.db.prepare(
        'INSERT INTO flags (scan_id, device_seq, policy, vendor, match, confidence, reason, reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const f of d.flags)
        fl.run(scanId, seq, f.policy, f.vendor, f.match, f.confidence, f.reason, f.reference);
      this.db
        .prepare(
          `UPDATE scans SET devices = devices + 1, flagged = flagged + ?, unverified = unverified + ? WHERE id = ?`,
        )
        .run(d.status === 'flagged' ? 1 : 0, d.status === 'unverified' ? 1 : 0, scanId);
    })();
  }

  /** The finished report and the `complete` status, together or not at all. */
  complete(report: Report) {
    this.db
      .prepare(
        `UPDATE scans SET status = 'complete', started_at = ?, finished_at = ?, devices = ?, flagged = ?,
         unverified = ?, report = ? WHERE id = ? AND status = 'running'`,
      )
      .run(...scanColumns(report), report.scan.id);
  }

  /** Ends a scan without a report (`incomplete` after a shutdown, `failed` on an error). */
  end(id: string, status: Exclude<ScanStatus, 'running' | 'complete'>, message: string) {
    this.db
      .prepare(
        "UPDATE scans SET status = ?, finished_at = ?, message = ? WHERE id = ? AND status = 'running'",
      )
      .run(status, new Date().toISOString(), message, id);
  }

  list(limit: number, offset = 0): ScanRecord[] {
    return this.db
      .prepare(`SELECT ${SCAN_COLUMNS} FROM scans ORDER BY started_at DESC, rowid DESC LIMIT ? OFFSET ?`)
      .all(limit, offset) as ScanRecord[];
  }

  get(id: string): ScanRecord | undefined {
    return this.db.prepare(`SELECT ${SCAN_COLUMNS} FROM scans WHERE id = ?`).get(id) as
      | ScanRecord
      | undefined;
  }

  /** The stored `oemscan.report/v1` text, byte for byte as it was written. */
  reportText(id: string): string | undefined {
    const row = this.db.prepare('SELECT report FROM scans WHERE id = ?').get(id) as
      | { report: string | null }
      | undefined;
    return row?.report ?? undefined;
  }

  report(id: string): Report | undefined {
    const text = this.reportText(id);
    return text ? (JSON.parse(text) as Report) : undefined;
  }

  /** The newest complete scan, or the newest one that started before `before`. */
  latestComplete(before?: string): ScanRecord | undefined {
    return this.db
      .prepare(
        `SELECT ${SCAN_COLUMNS} FROM scans WHERE status = 'complete' AND started_at < ? ORDER BY started_at DESC, rowid DESC LIMIT 1`,
      )
      .get(before ?? '9999') as ScanRecord | undefined;
  }

  /** How many complete scans are stored. */
  countComplete(): number {
    return (
      this.db.prepare("SELECT COUNT(*) AS n FROM scans WHERE status = 'complete'").get() as { n: number }
    ).n;
  }

  /** Complete scans that started at or after `since` (ISO 8601), oldest first. */
  completeSince(since: string): ScanRecord[] {
    return this.db
      .prepare(
        `SELECT ${SCAN_COLUMNS} FROM scans WHERE status = 'complete' AND started_at >= ? ORDER BY started_at ASC, rowid ASC`,
      )
      .all(since) as ScanRecord[];
  }

  /**
   * The device with this key as the stored report of scan `scanId` has it (its evidence chain,
   * services and errors), or undefined when that scan has no report or did not see it.
   */
  reportDevice(scanId: string, key: string): Device | undefined {
    return this.report(scanId)?.devices.find((d) => deviceKey(d) === key);
  }

  /** Devices of the newest complete scan in address order, each with every complete sighting of it. */
  currentDevices(): DeviceRecord[] {
    const latest = this.latestComplete();
    if (!latest) return [];
    const rows = this.deviceRows('d.scan_id = ?', [latest.id]);
    const ipOrder = (ip: string) => parseIPv4(ip) ?? 0;
    return rows
      .sort((a, b) => ipOrder(a.ip) - ipOrder(b.ip))
      .map((r) => this.toRecord(r, this.sightings(r.key)));
  }

  /**
   * One device by its key, as last seen by a complete scan (it may have gone since), with every
   * complete sighting of it; undefined when no complete scan saw it.
   */
  device(key: string): DeviceRecord | undefined {
    const latest = this.db
      .prepare(
        `SELECT d.scan_id AS scanId FROM devices d JOIN scans s ON s.id = d.scan_id
         WHERE d.key = ? AND s.status = 'complete' ORDER BY s.started_at DESC, s.rowid DESC LIMIT 1`,
      )
      .get(key) as { scanId: string } | undefined;
    if (!latest) return undefined;
    const row = this.deviceRows('d.scan_id = ? AND d.key = ?', [latest.scanId, key])[0];
    return row ? this.toRecord(row, this.sightings(key)) : undefined;
  }

  private sightings(key: string): Sighting[] {
    return this.db
      .prepare(
        `SELECT d.scan_id AS scanId, s.started_at AS startedAt, d.ip, d.status, d.oem FROM devices d
         JOIN scans s ON s.id = d.scan_id WHERE d.key = ? AND s.status = 'complete' ORDER BY s.started_at DESC`,
      )
      .all(key) as Sighting[];
  }

  flagged(): DeviceRecord[] {
    return this.currentDevices().filter((d) => d.status === 'flagged');
  }

  /** Drops the oldest scans beyond the limits (never a running one); returns how many went. */
  applyRetention(r: Retention, now = Date.now()): number {
    let removed = 0;
    this.db.transaction(() => {
      if (r.days !== undefined) {
        const cutoff = new Date(now - r.days * 86400e3).toISOString();
        removed += this.db
          .prepare("DELETE FROM scans WHERE started_at < ? AND status != 'running'")
          .run(cutoff).changes;
      }
      if (r.scans !== undefined) {
        removed += this.db
          .prepare(
            `DELETE FROM scans WHERE status != 'running' AND id NOT IN
             (SELECT id FROM scans ORDER BY started_at DESC, rowid DESC LIMIT ?)`,
          )
          .run(r.scans).changes;
      }
    })();
    return removed;
  }

  private deviceRows(where: string, params: unknown[]): DeviceRow[] {
    return this.db
      .prepare(
        `SELECT d.scan_id AS scanId, d.seq, d.key, d.ip, d.mac, d.serial, d.hostname, d.type, d.brand, d.oem,
          d.oem_confidence AS oemConfidence, d.oem_probable AS oemProbable, d.rebranded, d.model, d.firmware, d.status, s.started_at AS startedAt
         FROM devices d JOIN scans s ON s.id = d.scan_id WHERE ${where} ORDER BY d.seq`,
      )
      .all(...params) as DeviceRow[];
  }

  private flagsOf(scanId: string, seq: number): Flag[] {
    return this.db
      .prepare(
        'SELECT policy, vendor, match, confidence, reason, reference FROM flags WHERE scan_id = ? AND device_seq = ?',
      )
      .all(scanId, seq) as Flag[];
  }

  private toRecord(r: DeviceRow, history: Sighting[]): DeviceRecord {
    const flags = this.flagsOf(r.scanId, r.seq);
    return {
      ip: r.ip,
      mac: r.mac,
      serial: r.serial,
      brand: r.brand,
      oem: r.oem,
      model: r.model,
      status: r.status,
      policies: flags.map((f) => f.policy),
      key: r.key,
      hostname: r.hostname,
      type: r.type,
      firmware: r.firmware,
      oemConfidence: r.oemConfidence,
      oemProbable: r.oemProbable === 1,
      rebranded: r.rebranded === 1,
      flags,
      firstSeen: history.at(-1)?.startedAt ?? r.startedAt,
      lastSeen: history[0]?.startedAt ?? r.startedAt,
      history,
    };
  }
}
