/** @module test/targets/files @file target lists, read from a real temp dir (no DNS: resolver injected). */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTargets, type TargetOptions } from '../../src/targets/index.js';
import { usageError } from '../helpers/errors.js';

let dir: string;
const file = (name: string) => join(dir, name);
const noDns = async (host: string): Promise<string[]> => {
  throw Object.assign(new Error(host), { code: 'ENOTFOUND' });
};
const resolve = (tokens: string[], opts: TargetOptions = {}) =>
  resolveTargets(tokens, { resolve: noDns, ...opts });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oemscan-targets-'));
  await writeFile(
    file('site.txt'),
    [
      '\uFEFF# cameras on the site LAN',
      '192.168.1.10',
      '',
      '   192.168.1.20-22   # the NVR bank',
      '192.168.1.30,192.168.1.31 192.168.1.32\t192.168.1.33',
      'nvr.site.lan',
      '192.168.1.10',
      '10.0.0.0/30\r',
      '# 8.8.8.8 is commented out',
    ].join('\n'),
  );
  await writeFile(file('exclude.txt'), '192.168.1.21\n# keep the rest\n10.0.0.0/31\n');
  await writeFile(file('nested.txt'), '192.168.1.1\n@site.txt\n');
  await writeFile(file('bad.txt'), '192.168.1.1\n\n192.168.1.300 # typo\n');
  await writeFile(file('v6.txt'), '192.168.1.1\nfe80::1\n');
  await writeFile(file('big.txt'), '10.0.0.0/8\n');
  await writeFile(file('public.txt'), '192.168.1.1\n203.0.113.9\n');
  await writeFile(file('empty.txt'), '# nothing yet\n\n');
  await mkdir(file('a-dir'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('@file lists', () => {
  it('reads one token per line, comments, blanks, commas and whitespace', async () => {
    const set = await resolve([`@${file('site.txt')}`], {
      resolve: async (h) => (h === 'nvr.site.lan' ? ['192.168.1.40'] : []),
    });
    expect([...set.addresses()]).toEqual([
      '192.168.1.10',
      '192.168.1.20',
      '192.168.1.21',
      '192.168.1.22',
      '192.168.1.30',
      '192.168.1.31',
      '192.168.1.32',
      '192.168.1.33',
      '192.168.1.40',
      '10.0.0.1',
      '10.0.0.2',
    ]);
    expect(set.count).toBe(11);
    expect(set.hostnameOf('192.168.1.40')).toBe('nvr.site.lan');
    expect(set.has('8.8.8.8')).toBe(false);
  });

  it('keeps the @file token itself in specs', async () => {
    const token = `@${file('site.txt')}`;
    const set = await resolve(['192.168.1.99', token], { resolve: async () => ['192.168.1.40'] });
    expect(set.specs).toEqual(['192.168.1.99', token]);
  });

  it('mixes with literal targets and de-duplicates across them', async () => {
    const set = await resolve(['192.168.1.20-25', `@${file('site.txt')}`], {
      resolve: async () => ['192.168.1.23'],
    });
    const all = [...set.addresses()];
    expect(all.slice(0, 6)).toEqual([
      '192.168.1.20',
      '192.168.1.21',
      '192.168.1.22',
      '192.168.1.23',
      '192.168.1.24',
      '192.168.1.25',
    ]);
    expect(new Set(all).size).toBe(all.length);
    expect(set.count).toBe(6 + 1 + 4 + 2);
    // The name still belongs to the address the file's hostname resolved to.
    expect(set.hostnameOf('192.168.1.23')).toBe('nvr.site.lan');
  });

  it('is accepted by --exclude', async () => {
    const set = await resolve(['192.168.1.20-22', '10.0.0.0/30'], { exclude: [`@${file('exclude.txt')}`] });
    expect([...set.addresses()]).toEqual(['192.168.1.20', '192.168.1.22', '10.0.0.2']);
  });

  it('contributes nothing when it only has comments', async () => {
    expect((await resolve(['10.0.0.1', `@${file('empty.txt')}`])).count).toBe(1);
    expect(await usageError(resolve([`@${file('empty.txt')}`]))).toBe('no addresses left to scan');
  });

  it('uses an injected readFile when given', async () => {
    const seen: string[] = [];
    const set = await resolve(['@virtual.txt'], {
      readFile: async (p) => {
        seen.push(p);
        return '10.1.1.1\n10.1.1.2';
      },
    });
    expect(seen).toEqual(['virtual.txt']);
    expect(set.count).toBe(2);
  });
});

describe('@file errors', () => {
  it('reports a missing file clearly', async () => {
    const missing = file('missing.txt');
    expect(await usageError(resolve([`@${missing}`]))).toBe(`target list @${missing}: file not found`);
    expect(await usageError(resolve(['10.0.0.1'], { exclude: [`@${missing}`] }))).toBe(
      `--exclude list @${missing}: file not found`,
    );
  });

  it('reports a directory', async () => {
    expect(await usageError(resolve([`@${file('a-dir')}`]))).toContain('is a directory');
  });

  it('reports other read failures', async () => {
    const readFile = async () => {
      throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
    };
    expect(await usageError(resolve(['@locked.txt'], { readFile }))).toBe(
      'target list @locked.txt: cannot read it (permission denied)',
    );
  });

  it('refuses a nested @file, naming file and line', async () => {
    expect(await usageError(resolve([`@${file('nested.txt')}`]))).toBe(
      `@site.txt (${file('nested.txt')} line 2): nested @file lists are not supported`,
    );
  });

  it('names file and line of a bad token', async () => {
    expect(await usageError(resolve([`@${file('bad.txt')}`]))).toBe(
      `invalid target "192.168.1.300" (${file('bad.txt')} line 3): octet 300 is out of range (0-255)`,
    );
    expect(await usageError(resolve([`@${file('v6.txt')}`]))).toBe(
      `invalid target "fe80::1" (${file('v6.txt')} line 2): IPv6 targets are not supported yet`,
    );
  });

  it('names file and line in the size and public-address rules', async () => {
    expect(await usageError(resolve([`@${file('big.txt')}`]))).toBe(
      `10.0.0.0/8 (${file('big.txt')} line 1) is 16777216 addresses, more than a /16 (65536); pass --allow-large to scan it`,
    );
    expect(await usageError(resolve([`@${file('public.txt')}`]))).toBe(
      `203.0.113.9 (${file('public.txt')} line 2) is a public address; oemscan scans only private and loopback networks unless --allow-public`,
    );
  });

  it('names file and line of a hostname that does not resolve', async () => {
    expect(await usageError(resolve([`@${file('site.txt')}`]))).toBe(
      `target hostname "nvr.site.lan" (${file('site.txt')} line 6) does not resolve (ENOTFOUND)`,
    );
  });
});
