/** @module test/targets/resolve resolveTargets end to end, with an injected resolver (no DNS). */
import { describe, expect, it, vi } from 'vitest';
import { resolveTargets, type TargetOptions } from '../../src/targets/index.js';
import { usageError } from '../helpers/errors.js';

/** A resolver over a fixed table; anything else fails like getaddrinfo does. */
function fakeDns(table: Record<string, string[]>) {
  return vi.fn(async (host: string) => {
    const hit = table[host.toLowerCase().replace(/\.$/, '')];
    if (!hit) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return hit;
  });
}

const noFiles = async (path: string): Promise<string> => {
  throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
};
/** Never reaches the network: tests that need names pass their own. */
const base: TargetOptions = { resolve: fakeDns({}), readFile: noFiles };
const resolve = (tokens: string[], opts: TargetOptions = {}) => resolveTargets(tokens, { ...base, ...opts });
const list = async (tokens: string[], opts: TargetOptions = {}) => [
  ...(await resolve(tokens, opts)).addresses(),
];

describe('resolveTargets: syntax', () => {
  it('takes a single address', async () => {
    const set = await resolve(['10.0.0.5']);
    expect(set.count).toBe(1);
    expect([...set.addresses()]).toEqual(['10.0.0.5']);
  });

  it('takes a /24 as its 254 hosts', async () => {
    const set = await resolve(['192.168.1.0/24']);
    const all = [...set.addresses()];
    expect(set.count).toBe(254);
    expect(all).toHaveLength(254);
    expect(all[0]).toBe('192.168.1.1');
    expect(all.at(-1)).toBe('192.168.1.254');
    expect(set.has('192.168.1.0')).toBe(false);
    expect(set.has('192.168.1.255')).toBe(false);
  });

  it('takes /30, /31 and /32 blocks', async () => {
    expect(await list(['10.0.0.4/30'])).toEqual(['10.0.0.5', '10.0.0.6']);
    expect(await list(['10.0.0.4/31'])).toEqual(['10.0.0.4', '10.0.0.5']);
    expect(await list(['10.0.0.4/32'])).toEqual(['10.0.0.4']);
    expect((await resolve(['10.0.0.4/31'])).count).toBe(2);
    expect((await resolve(['10.0.0.4/32'])).count).toBe(1);
  });

  it('takes last-octet and full ranges', async () => {
    expect(await list(['10.0.0.5-8'])).toEqual(['10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.8']);
    const set = await resolve(['10.0.0.250-10.0.1.3']);
    expect(set.count).toBe(10);
    expect([...set.addresses()]).toEqual([
      '10.0.0.250',
      '10.0.0.251',
      '10.0.0.252',
      '10.0.0.253',
      '10.0.0.254',
      '10.0.0.255',
      '10.0.1.0',
      '10.0.1.1',
      '10.0.1.2',
      '10.0.1.3',
    ]);
  });

  it('splits comma- and whitespace-separated lists in one argument', async () => {
    const set = await resolve(['10.0.0.1,10.0.0.2', ' 10.0.0.3  10.0.0.4 ', '']);
    expect([...set.addresses()]).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(set.specs).toEqual(['10.0.0.1,10.0.0.2', '10.0.0.3  10.0.0.4']);
  });

  it('keeps the tokens as written in specs', async () => {
    const set = await resolve(['10.0.0.0/30', '10.0.0.9-10', 'cam.local'], {
      resolve: fakeDns({ 'cam.local': ['10.0.0.50'] }),
    });
    expect(set.specs).toEqual(['10.0.0.0/30', '10.0.0.9-10', 'cam.local']);
  });

  it('names the bad token', async () => {
    expect(await usageError(resolve(['10.0.0.1', '010.1.1.1']))).toBe(
      'invalid target "010.1.1.1": octet "010" has a leading zero (octal or decimal?); write it without',
    );
    expect(await usageError(resolve(['10.0.0.256']))).toContain('"10.0.0.256": octet 256 is out of range');
    expect(await usageError(resolve(['10.0.0.0/33']))).toContain('prefix "/33" is not a number 0-32');
    expect(await usageError(resolve(['10.0.0.9-3']))).toContain(
      'range start 10.0.0.9 is after its end 10.0.0.3',
    );
    expect(await usageError(resolve(['10.0.1.0-10.0.0.9']))).toContain('after its end');
  });

  it('refuses IPv6 targets and excludes', async () => {
    expect(await usageError(resolve(['fe80::1']))).toBe(
      'invalid target "fe80::1": IPv6 targets are not supported yet',
    );
    expect(await usageError(resolve(['10.0.0.1'], { exclude: ['::1'] }))).toBe(
      'invalid --exclude "::1": IPv6 targets are not supported yet',
    );
  });

  it('refuses an empty target list', async () => {
    expect(await usageError(resolve([]))).toBe('no targets given');
    expect(await usageError(resolve(['  ', '']))).toBe('no targets given');
  });
});

