/**
 * The progress line is redrawn with \r, which only works while it fits on one terminal row.
 */
import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/progress.js';

function fake(isTTY: boolean, columns?: number) {
  const out: string[] = [];
  return {
    out,
    stream: { isTTY, columns, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream,
  };
}

describe('progress line', () => {
  it('is cut to the terminal width', () => {
    const { out, stream } = fake(true, 20);
    progressReporter(stream).update(10, 254, 3);
    const line = (out[0] ?? '').replace('\r\u001b[2K', '');
    expect(line.length).toBeLessThan(20);
    expect(line.endsWith('…')).toBe(true);
  });

  it('is whole on a wide terminal, and absent when stderr is not one', () => {
    const wide = fake(true, 200);
    progressReporter(wide.stream).update(10, 254, 3);
    expect(wide.out[0]).toMatch(/scanned 10\/254 addresses, 3 responsive, ETA \d+s$/);
    const pipe = fake(false);
    progressReporter(pipe.stream).update(10, 254, 3);
    expect(pipe.out).toEqual([]);
  });
});
