/**
 * @module report/engagement
 * The engagement block of a report (`--site`, `--client`, `--assessor`, or the serve config's
 * `site`, `client`, `assessor`): operator text for the cover and the sign-off. Checked once
 * here so every entry point accepts the same values.
 */
import { UsageError } from '../errors/index.js';
import { ENGAGEMENT_MAX, type Engagement } from './types.js';

export const ENGAGEMENT_KEYS = ['site', 'client', 'assessor'] as const;

/** Trimmed values; empty ones dropped; undefined when none is given. Throws on control characters or overlong text. */
export function engagementFrom(
  values: Partial<Record<(typeof ENGAGEMENT_KEYS)[number], unknown>>,
  name: (key: string) => string = (key) => `--${key}`,
): Engagement | undefined {
  const out: Engagement = {};
  for (const key of ENGAGEMENT_KEYS) {
    const raw = values[key];
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== 'string') throw new UsageError(`${name(key)} must be text`);
    const v = raw.trim().replace(/\s+/g, ' ');
    if (!v) continue;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    if (/[\u0000-\u001f\u007f-\u009f]/.test(v))
      throw new UsageError(`${name(key)} must not contain control characters`);
    if (v.length > ENGAGEMENT_MAX)
      throw new UsageError(`${name(key)} is longer than ${ENGAGEMENT_MAX} characters`);
    out[key] = v;
  }
  return Object.keys(out).length ? out : undefined;
}
