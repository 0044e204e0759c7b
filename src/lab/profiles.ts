/**
 * @module lab/profiles
 * Loads the simulated-device profiles shipped in src/lab/profiles/ (the demo fleet) or another
 * folder (src/lab/credentialed/). A profile may `extends:` a demo-fleet profile and add to it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { dataPath } from '../util/paths.js';
import type { DeviceProfile } from './profile.js';

const FLEET_DIR = dataPath('src', 'lab', 'profiles');

export function loadProfiles(dir = FLEET_DIR): DeviceProfile[] {
  const raw = readDir(dir);
  const fleet = dir === FLEET_DIR ? raw : readDir(FLEET_DIR);
  return raw.map((p) => {
    if (!p.extends) return p;
    const base = fleet.find((b) => b.id === p.extends);
    if (!base) throw new Error(`profile ${p.id}: extends unknown profile "${p.extends}"`);
    return { ...base, ...p, sources: [...base.sources, ...p.sources] };
  });
}

/** The profiles that need credentials: the authenticated endpoints and the NVR with channel cameras. */
export const loadCredentialedProfiles = () => loadProfiles(dataPath('src', 'lab', 'credentialed'));

function readDir(dir: string): DeviceProfile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const p = parse(readFileSync(join(dir, f), 'utf8')) as DeviceProfile;
      if (!p?.id || !p.expect) throw new Error(`${join(dir, f)}: profile needs id and expect`);
      return p;
    });
}