describe('resolveTargets: hostnames', () => {
  const dns = () =>
    fakeDns({
      'nvr.local': ['192.168.1.10'],
      'cams.local': ['192.168.1.21', '192.168.1.20', '192.168.1.21'],
      'dual.local': ['fe80::1', '10.9.9.9'],
      'v6only.local': ['fe80::2'],
      'public.example': ['203.0.113.7'],
    });

  it('resolves names through the injected resolver, ascending and de-duplicated', async () => {
    const set = await resolve(['cams.local', 'nvr.local'], { resolve: dns() });
    expect([...set.addresses()]).toEqual(['192.168.1.20', '192.168.1.21', '192.168.1.10']);
    expect(set.count).toBe(3);
    expect(set.hostnameOf('192.168.1.20')).toBe('cams.local');
    expect(set.hostnameOf('192.168.1.10')).toBe('nvr.local');
  });

  it('looks each distinct name up once', async () => {
    const r = dns();
    await resolve(['nvr.local', 'NVR.local', 'nvr.local.'], { resolve: r });
    expect(r).toHaveBeenCalledTimes(1);
  });

  it('ignores IPv6 answers but needs at least one IPv4 one', async () => {
    expect(await list(['dual.local'], { resolve: dns() })).toEqual(['10.9.9.9']);
    expect(await usageError(resolve(['v6only.local'], { resolve: dns() }))).toBe(
      'target hostname "v6only.local" does not resolve to any IPv4 address',
    );
  });

  it('names a hostname that does not resolve', async () => {
    expect(await usageError(resolve(['10.0.0.1', 'nope.local', 'also-nope.local'], { resolve: dns() }))).toBe(
      'target hostname "nope.local" does not resolve (ENOTFOUND)',
    );
    expect(await usageError(resolve(['10.0.0.1'], { exclude: ['gone.local'], resolve: dns() }))).toBe(
      '--exclude hostname "gone.local" does not resolve (ENOTFOUND)',
    );
  });

  it('reports a resolver failure without an error code', async () => {
    const broken = async () => {
      throw new Error('boom');
    };
    expect(await usageError(resolve(['cam.local'], { resolve: broken }))).toBe(
      'target hostname "cam.local" does not resolve',
    );
  });

  it('applies the public-address rule to what a name resolves to', async () => {
    expect(await usageError(resolve(['public.example'], { resolve: dns() }))).toBe(
      '203.0.113.7 (public.example) is a public address; oemscan scans only private and loopback networks unless --allow-public',
    );
    expect(await list(['public.example'], { resolve: dns(), allowPublic: true })).toEqual(['203.0.113.7']);
  });

  it('does not look anything up when a spec is too large', async () => {
    const r = dns();
    await usageError(resolve(['nvr.local', '10.0.0.0/8'], { resolve: r }));
    expect(r).not.toHaveBeenCalled();
  });
});

describe('resolveTargets: de-duplication and order', () => {
  it('yields each address once, first spec wins, ascending within a spec', async () => {
    const set = await resolve(['10.0.0.10-12', '10.0.0.8/29', '10.0.0.11']);
    // /29 at .8 is .9-.14; .10-.12 are already taken by the first spec; .11 adds nothing.
    expect([...set.addresses()]).toEqual([
      '10.0.0.10',
      '10.0.0.11',
      '10.0.0.12',
      '10.0.0.9',
      '10.0.0.13',
      '10.0.0.14',
    ]);
    expect(set.count).toBe(6);
  });

  it('counts a repeated spec once', async () => {
    const set = await resolve(['192.168.0.0/24', '192.168.0.0/24', '192.168.0.7']);
    expect(set.count).toBe(254);
    expect(new Set(set.addresses()).size).toBe(254);
  });

  it('keeps the hostname for an address also given literally', async () => {
    const set = await resolve(['10.0.0.0/29', 'cam.local'], {
      resolve: fakeDns({ 'cam.local': ['10.0.0.3'] }),
    });
    expect(set.count).toBe(6);
    expect(set.hostnameOf('10.0.0.3')).toBe('cam.local');
  });

  it('gives an address the first name the user gave for it', async () => {
    const set = await resolve(['b.local', 'a.local'], {
      resolve: fakeDns({ 'a.local': ['10.0.0.1'], 'b.local': ['10.0.0.1', '10.0.0.2'] }),
    });
    expect(set.hostnameOf('10.0.0.1')).toBe('b.local');
    expect(set.hostnameOf('10.0.0.2')).toBe('b.local');
  });

  it('returns a fresh iteration each time', async () => {
    const set = await resolve(['10.0.0.1-3']);
    expect([...set.addresses()]).toEqual([...set.addresses()]);
  });
});

