/**
 * The ratchet on held-out validation (issue 12): the validation set's records are replayed as
 * lab hosts on loopback and scanned by the real pipeline, without and with credentials; no score
 * may fall below the floors recorded from a real run in
 * test/fixtures/real-devices/validation-floor.json (`npm run validate -- --write-floor`), and
 * flag precision stays >= 0.98. Removing a signature that a validation device relies on fails it.
 * The floors count the records served on a namespace link (their MAC by ARP), so the run needs
 * root as CI has; elsewhere it is skipped, and in CI without root it fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOffset } from '../../src/cli/commands/lab.js';
import { FLOOR_FILE } from '../../src/validation/report.js';
import { type Metrics, metrics, type RunResult, runValidation } from '../../src/validation/run.js';
import { canNetns } from '../helpers/netns.js';

type Floor = Partial<Record<keyof Metrics, number | null>>;
const KEYS = [
  'makerAccuracy',
  'familyAccuracy',
  'allNamedRight',
  'badgeAccuracy',
  'flagRecall',
  'flagPrecision',
] as const;

let results: RunResult[] = [];

const runs = canNetns || process.env.CI === 'true';

beforeAll(async () => {
  if (!runs) return;
  if (!canNetns)
    throw new Error('the validation ratchet needs root for its namespace link (CI runs as root)');
  results = await runValidation({
    set: 'validation',
    prefix: '127.0.45',
    portOffset: defaultOffset(),
    link: true,
  });
}, 90_000);

afterAll(() => {
  for (const r of results) {
    const m = metrics(r.outcomes);
    console.log(
      `validation ${r.credentials ? 'with' : 'without'} credentials: ${JSON.stringify(m)} (${r.elapsedMs} ms)`,
    );
  }
});

describe.skipIf(!runs)('held-out validation over the wire', () => {
  it('has a floor file written from a real run', () => {
    expect(existsSync(FLOOR_FILE())).toBe(true);
  });

  for (const run of ['noCredentials', 'credentials'] as const) {
    it(`${run}: no score below its recorded floor; flag precision >= 0.98`, () => {
      const floor = (JSON.parse(readFileSync(FLOOR_FILE(), 'utf8')) as Record<string, Floor>)[run] ?? {};
      const r = results.find((x) => x.credentials === (run === 'credentials'));
      expect(r).toBeDefined();
      const m = metrics(r?.outcomes ?? []);
      expect(m.devices).toBeGreaterThan(0);
      for (const k of KEYS) {
        const f = floor[k];
        if (f === null || f === undefined) continue;
        const misses = (r?.outcomes ?? []).filter((o) => o.miss).map((o) => `${o.name}: ${o.miss?.reason}`);
        expect(m[k] ?? 0, `${k} fell below ${f}; misses: ${misses.join('; ')}`).toBeGreaterThanOrEqual(
          f - 1e-9,
        );
      }
      if (m.flagPrecision !== null) expect(m.flagPrecision).toBeGreaterThanOrEqual(0.98);
    });
  }
});
