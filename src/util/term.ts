/**
 * @module util/term
 * What the terminal allows: colour (`--no-color`, `FORCE_COLOR`, `NO_COLOR`, TTY, `TERM=dumb`)
 * and width (tables fit `columns` on a TTY; unlimited in a pipe or a file). Rows are cut with an
 * ellipsis, never wrapped.
 */

let colourFlag: boolean | undefined;

/** `--no-color` sets false; it wins over every environment variable. */
export function setColourFlag(value: boolean | undefined) {
  colourFlag = value;
}

/**
 * Order: `--no-color`, then `FORCE_COLOR` (`0`/`false` off, anything else on, as Node and
 * supports-color read it), then `NO_COLOR` (present = off), then a TTY whose TERM is not dumb.
 */
export function colourEnabled(
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined> = process.env,
  flag: boolean | undefined = colourFlag,
): boolean {
  if (flag === false) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if ('NO_COLOR' in env) return false;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** Columns of a terminal stream; undefined (no limit) for a pipe, a file or an unknown width. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout) {
  if (!stream.isTTY || !stream.columns || stream.columns < 1) return undefined;
  return stream.columns;
}

/** `text` cut to `width` characters, the last one an ellipsis when anything was cut. */
export function clip(text: string, width: number | undefined): string {
  if (width === undefined || text.length <= width) return text;
  if (width <= 0) return '';
  return `${text.slice(0, width - 1)}…`;
}

/** Narrowest a column is shrunk to before the whole row is cut instead. */
const MIN_COLUMN = 4;

/**
 * Column widths that fit `max` characters with `gap` spaces between columns: the widest
 * column gives up one character at a time (so long models and firmware strings are cut
 * before short ones). A column never goes below its natural width or its minimum
 * (`mins[i]`, default MIN_COLUMN; Infinity = never cut), whichever is smaller; if that is
 * still too wide, rows are clipped afterwards.
 */
export function fitWidths(
  natural: readonly number[],
  max: number | undefined,
  gap = 2,
  mins: readonly number[] = [],
): number[] {
  const widths = [...natural];
  if (max === undefined) return widths;
  const total = () => widths.reduce((a, b) => a + b, 0) + gap * Math.max(0, widths.length - 1);
  let excess = total() - max;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      const w = widths[i] ?? 0;
      if (w > (mins[i] ?? MIN_COLUMN) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess--;
  }
  return widths;
}

/** Lays out rows of cells in columns that fit `max`; each returned line is at most `max` long. */
export function layoutRows(
  rows: readonly (readonly string[])[],
  max: number | undefined,
  gap = 2,
  mins: readonly number[] = [],
) {
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const natural = Array.from({ length: cols }, (_, i) =>
    Math.max(0, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const widths = fitWidths(natural, max, gap, mins);
  return rows.map((cells) =>
    clip(
      widths
        .map((w, i) => clip(cells[i] ?? '', w).padEnd(w))
        .join(' '.repeat(gap))
        .trimEnd(),
      max,
    ),
  );
}
