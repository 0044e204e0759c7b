/** The --credentials loader: formats, validation messages, first match, and a secret that never prints. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCredentialsFile, singleCredential } from '../../src/credentials/load.js';
import { Secret } from '../../src/credentials/secret.js';

const dir = mkdtempSync(join(tmpdir(), 'oemscan-credload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string, mode = 0o600) => {
  const p = join(dir, name);
  writeFileSync(p, text, { mode });
  return p;
};
const PW = 'Canary-Unit-9z!';

describe('loadCredentialsFile', () => {
  it('reads YAML, first matching entry wins, ranges and CIDRs match', () => {
    const p = file(
      'a.yaml',
      `- {targets: 10.0.0.5, username: one, password: a}\n- {targets: 10.0.0.0/24, username: two, password: b}\n- {targets: 10.0.1.5-10, username: three, password: c}\n`,
    );
    const resolve = loadCredentialsFile(p);
    expect(resolve('10.0.0.5')?.username).toBe('one');
    expect(resolve('10.0.0.6')?.username).toBe('two');
    expect(resolve('10.0.1.7')?.username).toBe('three');
    expect(resolve('10.0.1.11')).toBeUndefined();
    expect(resolve('10.0.0.6')?.password.reveal()).toBe('b');
  });

  it('reads JSON, {credentials: [...]}, passwordEnv and passwordFile (one trailing newline dropped)', () => {
    const pw = file('pw', `${PW}\n`);
    const p = file(
      'b.json',
      JSON.stringify({
        credentials: [
          { targets: '192.168.1.0/24', username: 'env', passwordEnv: 'X_PW' },
          { targets: '*', username: 'file', passwordFile: pw },
        ],
      }),
    );
    const resolve = loadCredentialsFile(p, { env: { X_PW: 'from-env' } });
    expect(resolve('192.168.1.9')?.password.reveal()).toBe('from-env');
    expect(resolve('8.8.8.8')?.password.reveal()).toBe(PW);
  });

  it.each([
    ['c1.yaml', 'targets: "*"\n', /expected a non-empty list/],
    ['c2.yaml', '- {targets: "*", password: x}\n', /entry 1: "username" is required/],
    [
      'c3.yaml',
      '- {targets: "*", username: u}\n',
      /exactly one of "password", "passwordEnv", "passwordFile"/,
    ],
    ['c4.yaml', '- {targets: "*", username: u, password: x, passwordEnv: Y}\n', /exactly one of/],
    ['c5.yaml', '- {targets: cam.local, username: u, password: x}\n', /not a hostname/],
    ['c6.yaml', '- {targets: 10.0.0.300, username: u, password: x}\n', /entry 1: targets "10.0.0.300"/],
    ['c7.yaml', '- {targets: "*", username: u, pasword: x}\n', /unknown key "pasword"/],
    ['c10.yaml', '- {targets: "*", username: "a\\"b", password: x}\n', /may not contain quotes/],
    ['c8.yaml', '- {targets: "*", username: u, passwordEnv: NOPE_NOT_SET}\n', /NOPE_NOT_SET is not set/],
    ['c9.json', `[{"targets": "*", "username": "u", "password": "${PW}"`, /c9\.json: not valid JSON/],
  ])('%s is refused with a clear message that never quotes a password', (name, text, message) => {
    const p = file(name, text);
    let error: Error | undefined;
    try {
      loadCredentialsFile(p, { env: {} });
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain(PW);
  });

  it('warns when the file or a passwordFile is readable by other users', () => {
    const pw = file('pw-open', 'x', 0o644);
    const p = file('open.yaml', `- {targets: "*", username: u, passwordFile: ${pw}}\n`, 0o640);
    const warnings: string[] = [];
    loadCredentialsFile(p, { warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/readable by other users/);
  });
});

describe('Secret', () => {
  it('prints as [redacted] through JSON, inspect, templates and the logger', () => {
    const creds = singleCredential('admin', PW)('10.0.0.1');
    expect(JSON.stringify(creds)).not.toContain(PW);
    expect(inspect(creds, { depth: 5 })).not.toContain(PW);
    expect(`${creds?.password}`).toBe('[redacted]');
    expect(String(new Secret(PW))).toBe('[redacted]');
    expect(creds?.password.reveal()).toBe(PW);
    expect(Object.keys(creds?.password ?? {})).toEqual([]);
  });
});
