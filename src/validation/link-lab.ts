/**
 * @module validation/link-lab
 * `node dist/validation/link-lab.js PROFILES.json PREFIX FIRST [discovery]`: the replay lab of
 * validation/link, run inside its device namespace (`discovery`: also answering link-wide
 * discovery, one device per namespace). Prints one line when it serves, stops on SIGTERM or SIGINT.
 */
import { readFileSync } from 'node:fs';
import type { DeviceProfile } from '../lab/profile.js';
import { startLab } from '../lab/server.js';

const [file, prefix, first, mode] = process.argv.slice(2);
if (!file || !prefix || !first) {
  process.stderr.write('usage: link-lab PROFILES.json PREFIX FIRST [discovery]\n');
  process.exit(2);
}
const profiles = JSON.parse(readFileSync(file, 'utf8')) as DeviceProfile[];
const lab = await startLab({
  prefix,
  first: Number(first),
  portOffset: 0,
  profiles,
  discovery: mode === 'discovery',
});
process.stdout.write(`serving ${lab.devices.length}\n`);
await new Promise<void>((resolve) => {
  process.once('SIGTERM', () => resolve());
  process.once('SIGINT', () => resolve());
});
await lab.stop();
