/**
 * @module lab/lan
 * The network-namespace LAN lab (scripts/netns-lab): which profiles it can run (the loopback
 * fleet's plus src/lab/profiles/lan/, devices that only answer discovery) and the MAC each
 * simulated device's interface gets — the published one when a capture names it, otherwise
 * an address under its vendor's IEEE OUI from fingerprints/oui/oui.json.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors/index.js';
import { dataPath } from '../util/paths.js';
import type { DeviceProfile } from './profile.js';
import { loadProfiles } from './profiles.js';

export const lanProfiles = (): DeviceProfile[] => [
  ...loadProfiles(),
  ...loadProfiles(dataPath('src', 'lab', 'profiles', 'lan')),
];

export function findProfile(id: string): DeviceProfile {
  const all = lanProfiles();
  const p = all.find((x) => x.id === id);
  if (!p) throw new UsageError(`unknown profile "${id}" (${all.map((x) => x.id).join(', ')})`);
  return p;
}

/** `aa:bb:cc:dd:ee:ff` for device number `index` (1-based) running `profile`. */
export function labMac(profile: DeviceProfile, index: number): string {
  if (profile.discovery?.mac) return profile.discovery.mac.toLowerCase();
  const suffix = `44:00:${(index & 255).toString(16).padStart(2, '0')}`;
  const vendor = profile.expect.vendor;
  const oui = (
    JSON.parse(readFileSync(dataPath('fingerprints', 'oui', 'oui.json'), 'utf8')) as {
      entries: { prefix: string; bits: number; vendor?: string }[];
    }
  ).entries.find((e) => vendor && e.vendor === vendor && e.bits === 24);
  // No registration for the maker: a locally administered address (bit 1 of the first octet).
  return `${oui ? oui.prefix.toLowerCase() : '02:44:00'}:${suffix}`;
}
