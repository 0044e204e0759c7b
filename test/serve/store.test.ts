/**
 * The SQLite store: migrations run once, scans left running are marked incomplete, a report
 * comes back byte for byte, devices carry their history, retention drops the oldest scans.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { migrate } from '../../src/store/db.js';
import { openStore, type Store } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { makeDevice, makeReport } from '../helpers/report.js';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oemscan-store-'));
  store = openStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function record(report: Report, trigger: 'schedule' | 'manual' = 'schedule') {
  store.scans.begin(report.scan.id, report.scan.startedAt, trigger);
  for (const d of report.devices) store.scans.addDevice(report.scan.id, d);
  store.scans.complete(report);
}

describe('store', () => {
  it('uses WAL and applies each migration once', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrate(store.db, MIGRATIONS)).toEqual([]);
    store.close();
    store = openStore(dir);
    const rows = store.db.prepare('SELECT version FROM schema_migrations').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('refuses a database from a newer oemscan', () => {
    store.db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'x')").run();
    store.close();
    expect(() => openStore(dir)).toThrow(/schema version 99 is newer/);
    store = openStore(join(dir, 'other'));
  });

  it('returns the stored report text exactly and lists scans newest first', () => {
    const a = makeReport([makeDevice('127.0.30.11', { status: 'flagged' })], '2026-01-01T00:00:00.000Z');
    const b = makeReport([makeDevice('127.0.30.12')], '2026-01-02T00:00:00.000Z');
    record(a);
    record(b, 'manual');
    expect(store.scans.reportText(a.scan.id)).toBe(JSON.stringify(a));
    const list = store.scans.list(10);
    expect(list.map((s) => s.id)).toEqual([b.scan.id, a.scan.id]);
    expect(list[1]).toMatchObject({ status: 'complete', devices: 1, flagged: 1, trigger: 'schedule' });
  });

  it('marks scans left running as incomplete and keeps their devices so far', () => {
    const done = makeReport([makeDevice('127.0.30.11')], '2026-01-01T00:00:00.000Z');
    record(done);
    store.scans.begin('00000000-0000-4000-8000-000000000001', '2026-01-02T00:00:00.000Z', 'schedule');
    store.scans.addDevice('00000000-0000-4000-8000-000000000001', makeDevice('127.0.30.11'));
    store.close();
    store = openStore(dir);
    expect(store.scans.recoverInterrupted()).toEqual(['00000000-0000-4000-8000-000000000001']);
    const killed = store.scans.get('00000000-0000-4000-8000-000000000001');
    expect(killed).toMatchObject({ status: 'incomplete', devices: 1 });
    expect(store.scans.reportText(killed?.id ?? '')).toBeUndefined();
    expect(store.scans.get(done.scan.id)?.status).toBe('complete');
    // The current devices come from the newest complete scan, not the interrupted one.
    expect(store.scans.currentDevices()[0]?.history.map((h) => h.scanId)).toEqual([done.scan.id]);
  });

  it('ties a device across scans by serial even when its IP moves', () => {
    const cam = { serial: 'SN1', status: 'flagged' as const };
    record(makeReport([makeDevice('127.0.30.11', cam)], '2026-01-01T00:00:00.000Z'));
    const b = makeReport([makeDevice('127.0.30.12', cam)], '2026-01-02T00:00:00.000Z');
    record(b);
    const [d] = store.scans.flagged();
    expect(d).toMatchObject({ ip: '127.0.30.12', key: 'serial:SN1', policies: ['us-ndaa-889'] });
    expect(d?.history.map((h) => h.ip)).toEqual(['127.0.30.12', '127.0.30.11']);
    expect(d?.firstSeen).toBe('2026-01-01T00:00:00.000Z');
    expect(d?.flags[0]?.reference).toBe('https://example.org/ndaa');
  });

  it('keeps the newest scans under retention, with their devices', () => {
    const reports = [1, 2, 3, 4].map((n) =>
      makeReport([makeDevice(`127.0.30.1${n}`)], `2026-01-0${n}T00:00:00.000Z`),
    );
    for (const r of reports) record(r);
    expect(store.scans.applyRetention({ scans: 2 })).toBe(2);
    expect(store.scans.list(10).map((s) => s.id)).toEqual([reports[3]?.scan.id, reports[2]?.scan.id]);
    const orphans = store.db
      .prepare('SELECT COUNT(*) AS n FROM devices WHERE scan_id NOT IN (SELECT id FROM scans)')
      .get();
    expect(orphans).toEqual({ n: 0 });
    expect(store.scans.applyRetention({ days: 1 }, Date.parse('2026-01-04T12:00:00.000Z'))).toBe(1);
    expect(store.scans.list(10)).toHaveLength(1);
  });
});
