/**
 * The CLI as a user meets it: help, usage errors with exit 2 and no stack trace, an
 * unwritable --output caught before scanning, a garbage-speaking device that does not stop
 * the scan of the others, and a dead /24 that finishes in seconds. Loopback only.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Report } from '../../src/report/types.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'oemscan-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('usage', () => {
  it('prints help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('scan');
  });

  it.each([
    [['scan', '300.1.1.1'], /out of range/],
    [['scan', '8.8.8.8'], /public address.*--allow-public/],
    [['scan', '10.0.0.0/8'], /--allow-large/],
    [['scan', '@/nonexistent/list.txt'], /not found/],
    [['scan', '127.0.0.1', '--timeout', 'soon'], /--timeout must be an integer/],
    [
      ['scan', '127.0.0.1', '--format', 'docx'],
      /unknown format "docx" \(choose from table, json, jsonl, csv, html, pdf\)/,
    ],
    [['scan', '127.0.0.1', '--output', '/nonexistent-dir/x.json'], /cannot write --output/],
  ])('%j exits 2 with a clear message', async (args, message) => {
    const r = await runCli(args, {}, 60000, true);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('hostile and dead hosts', () => {
  let lab: Lab;
  const garbage: DeviceProfile = {
    id: 'garbage',
    description: 'speaks junk on its web port',
    sources: ['robustness fixture'],
    expect: { vendor: null, brand: null, type: 'unknown', flagged: false },
    hostile: 'garbage',
  };
  const hang: DeviceProfile = { ...garbage, id: 'hang', hostile: 'hang' };
  const flood: DeviceProfile = { ...garbage, id: 'flood', hostile: 'oversize' };
  beforeAll(async () => {
    lab = await startLab({ prefix: '127.0.11', portOffset: 22000, profiles: [garbage, hang, flood] });
  });
  afterAll(async () => lab?.stop());

  it('scans a /24 of mostly dead addresses in seconds and reports each misbehaving host', async () => {
    const out = join(tmp, 'report.json');
    const r = await runCli([
      'scan',
      '127.0.11.0/24',
      '--port-offset',
      '22000',
      '--format',
      'json',
      '--output',
      out,
      '--timeout',
      '800',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(15000);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.summary.addresses).toBe(254);
    expect(report.devices.map((d) => d.ip)).toEqual(['127.0.11.11', '127.0.11.12', '127.0.11.13']);
    for (const d of report.devices) {
      expect(d.oem.vendor).toBeNull();
      expect(d.status).toBe('unverified');
      expect(d.errors.length, `${d.ip} should record what went wrong`).toBeGreaterThan(0);
    }
    const statuses = report.devices.flatMap((d) => d.errors.map((e) => e.status));
    expect(statuses).toContain('protocol-error');
    expect(statuses).toContain('timeout');
  }, 30000);
});

describe('demo', () => {
  it('runs the whole fleet unprivileged and fails on flagged devices when asked', async () => {
    const r = await runCli([
      'demo',
      '--prefix',
      '127.0.12',
      '--port-offset',
      '23000',
      '--format',
      'json',
      '--fail-on-flagged',
    ]);
    expect(r.code, r.stderr).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.summary.flagged).toBeGreaterThan(0);
    expect(report.scan.targets).toEqual(['127.0.12.0/24']);
  }, 60000);

  it('prints a table with flagged devices first', async () => {
    const r = await runCli(['demo', '--prefix', '127.0.13', '--port-offset', '24000']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('127.0.13.'));
    const firstClear = rows.findIndex((l) => !l.includes('FLAGGED'));
    expect(firstClear).toBeGreaterThan(0);
    expect(rows.slice(firstClear).some((l) => l.includes('FLAGGED'))).toBe(false);
  }, 60000);
});
