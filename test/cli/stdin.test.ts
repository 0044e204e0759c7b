/**
 * Targets from standard input: `@-` reads it once (bounded), a second `@-` sees the same
 * list, and messages name "standard input" and the line.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readStream, targetListReader } from '../../src/cli/stdin.js';
import { resolveTargets } from '../../src/targets/index.js';

describe('standard input', () => {
  it('is read once and shared by every @-', async () => {
    let reads = 0;
    const stdin = Readable.from(
      (function* () {
        reads++;
        yield Buffer.from('127.0.0.1\n# a comment\n127.0.0.2, 127.0.0.3\n');
      })(),
    );
    const readFile = targetListReader(stdin, () => {});
    const set = await resolveTargets(['@-'], { readFile, exclude: ['@-'] }).catch((e: Error) => e);
    // Everything excluded: the list was seen by both roles.
    expect(String(set)).toMatch(/no addresses left/);
    expect(reads).toBe(1);
  });

  it('gives the addresses listed', async () => {
    const readFile = targetListReader(Readable.from(['127.0.0.5\n127.0.0.6-7\n']), () => {});
    const set = await resolveTargets(['@-'], { readFile });
    expect([...set.addresses()]).toEqual(['127.0.0.5', '127.0.0.6', '127.0.0.7']);
  });

  it('names standard input and the line in errors', async () => {
    const readFile = targetListReader(Readable.from(['127.0.0.5\n10.0.0.300\n']), () => {});
    await expect(resolveTargets(['@-'], { readFile })).rejects.toThrow(
      /"10\.0\.0\.300" \(standard input line 2\)/,
    );
  });

  it('hints how to end the list when standard input is a terminal', async () => {
    const hints: string[] = [];
    const stdin = Object.assign(Readable.from(['127.0.0.1\n']), { isTTY: true });
    await targetListReader(stdin, (l) => hints.push(l))('-');
    expect(hints.join('')).toMatch(/standard input.*Ctrl-D/);
  });

  it('is bounded', async () => {
    await expect(readStream(Readable.from([Buffer.alloc(100), Buffer.alloc(100)]), 150)).rejects.toThrow(
      /larger than 150 bytes/,
    );
  });
});
