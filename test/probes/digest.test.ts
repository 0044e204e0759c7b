/**
 * HTTP Digest client against the worked examples of RFC 2617 §3.5 and RFC 7616 §3.9.1, and
 * challenge parsing of a real Hikvision header pair (MD5 and SHA-256 offered together).
 */
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/credentials/secret.js';
import { authorization, parseChallenges, pickChallenge } from '../../src/probes/auth/digest.js';

const param = (header: string, key: string) => new RegExp(`${key}="?([^",]+)"?`).exec(header)?.[1];

describe('digest', () => {
  it('computes the RFC 2617 example response', () => {
    const [c] = parseChallenges(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    const h = authorization(
      c as never,
      { username: 'Mufasa', password: new Secret('Circle Of Life') },
      'GET',
      '/dir/index.html',
      '0a4f113b',
    );
    expect(param(h, 'response')).toBe('6629fae49393a05397450978507c4ef1');
    expect(h).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it('computes the RFC 7616 SHA-256 and MD5 example responses', () => {
    const header =
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", ' +
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
    const challenges = parseChallenges(header);
    expect(challenges).toHaveLength(2);
    const creds = { username: 'Mufasa', password: new Secret('Circle of Life') };
    const cnonce = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';
    const sha = pickChallenge(challenges);
    expect(sha?.params.algorithm).toBe('SHA-256');
    expect(param(authorization(sha as never, creds, 'GET', '/dir/index.html', cnonce), 'response')).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
    expect(
      param(authorization(challenges[1] as never, creds, 'GET', '/dir/index.html', cnonce), 'response'),
    ).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('reads the Digest challenge a Hikvision NVR sends', () => {
    // maciej-or/hikvision_next issues/50 (published with X redactions).
    const [c] = parseChallenges(
      'Digest realm="fe12f37bdXXXXXbccbbd35f1", domain="::", qop="auth", nonce="300b7e88f3d69ebfXXXXXf3e2f04218a:1685XXXXX4756", opaque="", algorithm="MD5", stale="FALSE"',
    );
    expect(c?.params).toMatchObject({
      realm: 'fe12f37bdXXXXXbccbbd35f1',
      qop: 'auth',
      algorithm: 'MD5',
      opaque: '',
    });
  });

  it('keeps device-supplied line breaks out of the Authorization header', () => {
    const [c] = parseChallenges('Digest realm="a\r\nX-Evil: 1", nonce="n\r\n", qop="auth"');
    const h = authorization(c as never, { username: 'u', password: new Secret('p') }, 'GET', '/');
    expect(h).not.toMatch(/[\r\n]/);
    expect(h).toContain('realm="aX-Evil: 1"');
  });

  it('falls back to Basic and ignores junk', () => {
    expect(pickChallenge(parseChallenges('Basic realm="Device_CGI"'))?.scheme).toBe('basic');
    expect(pickChallenge(parseChallenges('Negotiate abc, Digest realm="x"'))).toBeUndefined();
    expect(parseChallenges(`Digest ${'a='.repeat(5000)}`)).toHaveLength(1);
  });
});
