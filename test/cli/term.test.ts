/**
 * Colour and width rules: `--no-color` beats FORCE_COLOR beats NO_COLOR beats the TTY check;
 * tables fit the terminal by cutting the widest columns with an ellipsis and never wrap a row;
 * with no width (a pipe, a file) nothing is cut.
 */
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/report/table.js';
import type { Report } from '../../src/report/types.js';
import { clip, colourEnabled, fitWidths, layoutRows, terminalWidth } from '../../src/util/term.js';
import { makeDevice } from '../helpers/report.js';

describe('colour', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it('follows the TTY when nothing is set, and TERM=dumb turns it off', () => {
    expect(colourEnabled(tty, {})).toBe(true);
    expect(colourEnabled(pipe, {})).toBe(false);
    expect(colourEnabled(tty, { TERM: 'dumb' })).toBe(false);
  });
  it('NO_COLOR turns it off on a terminal', () => {
    expect(colourEnabled(tty, { NO_COLOR: '1' })).toBe(false);
  });
  it('FORCE_COLOR turns it on in a pipe and wins over NO_COLOR; FORCE_COLOR=0 turns it off', () => {
    expect(colourEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourEnabled(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(colourEnabled(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(colourEnabled(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourEnabled(tty, { FORCE_COLOR: 'false' })).toBe(false);
  });
  it('--no-color wins over everything', () => {
    expect(colourEnabled(tty, {}, false)).toBe(false);
    expect(colourEnabled(pipe, { FORCE_COLOR: '1' }, false)).toBe(false);
  });
});

describe('width', () => {
  it('is the columns of a terminal, and unlimited for a pipe or an unknown size', () => {
    expect(terminalWidth({ isTTY: true, columns: 80 })).toBe(80);
    expect(terminalWidth({ isTTY: false, columns: 80 })).toBeUndefined();
    expect(terminalWidth({ isTTY: true })).toBeUndefined();
  });

  it('clips with an ellipsis only when needed', () => {
    expect(clip('abcdef', 6)).toBe('abcdef');
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abcdef', undefined)).toBe('abcdef');
  });

  it('shrinks the widest column first and leaves fitting tables alone', () => {
    expect(fitWidths([5, 30, 10], 100)).toEqual([5, 30, 10]);
    expect(fitWidths([5, 30, 10], undefined)).toEqual([5, 30, 10]);
    // 5 + 30 + 10 + 2 gaps of 2 = 49; to fit 39 the 30-wide column gives up 10.
    expect(fitWidths([5, 30, 10], 39)).toEqual([5, 20, 10]);
    // Two wide columns share the cut: 20 + 20 + 3 + 4 = 47, so 16 come off between them.
    const w = fitWidths([20, 20, 3], 31);
    expect(w.reduce((a, b) => a + b, 0) + 4).toBe(31);
    expect(w[2]).toBe(3);
    expect(Math.abs((w[0] ?? 0) - (w[1] ?? 0))).toBeLessThanOrEqual(1);
  });

  it('never produces a line wider than the limit, even when the columns cannot shrink enough', () => {
    const rows = [
      ['IP', 'MODEL', 'FIRMWARE'],
      ['10.0.0.1', 'DS-2CD2143G2-IS with a very long model name', 'V5.7.3 build 220112'],
    ];
    for (const max of [10, 20, 40, 60]) {
      for (const line of layoutRows(rows, max)) expect(line.length).toBeLessThanOrEqual(max);
    }
    const wide = layoutRows(rows, undefined);
    expect(wide[1]).toContain('DS-2CD2143G2-IS with a very long model name');
  });
});

describe('the device table', () => {
  const long = 'IPC-HFW2431S-S-S2 with a deliberately very long model string for the width test';
  const report = {
    devices: [
      makeDevice('10.0.0.1', {
        status: 'clear',
        model: long,
        firmware: 'V2.800.0000000.25.R, Build Date: 2021-04-30',
      }),
      makeDevice('10.0.0.2', { status: 'unverified' }),
    ],
    summary: { addresses: 2, responsive: 2, devices: 2, flagged: 0, unverified: 1, clear: 1, byOem: {} },
  } as unknown as Report;

  it('fits 80 columns by cutting the long model with an ellipsis, one line per device', () => {
    const text = renderTable(report, false, 80);
    const rows = text.split('\n').filter((l) => l.startsWith('10.0.0.') || l.startsWith('IP'));
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.length).toBeLessThanOrEqual(80);
    expect(text).not.toContain(long);
    expect(text).toContain('…');
    // The address, the status and the policy line survive whole.
    const clear = rows.find((r) => r.startsWith('10.0.0.1 '));
    expect(clear).toMatch(/ clear +-$/);
  });

  it('fits with colour too (escape codes do not count, rows stay whole)', () => {
    const rows = renderTable(report, true, 60)
      .split('\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
      .map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''))
      .filter((l) => l.startsWith('10.0.0.'));
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.length).toBeLessThanOrEqual(60);
    expect(rows.map((r) => r.split(' ')[0]).sort()).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('cuts nothing without a width (a pipe or a file)', () => {
    expect(renderTable(report, false)).toContain(long);
  });
});
