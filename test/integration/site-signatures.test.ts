/**
 * `--signatures DIR`: a site's own signature files load, are validated like the built-in
 * ones (a broken file stops with file:line), and take part in the scan. Loopback only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Report } from '../../src/report/types.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'oemscan-site-'));
const good = join(tmp, 'good');
const bad = join(tmp, 'bad');
// The banner is the lab's nginx profile's (Debian nginx-common 1.22.1); the site says it is its VMS proxy.
const SITE = `field: http.header.server
description: site rules
signatures:
  - id: site.http-server.vms-proxy
    description: our video management system's reverse proxy
    pattern: '^nginx/1\\.22\\.1$'
    strength: class
    deviceType: other
    examples:
      - value: 'nginx/1.22.1'
        source: 'Debian package nginx-common 1.22.1-9+deb12u11, as served by the lab plain-web-server profile'
`;

let lab: Lab;
beforeAll(async () => {
  mkdirSync(good);
  mkdirSync(bad);
  writeFileSync(join(good, 'http-header-server.yaml'), SITE);
  writeFileSync(join(bad, 'http-header-server.yaml'), SITE.replace('strength: class', 'strength: loud'));
  const nginx = loadProfiles().filter((p) => p.id === 'plain-web-server');
  lab = await startLab({ prefix: '127.0.17', portOffset: 18000, profiles: nginx });
});
afterAll(async () => {
  await lab?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('site signatures', () => {
  it('are used by the scan', async () => {
    const r = await runCli([
      'scan',
      '127.0.17.11',
      '--port-offset',
      '18000',
      '--format',
      'json',
      '--signatures',
      good,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const device = (JSON.parse(r.stdout) as Report).devices[0];
    expect(device?.type).toBe('other');
    expect(device?.evidence.find((e) => e.signature === 'site.http-server.vms-proxy')).toBeDefined();
  });

  it('are verified by `signatures verify`', async () => {
    const r = await runCli(['signatures', 'verify', '--signatures', good]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('OK: every example verified');
    expect(r.stdout).toMatch(/^\| vendor \|/);
  });

  it('stop with file and line when broken', async () => {
    const r = await runCli(['scan', '127.0.17.11', '--port-offset', '18000', '--signatures', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /http-header-server\.yaml:4: site\.http-server\.vms-proxy: strength must be one of/,
    );
  });
});
