/**
 * Two scans of the lab fleet; between them the Axis camera is swapped for a Hikvision-built
 * Interlogix recorder at the same address. The diff must call it a swap, list it as newly
 * flagged, and `--fail-on-new-flagged` must exit non-zero. Loopback only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiffReport } from '../../src/diff/types.js';
import { loadProfiles } from '../../src/lab/profiles.js';
import { startLab } from '../../src/lab/server.js';
import { runCli, scanLab } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'oemscan-diff-'));
const PREFIX = '127.0.16';
const OFFSET = 27000;
const oldPath = join(tmp, 'old.json');
const newPath = join(tmp, 'new.json');

async function scanFleet(swap: boolean, out: string) {
  const profiles = loadProfiles();
  const interlogix = profiles.find((p) => p.id === 'interlogix-truvision-dvr');
  const fleet =
    swap && interlogix
      ? profiles.map((p) => (p.id === 'axis-camera' ? { ...interlogix, id: 'swapped-in' } : p))
      : profiles;
  const lab = await startLab({ prefix: PREFIX, portOffset: OFFSET, profiles: fleet });
  try {
    const r = await scanLab(PREFIX, OFFSET);
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(out, r.stdout);
    return lab.devices.find((d) => d.profile.id === (swap ? 'swapped-in' : 'axis-camera'))?.ip;
  } finally {
    await lab.stop();
  }
}

let swappedIp: string | undefined;
beforeAll(async () => {
  await scanFleet(false, oldPath);
  swappedIp = await scanFleet(true, newPath);
}, 120000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('oemscan diff', () => {
  it('reports the swapped device as newly flagged and fails on it', async () => {
    const r = await runCli(['diff', oldPath, newPath, '--format', 'json', '--fail-on-new-flagged']);
    expect(r.code, r.stderr).toBe(3);
    const diff = JSON.parse(r.stdout) as DiffReport;
    expect(diff.newlyFlagged.map((d) => d.ip)).toEqual([swappedIp]);
    expect(diff.swapped).toHaveLength(1);
    expect(diff.swapped[0]).toMatchObject({
      ip: swappedIp,
      before: { oem: 'Axis' },
      after: { oem: 'Hikvision', brand: 'Interlogix' },
    });
    expect(diff.summary).toMatchObject({ added: 0, removed: 0, changed: 0 });
  });

  it('prints the same changes in every format', async () => {
    for (const format of ['table', 'csv', 'jsonl', 'html']) {
      const r = await runCli(['diff', oldPath, newPath, '--format', format]);
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(swappedIp);
      expect(r.stdout).toContain('newly');
    }
  });

  it('scan --baseline writes the diff next to the report', async () => {
    const dir = mkdtempSync(join(tmp, 'out-'));
    const lab = await startLab({ prefix: PREFIX, portOffset: OFFSET });
    try {
      const r = await runCli([
        'scan',
        `${PREFIX}.0/24`,
        '--port-offset',
        String(OFFSET),
        '--format',
        'json,csv',
        '--output-dir',
        dir,
        '--baseline',
        newPath,
        '--fail-on-new-flagged',
        '--no-progress',
      ]);
      // Back to the original fleet: the Axis returns, nothing is newly flagged.
      expect(r.code, r.stderr).toBe(0);
      const diff = JSON.parse(readFileSync(join(dir, 'diff.json'), 'utf8')) as DiffReport;
      expect(diff.swapped.map((s) => s.ip)).toEqual([swappedIp]);
      expect(diff.newlyFlagged).toEqual([]);
      expect(readFileSync(join(dir, 'report.csv'), 'utf8').split('\r\n')[0]).toMatch(
        /^ip,hostname,mac,status/,
      );
    } finally {
      await lab.stop();
    }
  });

  it('rejects a file that is not a report', async () => {
    writeFileSync(join(tmp, 'junk.json'), '{"hello": 1}');
    const r = await runCli(['diff', oldPath, join(tmp, 'junk.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not an oemscan.report\/v1 file/);
  });
});
