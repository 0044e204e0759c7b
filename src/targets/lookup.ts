/**
 * @module targets/lookup
 * Hostname -> IPv4 addresses, through an injectable resolver so tests never touch DNS.
 * Each distinct name is looked up once, all in parallel.
 */
import { lookup } from 'node:dns/promises';
import { UsageError } from '../errors/index.js';
import { parseIPv4 } from './ipv4.js';
import { located, type SourceToken } from './sources.js';

export type Resolver = (host: string) => Promise<string[]>;

export async function defaultResolve(host: string): Promise<string[]> {
  const answers = await lookup(host, { all: true, family: 4 });
  return answers.map((a) => a.address);
}

/** Names are case-insensitive, so "Cam.local" and "cam.local" share one lookup. */
export const hostKey = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/**
 * Resolves every hostname token; returns hostKey -> sorted, distinct IPv4 addresses.
 * Throws a UsageError naming the first token (in the order given) that fails, so the
 * error does not depend on which lookup happened to finish first.
 */
export async function resolveHostnames(
  tokens: readonly SourceToken[],
  resolve: Resolver,
): Promise<Map<string, number[]>> {
  const hosts = tokens.filter((t) => t.spec.kind === 'host');
  // The first spelling of each name is the one handed to the resolver.
  const firstSpelling = new Map<string, string>();
  for (const t of hosts) if (!firstSpelling.has(hostKey(t.text))) firstSpelling.set(hostKey(t.text), t.text);
  const keys = [...firstSpelling.keys()];
  const results = await Promise.allSettled(keys.map((k) => resolve(firstSpelling.get(k) ?? k)));
  const byKey = new Map(keys.map((k, i) => [k, results[i]]));
  const out = new Map<string, number[]>();
  for (const t of hosts) {
    const key = hostKey(t.text);
    if (out.has(key)) continue;
    const r = byKey.get(key);
    const what = `${t.role} hostname ${located(`"${t.text}"`, t)}`;
    if (!r || r.status === 'rejected') {
      const code = (r?.reason as NodeJS.ErrnoException | undefined)?.code;
      throw new UsageError(`${what} does not resolve${code ? ` (${code})` : ''}`);
    }
    // Only canonical IPv4 answers count; a custom resolver may hand back IPv6 as well.
    const addrs = [...new Set(r.value.map(parseIPv4))].filter((a) => a !== undefined).sort((a, b) => a - b);
    if (addrs.length === 0) throw new UsageError(`${what} does not resolve to any IPv4 address`);
    out.set(key, addrs);
  }
  return out;
}
