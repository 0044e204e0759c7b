/**
 * @module cli/usage
 * Commander's own messages (unknown option, missing argument, unknown command) in the one-line
 * style of oemscan's UsageErrors.
 */

/** Commander's own errors in oemscan's one-line style: `oemscan: unknown option '--x' (did you mean --y?)`. */
export function commanderLine(s: string): string {
  const text = s
    .replace(/^error:\s*/i, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\(Did you mean/g, '(did you mean')
    .trim();
  return `oemscan: ${text}\n`;
}
