/**
 * Webhook events come from the diff between consecutive complete scans.
 */
import { describe, expect, it } from 'vitest';
import { scanEvents } from '../../src/serve/events.js';
import { makeDevice, makeReport } from '../helpers/report.js';

const ips = (events: ReturnType<typeof scanEvents>, name: string) =>
  events.find((e) => e.event === name)?.devices.map((d) => d.ip) ?? [];

describe('scan events', () => {
  it('treats everything flagged or unverified in the first scan as new', () => {
    const first = makeReport([
      makeDevice('127.0.30.11', { status: 'flagged' }),
      makeDevice('127.0.30.12', { status: 'unverified' }),
      makeDevice('127.0.30.13', { status: 'clear' }),
    ]);
    const events = scanEvents(undefined, first);
    expect(ips(events, 'newly-flagged')).toEqual(['127.0.30.11']);
    expect(ips(events, 'newly-unverified')).toEqual(['127.0.30.12']);
    expect(ips(events, 'disappeared')).toEqual([]);
  });

  it('reports nothing when nothing changed', () => {
    const devices = [makeDevice('127.0.30.11', { status: 'flagged', serial: 'A' })];
    expect(scanEvents(makeReport(devices), makeReport(devices))).toEqual([]);
  });

  it('reports a device that became flagged or unverified, and one that went away', () => {
    const before = makeReport([
      makeDevice('127.0.30.11', { status: 'clear', serial: 'A' }),
      makeDevice('127.0.30.12', { status: 'clear', serial: 'B' }),
      makeDevice('127.0.30.13', { status: 'clear', serial: 'C' }),
    ]);
    const after = makeReport([
      makeDevice('127.0.30.11', { status: 'flagged', serial: 'A' }),
      makeDevice('127.0.30.12', { status: 'unverified', serial: 'B' }),
    ]);
    const events = scanEvents(before, after);
    expect(ips(events, 'newly-flagged')).toEqual(['127.0.30.11']);
    expect(ips(events, 'newly-unverified')).toEqual(['127.0.30.12']);
    expect(ips(events, 'disappeared')).toEqual(['127.0.30.13']);
  });

  it('counts a swapped device at the same IP as gone, and its replacement as new', () => {
    const before = makeReport([makeDevice('127.0.30.11', { status: 'clear', mac: 'aa:aa:aa:00:00:01' })]);
    const after = makeReport([makeDevice('127.0.30.11', { status: 'unverified', mac: 'bb:bb:bb:00:00:02' })]);
    const events = scanEvents(before, after);
    expect(events.find((e) => e.event === 'disappeared')?.devices[0]?.mac).toBe('aa:aa:aa:00:00:01');
    expect(events.find((e) => e.event === 'newly-unverified')?.devices[0]?.mac).toBe('bb:bb:bb:00:00:02');
  });
});
