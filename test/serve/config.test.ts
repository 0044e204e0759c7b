/**
 * `oemscan serve` configuration: YAML and JSON files, environment and flag overrides, and
 * errors that say where the bad value came from.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSite, loadServeConfig, type ServeFlags } from '../../src/serve/config.js';
import { isSiteName } from '../../src/util/site.js';
import { runCli } from '../helpers/cli.js';
import { usageError } from '../helpers/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'oemscan-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TOKEN = { OEMSCAN_API_TOKEN: 'a-test-token-of-some-length-0123456789' };

let n = 0;
function file(text: string, ext = 'yaml') {
  const path = join(dir, `c${n++}.${ext}`);
  writeFileSync(path, text);
  return path;
}

const load = (flags: ServeFlags, env: Record<string, string> = TOKEN) => loadServeConfig(flags, env);
const fails = (flags: ServeFlags, env: Record<string, string> = TOKEN) => usageError(load(flags, env));

describe('serve config', () => {
  it('loads a YAML file with defaults filled in and paths relative to the file', async () => {
    mkdirSync(join(dir, 'secrets'), { recursive: true });
    writeFileSync(join(dir, 'secrets', 'pw'), 'not-a-real-password\n', { mode: 0o600 });
    writeFileSync(
      join(dir, 'secrets', 'creds.yaml'),
      `- { targets: "*", username: viewer, passwordFile: ${join(dir, 'secrets', 'pw')} }\n`,
      { mode: 0o600 },
    );
    const config = file(
      [
        'targets: [127.0.30.0/24]',
        'schedule: "*/10 * * * *"',
        'data: state',
        'credentials: secrets/creds.yaml',
        'policies: [us-ndaa-889]',
        'retention: { scans: 10 }',
        'scan:',
        '  ports: "80,554"',
        '  portOffset: 23000',
      ].join('\n'),
    );
    const { config: c, secrets, policies } = await load({ config });
    expect(c.targets).toEqual(['127.0.30.0/24']);
    expect(c.data).toBe(join(dir, 'state'));
    expect(c.credentials).toBe(join(dir, 'secrets', 'creds.yaml'));
    expect(c.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(c.scan.ports).toEqual([80, 554]);
    expect(c.retention).toEqual({ scans: 10 });
    expect(policies.map((p) => p.id)).toEqual(['us-ndaa-889']);
    expect(secrets.apiToken).toBe(TOKEN.OEMSCAN_API_TOKEN);
    expect(JSON.stringify(c)).not.toContain(TOKEN.OEMSCAN_API_TOKEN);
  });

  it('takes the report cover keys site, client and assessor, and rejects control characters', async () => {
    const config = file(
      [
        'targets: [127.0.30.0/24]',
        'site: "  Riverside Depot  "',
        'client: Example Logistics Ltd',
        'assessor: J. Smith',
      ].join('\n'),
    );
    const { config: c } = await load({ config });
    expect(c.engagement).toEqual({
      site: 'Riverside Depot',
      client: 'Example Logistics Ltd',
      assessor: 'J. Smith',
    });
    expect((await load({ config: file('targets: [127.0.30.0/24]') })).config.engagement).toBeUndefined();
    const bad = file(['targets: [127.0.30.0/24]', 'client: "Acme\u0007Corp"'].join('\n'));
    expect(await fails({ config: bad })).toMatch(/:2: client: the value must not contain control characters/);
  });

  it('names file and line for an unknown key, a wrong type and a bad cron expression', async () => {
    const config = file(
      [
        'targets: [127.0.30.0/24]',
        'schedual: "* * * * *"',
        'scan:',
        '  timeout: fast',
        'schedule: "61 * * * *"',
      ].join('\n'),
    );
    const msg = await fails({ config });
    expect(msg).toContain(`${config}:2: schedual: unknown key`);
    expect(msg).toContain(`${config}:4: scan.timeout: must be integer`);
    const cron = await fails({ config: file('targets: [127.0.30.0/24]\n\nschedule: "61 * * * *"\n') });
    expect(cron).toMatch(/c\d+\.yaml:3: schedule: invalid cron expression "61 \* \* \* \*"/);
  });

  it('reads JSON with line numbers too, and reports syntax errors with their line', async () => {
    const config = file('{\n  "targets": ["127.0.30.0/24"],\n  "listen": "nowhere"\n}\n', 'json');
    expect(await fails({ config })).toContain(`${config}:3: listen: must be HOST:PORT`);
    const broken = file('targets:\n  - 127.0.30.0/24\n bad indent: [\n');
    expect(await fails({ config: broken })).toMatch(new RegExp(`^${broken}:\\d+: `));
    expect(await fails({ config: join(dir, 'missing.yaml') })).toMatch(
      /cannot read config .*missing.yaml: ENOENT/,
    );
  });

  it('lets variables override the file and flags override both, naming them in errors', async () => {
    const config = file('targets: [127.0.30.0/24]\nschedule: "0 * * * *"\nlisten: 127.0.30.1:30001\n');
    const env = { ...TOKEN, OEMSCAN_LISTEN: '127.0.30.2:30002', OEMSCAN_SCHEDULE: '*/5 * * * * *' };
    const { config: c } = await load({ config, listen: '127.0.30.3:30003' }, env);
    expect(c.listen).toEqual({ host: '127.0.30.3', port: 30003 });
    expect(c.schedule).toBe('*/5 * * * * *');
    expect(await fails({ config }, { ...TOKEN, OEMSCAN_SCHEDULE: 'every minute' })).toContain(
      'OEMSCAN_SCHEDULE: schedule: invalid cron expression',
    );
    const flags = await load({ targets: ['127.0.30.5,127.0.30.6'], data: 'rel' }, TOKEN);
    expect(flags.config.targets).toEqual(['127.0.30.5', '127.0.30.6']);
    expect(flags.config.data).toBe(join(process.cwd(), 'rel'));
    expect(await fails({ targets: ['8.8.8.8'] })).toMatch(/--targets: targets: .*8\.8\.8\.8/);
  });

  it('requires targets and a long enough API token, and a signing key when webhooks are set', async () => {
    expect(await fails({})).toContain('config: targets: is required');
    expect(await fails({ targets: ['127.0.30.0/24'] }, {})).toContain(
      'OEMSCAN_API_TOKEN: the API token must be set',
    );
    // 31 characters: one short of the floor (RFC 2104 section 3: an HMAC-SHA256 key of 32 bytes).
    const almost = 'k'.repeat(31);
    const short = await fails({ targets: ['127.0.30.0/24'] }, { OEMSCAN_API_TOKEN: almost });
    expect(short).toContain('OEMSCAN_API_TOKEN: the API token must be at least 32 characters');
    expect(short).not.toContain(almost);
    const shortKey = await fails(
      { targets: ['127.0.30.0/24'] },
      { ...TOKEN, OEMSCAN_WEBHOOK_SECRET: 'secret-of-31-chars-0123456789ab' },
    );
    expect(shortKey).toContain(
      'OEMSCAN_WEBHOOK_SECRET: the webhook signing key must be at least 32 characters',
    );
    expect(shortKey).not.toContain('secret-of-31');
    const exact = await load(
      { targets: ['127.0.30.0/24'] },
      { OEMSCAN_API_TOKEN: 'a'.repeat(32), OEMSCAN_WEBHOOK_SECRET: 'b'.repeat(32) },
    );
    expect(exact.secrets.webhookSecret).toBe('b'.repeat(32));
    const hooks = file('targets: [127.0.30.0/24]\nwebhooks:\n  - url: http://127.0.31.9:30009/hook\n');
    expect(await fails({ config: hooks })).toContain('OEMSCAN_WEBHOOK_SECRET');
    const creds = file('targets: [127.0.30.0/24]\nwebhooks:\n  - url: http://user:pw@127.0.31.9:30009/\n');
    const msg = await fails({ config: creds }, { ...TOKEN, OEMSCAN_WEBHOOK_SECRET: 'k'.repeat(32) });
    expect(msg).toContain(`${creds}:3: webhooks.0.url: must not carry credentials`);
    expect(msg).not.toContain('pw@');
  });

  it('loads the credentials file in full, so a malformed one stops the service at start', async () => {
    const creds = file('x: 1');
    const msg = await fails({
      config: file(['targets: [127.0.30.0/24]', `credentials: ${creds}`].join('\n')),
    });
    expect(msg).toMatch(/:2: credentials: .*expected a non-empty list of entries/);
  });

  it('checks the credentials file, ports against the offset, policies and the data folder', async () => {
    const config = file(
      [
        'targets: [127.0.30.0/24]',
        'credentials: nope.yaml',
        `data: ${file('not a dir')}`,
        'policies: [no-such-policy]',
        'scan: { portOffset: 60000 }',
      ].join('\n'),
    );
    const msg = await fails({ config });
    expect(msg).toMatch(/:2: credentials: .*cannot read .*nope\.yaml/);
    expect(msg).toMatch(/:3: data: .* is not a directory/);
    expect(msg).toMatch(/:4: policies: unknown policy "no-such-policy"/);
    expect(msg).toMatch(/:5: scan.ports: --port-offset 60000 pushes port/);
  });

  it('names the site (flag over variable over file, default the host name) and checks it', async () => {
    const config = file(
      'targets: [127.0.59.0/28]\nsite: from-file\nscan: { discovery: false, interfaces: [eth9] }',
    );
    expect((await load({ config })).config.site).toBe('from-file');
    expect((await load({ config }, { ...TOKEN, OEMSCAN_SITE: 'from-env' })).config.site).toBe('from-env');
    expect(
      (await load({ config, site: 'from-flag' }, { ...TOKEN, OEMSCAN_SITE: 'from-env' })).config.site,
    ).toBe('from-flag');
    const c = (await load({ targets: ['127.0.59.1'] })).config;
    expect(c.site).toBe(defaultSite());
    expect(isSiteName(c.site)).toBe(true);
    expect(c.scan).toMatchObject({ discovery: true, interfaces: [] });
    expect((await load({ config })).config.scan).toMatchObject({ discovery: false, interfaces: ['eth9'] });
    expect(await fails({ targets: ['127.0.59.1'], site: 'no spaces/slashes' })).toContain(
      '--site: site: must match pattern',
    );
  });

  it('makes `oemscan serve` exit 2 with every problem listed, before it listens', async () => {
    const config = file('targets: [127.0.30.0/24]\nschedual: "* * * * *"\nlisten: 127.0.30.1:30001\n');
    const r = await runCli(['serve', '--config', config], { OEMSCAN_API_TOKEN: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${config}:2: schedual: unknown key`);
    expect(r.stderr).toContain('OEMSCAN_API_TOKEN: the API token must be set');
  });
});
