/**
 * The options reference in README.md is generated from the CLI definition (scripts/options-table.ts)
 * and must match it. `npm run docs:options` rewrites the README section.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  captureProgram,
  END_MARKER,
  renderOptionsTable,
  replaceOptionsTable,
  START_MARKER,
} from '../../scripts/options-table.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

const program = await captureProgram(() => import('../../src/cli/main.js'));
const table = renderOptionsTable(program);

describe('README options reference', () => {
  it('is the one generated from the CLI definition', () => {
    const text = readFileSync(README, 'utf8');
    expect(text, `README.md needs a ${START_MARKER} ... ${END_MARKER} section`).toContain(START_MARKER);
    const wanted = replaceOptionsTable(text, table);
    if (process.env.UPDATE_OPTIONS_TABLE === '1' && wanted !== text) writeFileSync(README, wanted);
    else
      expect(
        text === wanted,
        'README.md options table differs from the CLI definition: run `npm run docs:options` and commit README.md',
      ).toBe(true);
  });

  it('lists every option of every command, with its default', () => {
    const walk = (cmd: Command): Command[] => [cmd, ...cmd.commands.flatMap(walk)];
    for (const cmd of walk(program))
      for (const opt of cmd.options)
        expect(table, `${cmd.name()} ${opt.flags}`).toContain(`\`${opt.flags.replace(/\|/g, '\\|')}\``);
    for (const flag of [
      '--rate <n>',
      '--max-host-rate <n>',
      '--allow-public',
      '--allow-large',
      '--signatures <dir>',
    ])
      expect(table).toContain(`| \`${flag}\` |`);
    expect(table).toMatch(/\| `--rate <n>` \| `1000` \|/);
    expect(table).toMatch(
      /\| `-p, --ports <list>` \| `80,81,85,88,443,554,2020,5000,8000,8080,8443,8554,8899,9000,10554,34567,37777` \|/,
    );
    expect(table).toContain('#### `oemscan scan [options] [target...]`');
    expect(table).toContain('#### `oemscan signatures verify [options]`');
  });

  it('notices an option that is added', () => {
    const extra = new Command('oemscan');
    extra.command('scan').option('--brand-new <x>', 'a new option', 'd');
    expect(renderOptionsTable(extra)).toContain('| `--brand-new <x>` | `d` | a new option |');
  });

  it('refers a command that repeats most of an earlier one to it', () => {
    const prog = new Command('x');
    const shared = (c: Command) =>
      ['--a', '--b', '--c', '--d', '--e'].reduce((cmd, f) => cmd.option(f, `option ${f}`), c);
    shared(prog.command('one')).option('--only-one', 'only on one');
    shared(prog.command('two')).option('--only-two <n>', 'only on two', '7');
    const md = renderOptionsTable(prog);
    const two = md.slice(md.indexOf('#### `x two'));
    expect(two).toContain('Every option of `x one` except `--only-one`, and:');
    expect(two).toContain('| `--only-two <n>` | `7` | only on two |');
    expect(two).not.toContain('| `--a` |');
  });

  it('replaces only the part between the markers', () => {
    const sample = `a\n${START_MARKER}\nold\n${END_MARKER}\nb\n`;
    expect(replaceOptionsTable(sample, 'new\n')).toBe(`a\n${START_MARKER}\nnew\n${END_MARKER}\nb\n`);
    expect(() => replaceOptionsTable('no markers', 'x')).toThrow(/options:start/);
  });
});
