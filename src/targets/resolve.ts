/**
 * @module targets/resolve
 * resolveTargets: tokens -> checked TargetSet. Order matters for the user: syntax and
 * files first (cheap, local), then the size rule (before any DNS), then lookups, then
 * de-duplication, exclusion and the address-class rules.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { UsageError } from '../errors/index.js';
import { claimInOrder } from './claim.js';
import { defaultResolve, hostKey, resolveHostnames } from './lookup.js';
import { contains, normalize, type Span, subtract } from './ranges.js';
import { checkAddressClasses, checkSpecSizes, checkTotal } from './safety.js';
import { SpanTargetSet } from './set.js';
import { collectTokens, type SourceToken } from './sources.js';
import type { TargetOptions, TargetSet } from './types.js';

const defaultReadFile = (path: string): Promise<string> => fsReadFile(path, 'utf8');

/** What a token stands for: the scannable addresses of a target, the whole block of an exclusion. */
function spansOf(t: SourceToken, resolved: ReadonlyMap<string, number[]>): Span[] {
  if (t.spec.kind !== 'host') {
    return [t.role === 'target' ? { first: t.spec.first, last: t.spec.last } : t.spec.block];
  }
  return (resolved.get(hostKey(t.text)) ?? []).map((a) => ({ first: a, last: a }));
}

export async function resolveTargets(tokens: string[], opts: TargetOptions = {}): Promise<TargetSet> {
  const specs = tokens.map((t) => t.trim()).filter((t) => t !== '');
  if (specs.length === 0) throw new UsageError('no targets given');
  const readFile = opts.readFile ?? defaultReadFile;
  const resolve = opts.resolve ?? defaultResolve;

  const targets = await collectTokens(specs, 'target', readFile);
  const excludes = await collectTokens(opts.exclude ?? [], '--exclude', readFile);
  if (!opts.allowLarge) checkSpecSizes(targets);

  const resolved = await resolveHostnames([...targets, ...excludes], resolve);
  const cut = normalize(excludes.flatMap((t) => spansOf(t, resolved)));
  const owned = claimInOrder(targets.map((t) => normalize(spansOf(t, resolved)))).map((spans) =>
    subtract(spans, cut),
  );

  checkAddressClasses(targets, owned, opts.allowPublic ?? false);
  const all = normalize(owned.flat());
  if (all.length === 0) throw new UsageError('no addresses left to scan');

  // The first name given for an address wins; excluded addresses get none.
  const names = new Map<number, string>();
  for (const t of targets) {
    if (t.spec.kind !== 'host') continue;
    for (const addr of resolved.get(hostKey(t.text)) ?? []) {
      if (!names.has(addr) && contains(all, addr)) names.set(addr, t.text);
    }
  }
  const set = new SpanTargetSet(specs, owned, names);
  if (!opts.allowLarge) checkTotal(set.count);
  return set;
}
