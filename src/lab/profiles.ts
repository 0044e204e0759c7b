/**
 * @module lab/profiles
 * Loads the simulated-device profiles shipped in src/lab/profiles/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { dataPath } from '../util/paths.js';
import type { DeviceProfile } from './profile.js';

export function loadProfiles(dir = dataPath('src', 'lab', 'profiles')): DeviceProfile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const p = parse(readFileSync(join(dir, f), 'utf8')) as DeviceProfile;
      if (!p?.id || !p.expect) throw new Error(`src/lab/profiles/${f}: profile needs id and expect`);
      return p;
    });
}
