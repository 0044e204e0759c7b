/**
 * @module cli/diff-warnings
 * Two saved scans are only comparable when they looked at the same place, oldest first.
 * These warnings go to stderr (the diff itself stays on stdout) and never change the exit code.
 */
import type { Report } from '../report/types.js';
import { parseToken } from '../targets/parse.js';
import { normalize, type Span } from '../targets/ranges.js';

const LISTED = 5;

function listed(items: string[]): string {
  return items.length > LISTED
    ? `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more`
    : items.join(', ');
}

/** The addresses a list of literal targets covers, or undefined when any is a name or a file. */
function spans(targets: readonly string[]): Span[] | undefined {
  const out: Span[] = [];
  for (const t of targets) {
    const r = parseToken(t.trim());
    if (!r.ok || r.value.kind === 'host' || r.value.kind === 'file') return undefined;
    out.push({ first: r.value.first, last: r.value.last });
  }
  return normalize(out);
}

/** Same addresses (10.0.0.0/24 and 10.0.0.1-254 are the same scan), else the same text. */
function sameTargets(a: readonly string[], b: readonly string[]): boolean {
  const sa = spans(a);
  const sb = spans(b);
  if (sa && sb) return JSON.stringify(sa) === JSON.stringify(sb);
  const ta = new Set(a.map((t) => t.trim()));
  const tb = new Set(b.map((t) => t.trim()));
  return ta.size === tb.size && [...ta].every((t) => tb.has(t));
}

/** One line per problem, without the `oemscan: warning:` prefix. */
export function diffWarnings(
  before: Pick<Report, 'scan'>,
  after: Pick<Report, 'scan'>,
  names: { before: string; after: string } = { before: 'old', after: 'new' },
): string[] {
  const out: string[] = [];
  const a = new Set(before.scan.targets);
  const b = new Set(after.scan.targets);
  const onlyA = [...a].filter((t) => !b.has(t));
  const onlyB = [...b].filter((t) => !a.has(t));
  if (!sameTargets(before.scan.targets, after.scan.targets)) {
    const parts = [
      onlyA.length > 0 ? `only in the ${names.before} one: ${listed(onlyA)}` : '',
      onlyB.length > 0 ? `only in the ${names.after} one: ${listed(onlyB)}` : '',
    ].filter(Boolean);
    if (parts.length === 0) parts.push(`${listed([...a])} against ${listed([...b])}`);
    out.push(
      `the two scans covered different targets (${parts.join('; ')}); devices outside the common targets show as added or removed`,
    );
  }
  const t0 = Date.parse(before.scan.startedAt);
  const t1 = Date.parse(after.scan.startedAt);
  if (Number.isFinite(t0) && Number.isFinite(t1) && t0 > t1) {
    out.push(
      `the ${names.before} scan (${before.scan.startedAt}) is newer than the ${names.after} one (${after.scan.startedAt}); were the two files swapped?`,
    );
  }
  return out;
}