describe('resolveTargets: exclusion', () => {
  it('leaves out excluded addresses, ranges and CIDRs', async () => {
    const set = await resolve(['10.0.0.0/24'], { exclude: ['10.0.0.1', '10.0.0.100-199', '10.0.0.248/29'] });
    const all = [...set.addresses()];
    expect(set.count).toBe(254 - 1 - 100 - 7);
    expect(all).toHaveLength(set.count);
    expect(all[0]).toBe('10.0.0.2');
    expect(all).toContain('10.0.0.99');
    expect(all).not.toContain('10.0.0.100');
    expect(all).toContain('10.0.0.200');
    expect(all.at(-1)).toBe('10.0.0.247');
    expect(set.has('10.0.0.150')).toBe(false);
  });

  it('excludes by hostname and comma list', async () => {
    const set = await resolve(['10.0.0.1-5'], {
      exclude: ['router.local,10.0.0.5'],
      resolve: fakeDns({ 'router.local': ['10.0.0.1'] }),
    });
    expect([...set.addresses()]).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4']);
  });

  it('drops the hostname of an excluded address', async () => {
    const set = await resolve(['cam.local', '10.0.0.9'], {
      exclude: ['10.0.0.7'],
      resolve: fakeDns({ 'cam.local': ['10.0.0.7', '10.0.0.8'] }),
    });
    expect(set.hostnameOf('10.0.0.7')).toBeUndefined();
    expect(set.hostnameOf('10.0.0.8')).toBe('cam.local');
  });

  it('accepts excludes that are large, public, reserved or outside the targets', async () => {
    const exclude = ['192.168.0.0/8', '8.8.8.8', '224.0.0.0/4', '0.0.0.0/0'];
    expect(await usageError(resolve(['10.0.0.1-2'], { exclude }))).toBe('no addresses left to scan');
    expect(await list(['10.0.0.1-2'], { exclude: exclude.slice(0, 3) })).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('refuses an empty result', async () => {
    expect(await usageError(resolve(['10.0.0.5'], { exclude: ['10.0.0.5'] }))).toBe(
      'no addresses left to scan',
    );
    expect(await usageError(resolve(['10.0.0.0/30'], { exclude: ['10.0.0.0/24'] }))).toBe(
      'no addresses left to scan',
    );
  });

  it('validates exclude tokens strictly', async () => {
    expect(await usageError(resolve(['10.0.0.1'], { exclude: ['10.0.0.300'] }))).toContain(
      'invalid --exclude "10.0.0.300"',
    );
  });
});

describe('resolveTargets: size rule', () => {
  it('refuses a spec larger than a /16', async () => {
    expect(await usageError(resolve(['10.0.0.0/8']))).toBe(
      '10.0.0.0/8 is 16777216 addresses, more than a /16 (65536); pass --allow-large to scan it',
    );
    expect(await usageError(resolve(['10.0.0.0-10.1.0.0']))).toBe(
      '10.0.0.0-10.1.0.0 is 65537 addresses, more than a /16 (65536); pass --allow-large to scan it',
    );
  });

  it('judges the spec as written, before exclusion', async () => {
    expect(await usageError(resolve(['10.0.0.0/15'], { exclude: ['10.1.0.0/16'] }))).toContain(
      '10.0.0.0/15 is 131072 addresses',
    );
  });

  it('refuses a total larger than a /16', async () => {
    expect(await usageError(resolve(['10.0.0.0/16', '10.1.0.0/24']))).toBe(
      'the targets add up to 65788 addresses, more than a /16 (65536); pass --allow-large to scan them',
    );
    // Overlap is counted once, so the same /16 twice is fine.
    expect((await resolve(['10.0.0.0/16', '10.0.0.0/16'])).count).toBe(65534);
  });

  it('accepts a /16 lazily and larger blocks with allowLarge', async () => {
    const set = await resolve(['10.20.0.0/16']);
    expect(set.count).toBe(65534);
    const it = set.addresses()[Symbol.iterator]();
    expect(it.next().value).toBe('10.20.0.1');
    expect(it.next().value).toBe('10.20.0.2');
    let last: string | undefined;
    let n = 2;
    for (let r = it.next(); !r.done; r = it.next()) {
      last = r.value;
      n++;
    }
    expect(n).toBe(65534);
    expect(last).toBe('10.20.255.254');

    const big = await resolve(['10.0.0.0/8'], { allowLarge: true });
    expect(big.count).toBe(16777214);
    const first = big.addresses()[Symbol.iterator]().next();
    expect(first.value).toBe('10.0.0.1');
    expect(big.has('10.255.255.254')).toBe(true);
    expect(big.has('10.255.255.255')).toBe(false);
    expect(big.has('11.0.0.1')).toBe(false);
  });
});

describe('resolveTargets: address-class rules', () => {
  it('accepts private, loopback, link-local and CGNAT space', async () => {
    const set = await resolve([
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.254',
      '192.168.0.1',
      '127.0.0.1',
      '169.254.1.1',
      '100.64.0.1',
    ]);
    expect(set.count).toBe(7);
  });

  it('refuses a public address unless allowPublic, naming it', async () => {
    expect(await usageError(resolve(['10.0.0.1', '8.8.8.8', '1.1.1.1']))).toBe(
      '8.8.8.8 is a public address; oemscan scans only private and loopback networks unless --allow-public',
    );
    expect(await list(['8.8.8.8'], { allowPublic: true })).toEqual(['8.8.8.8']);
  });

  it('names the first public address inside a block that straddles a boundary', async () => {
    expect(await usageError(resolve(['172.0.0.0/11'], { allowLarge: true }))).toBe(
      '172.0.0.1 (in 172.0.0.0/11) is a public address; oemscan scans only private and loopback networks unless --allow-public',
    );
    expect(await usageError(resolve(['192.168.255.250-192.169.0.3']))).toContain(
      '192.169.0.0 (in 192.168.255.250-192.169.0.3) is a public address',
    );
  });

  it('accepts a block whose public part is excluded', async () => {
    const set = await resolve(['172.0.0.0/11'], { allowLarge: true, exclude: ['172.0.0.0/12'] });
    expect(set.count).toBe(2 ** 20 - 1);
    expect(set.addresses()[Symbol.iterator]().next().value).toBe('172.16.0.0');
  });

  it('excludes whole CIDR blocks, network and broadcast included', async () => {
    expect(await list(['10.0.0.254-10.0.1.1'], { exclude: ['10.0.1.0/24'] })).toEqual([
      '10.0.0.254',
      '10.0.0.255',
    ]);
  });

  it.each([
    ['224.0.0.1', '224.0.0.1 is a multicast address'],
    ['239.255.255.250', '239.255.255.250 is a multicast address'],
    ['0.0.0.0', '0.0.0.0 is a reserved address'],
    ['0.1.2.3', '0.1.2.3 is a reserved address'],
    ['240.0.0.1', '240.0.0.1 is a reserved address'],
    ['255.255.255.255', '255.255.255.255 is a broadcast address'],
  ])('always refuses %s', async (token, message) => {
    const msg = await usageError(resolve([token], { allowPublic: true, allowLarge: true }));
    expect(msg).toBe(`${message}; oemscan never scans multicast, broadcast or reserved addresses`);
  });

  it('reports reserved space before public space, since no flag fixes it', async () => {
    expect(await usageError(resolve(['8.8.8.8', '224.0.0.5']))).toContain('224.0.0.5 is a multicast address');
  });

  it('refuses 0.0.0.0/0 even with both flags, unless the forbidden parts are excluded', async () => {
    expect(await usageError(resolve(['0.0.0.0/0'], { allowLarge: true, allowPublic: true }))).toBe(
      '0.0.0.1 (in 0.0.0.0/0) is a reserved address; oemscan never scans multicast, broadcast or reserved addresses',
    );
    const set = await resolve(['0.0.0.0/0'], {
      allowLarge: true,
      allowPublic: true,
      exclude: ['0.0.0.0/8', '224.0.0.0/3'],
    });
    expect(set.count).toBe(2 ** 32 - 2 ** 24 - 2 ** 29);
    expect(set.has('8.8.8.8')).toBe(true);
  });
});

describe('TargetSet.has / hostnameOf', () => {
  it('answers only for canonical dotted quads in the set', async () => {
    const set = await resolve(['10.0.0.0/24', '192.168.5.5'], { exclude: ['10.0.0.7'] });
    expect(set.has('10.0.0.1')).toBe(true);
    expect(set.has('10.0.0.254')).toBe(true);
    expect(set.has('192.168.5.5')).toBe(true);
    expect(set.has('10.0.0.7')).toBe(false);
    expect(set.has('10.0.1.1')).toBe(false);
    expect(set.has('192.168.5.6')).toBe(false);
    expect(set.has('010.0.0.1')).toBe(false);
    expect(set.has('10.0.0.1 ')).toBe(false);
    expect(set.has('not an ip')).toBe(false);
    expect(set.has('::ffff:10.0.0.1')).toBe(false);
  });

  it('returns undefined for addresses given without a name', async () => {
    const set = await resolve(['10.0.0.1', 'cam.local'], { resolve: fakeDns({ 'cam.local': ['10.0.0.2'] }) });
    expect(set.hostnameOf('10.0.0.1')).toBeUndefined();
    expect(set.hostnameOf('10.0.0.2')).toBe('cam.local');
    expect(set.hostnameOf('10.0.0.3')).toBeUndefined();
    expect(set.hostnameOf('garbage')).toBeUndefined();
  });
});
