/**
 * @module lab/digest
 * The device side of HTTP Digest (RFC 7616, MD5, qop=auth) for the simulated fleet, counting
 * every request that carried credentials so tests can assert how many logins were tried.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LabAccount } from './profile.js';

/** Logins the device saw: requests carrying credentials, and how many it refused. */
export interface AuthCounter {
  sent: number;
  rejected: number;
  /** Password-less first login steps, on APIs that count them against the login attempts (Tapo). */
  steps?: number;
}

export type DigestCheck = { ok: true } | { ok: false; challenge: string };

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export class DigestRealm {
  private readonly nonces = new Set<string>();

  constructor(
    private readonly account: LabAccount,
    private readonly counter: AuthCounter,
  ) {}

  /** Checks the request's Authorization header; a failure carries a fresh challenge to send. */
  check(method: string, uri: string, header: string | undefined): DigestCheck {
    if (header) {
      this.counter.sent++;
      if (this.valid(method, uri, header)) return { ok: true };
      this.counter.rejected++;
    }
    const nonce = randomBytes(16).toString('hex');
    if (this.nonces.size > 1000) this.nonces.clear();
    this.nonces.add(nonce);
    return {
      ok: false,
      challenge: `Digest realm="${this.account.realm ?? 'lab'}", qop="auth", nonce="${nonce}", algorithm="MD5"`,
    };
  }

  private valid(method: string, uri: string, header: string): boolean {
    if (!/^Digest\s/i.test(header)) return false;
    const p: Record<string, string> = {};
    for (const m of header.matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)) p[m[1] ?? ''] = m[2] ?? m[3] ?? '';
    if (p.username !== this.account.username || !p.nonce || !this.nonces.has(p.nonce) || p.uri !== uri)
      return false;
    const ha1 = md5(`${p.username}:${this.account.realm ?? 'lab'}:${this.account.password}`);
    const ha2 = md5(`${method}:${uri}`);
    const expected = p.qop
      ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`)
      : md5(`${ha1}:${p.nonce}:${ha2}`);
    return expected === p.response;
  }
}
