/**
 * Credentialed verification against the simulated fleet (loopback 127.0.40.x, port offset
 * 26000): a device that only identifies itself after login, a Dahua CGI camera, a Dahua NVR and a
 * Hikvision NVR whose channel cameras are listed but never contacted, and a XiongMai camera that
 * answers only on DVRIP 34567. The secret rule: a
 * canary password must not appear in stdout, stderr at trace level, any report format, any
 * error or the process's command line, in plain, base64 or URL-encoded form; a wrong password
 * costs exactly one refused login per device and the scan goes on.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCredentialedProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Device, Report } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import { CANARY, expectNoSecret, withPassword } from '../helpers/canary.js';
import { CLI, runCli } from '../helpers/cli.js';
import { concluded, expectAuthenticatedVerdict } from '../helpers/credentialed.js';

const PREFIX = '127.0.40';
const OFFSET = 26000;
const tmp = mkdtempSync(join(tmpdir(), 'oemscan-cred-'));
/** The standard port list plus the offset: what a scan of the channel addresses would touch. */
const PORTS = [80, 443, 554, 8000, 8080, 8443, 8899, 37777, 34567].map((p) => p + OFFSET);

const profiles = loadCredentialedProfiles().map((p) => withPassword(p, CANARY));
const channelIps = profiles.flatMap((p) => p.expectAuthenticated?.channels?.map((c) => c.ip) ?? []);
let lab: Lab;
const listeners: Server[] = [];
let channelConnections = 0;

beforeAll(async () => {
  lab = await startLab({ prefix: PREFIX, portOffset: OFFSET, profiles });
  // Listen where the channel cameras would be: any connection there is a scanner bug.
  for (const ip of channelIps)
    for (const port of PORTS) {
      const srv = createServer((s) => {
        channelConnections++;
        s.destroy();
      });
      await new Promise<void>((resolve) => srv.listen(port, ip, resolve));
      listeners.push(srv);
    }
});
afterAll(async () => {
  await lab?.stop();
  await Promise.all(listeners.map((s) => new Promise((r) => s.close(r))));
  rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  for (const d of lab.devices) Object.assign(d.auth, { sent: 0, rejected: 0 });
});

const targets = `${PREFIX}.11-${10 + profiles.length}`;
const scanArgs = (extra: string[]) => [
  '--log-level',
  'trace',
  'scan',
  targets,
  '--port-offset',
  String(OFFSET),
  '--no-progress',
  ...extra,
];
const scan = (extra: string[], env: Record<string, string> = {}) => runCli(scanArgs(extra), env);

function credentialsFile(name: string, entry: Record<string, string>, mode = 0o600): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify([{ targets: `${PREFIX}.0/24`, username: 'admin', ...entry }]));
  chmodSync(path, mode);
  return path;
}

const byIp = (report: Report, ip: string) => report.devices.find((d) => d.ip === ip && !d.via) as Device;
const labIp = (id: string) => lab.devices.find((d) => d.profile.id === id)?.ip as string;

describe('without credentials', () => {
  it('leaves the locked camera unidentified and lists no channel cameras', async () => {
    const r = await scan(['--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const locked = byIp(report, labIp('locked-onvif-camera'));
    expect(locked.oem.vendor).toBeNull();
    expect(locked.status).toBe('unverified');
    expect(report.devices.some((d) => d.via)).toBe(false);
    expect(lab.devices.every((d) => d.auth.sent === 0)).toBe(true);
  });
});

describe('without credentials, each credentialed profile', () => {
  let report: Report;
  beforeAll(async () => {
    const r = await scan(['--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    report = JSON.parse(r.stdout) as Report;
  }, 60000);

  it.each(profiles.map((p) => [p.id, p] as const))(
    '%s concludes only what its open answers give',
    (_id, p) => {
      const d = byIp(report, labIp(p.id));
      expect(concluded(d)).toEqual(p.expect);
      expect(d.evidence.some((e) => e.authenticated)).toBe(false);
    },
  );
});

describe('with --credentials', () => {
  let report: Report;
  let out: { stdout: string; stderr: string };
  beforeAll(async () => {
    const r = await scan([
      '--format',
      'json',
      '--credentials',
      credentialsFile('inline.json', { password: CANARY }),
    ]);
    expect(r.code, r.stderr).toBe(0);
    report = JSON.parse(r.stdout) as Report;
    out = r;
  }, 60000);

  it('validates against the v1 JSON schema', () => {
    expect(validateReport(report).errors).toEqual([]);
  });

  it.each(profiles.map((p) => [p.id, p] as const))(
    'identifies %s from its authenticated answers',
    (_id, p) => {
      const want = p.expectAuthenticated;
      const d = byIp(report, labIp(p.id));
      expect(want).toBeDefined();
      expectAuthenticatedVerdict(d, want);
      if (want?.mac !== undefined) expect(d.mac).toBe(want.mac);
      expect(d.oem.authenticated).toBe(true);
      expect(d.evidence.some((e) => e.authenticated)).toBe(true);
    },
  );

  it('shows the unauthenticated inference beside the authenticated answer', () => {
    const locked = byIp(report, labIp('locked-onvif-camera'));
    expect(locked.oem.unauthenticated?.vendor).toBeNull();
    expect(locked.oem.basis).toMatch(/^authenticated device answers: .*unauthenticated/);
    const nvr = byIp(report, labIp('hikvision-nvr-channels'));
    expect(nvr.oem.unauthenticated?.vendor).toBe('Hikvision');
    expect(nvr.oem.basis).toMatch(/agrees/);
  });

  const recorders = profiles.filter((p) => p.expectAuthenticated?.channels);
  it.each(recorders.map((p) => [p.id] as const))(
    'lists the %s channel cameras with their own verdicts, without contacting them',
    (id) => {
      const nvr = profiles.find((p) => p.id === id);
      const listed = report.devices.filter((d) => d.via?.ip === labIp(id));
      expect(
        listed.map((d) => ({
          channel: d.via?.channel,
          ip: d.ip,
          vendor: d.oem.vendor,
          model: d.model,
          flagged: d.status === 'flagged',
        })),
      ).toEqual(nvr?.expectAuthenticated?.channels);
      const all = report.devices.filter((d) => d.via);
      expect(all).toHaveLength(recorders.flatMap((p) => p.expectAuthenticated?.channels ?? []).length);
      expect(report.summary.responsive).toBe(profiles.length);
      expect(report.summary.devices).toBe(profiles.length + all.length);
      expect(channelConnections).toBe(0);
    },
  );

  it('re-identifying the report keeps the channel cameras behind their recorder', async () => {
    const path = join(tmp, 'for-identify.json');
    writeFileSync(path, JSON.stringify(report));
    const r = await runCli(['identify', path, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const again = JSON.parse(r.stdout) as Report;
    expect(again.devices.filter((d) => d.via).map((d) => [d.via?.channel, d.oem.vendor])).toEqual(
      report.devices.filter((d) => d.via).map((d) => [d.via?.channel, d.oem.vendor]),
    );
    expect(byIp(again, labIp('locked-onvif-camera')).oem.authenticated).toBe(true);
  });

  it('never prints the password', () => {
    expectNoSecret(out.stdout, 'stdout');
    expectNoSecret(out.stderr, 'stderr (trace)');
  });
});

describe('secrets never leak', () => {
  const forms: [string, () => { args: string[]; env: Record<string, string> }][] = [
    [
      'passwordEnv',
      () => ({
        args: ['--credentials', credentialsFile('env.json', { passwordEnv: 'SITE_CAM_PW' })],
        env: { SITE_CAM_PW: CANARY },
      }),
    ],
    [
      'passwordFile',
      () => {
        const pw = join(tmp, 'pw.txt');
        writeFileSync(pw, `${CANARY}\n`, { mode: 0o600 });
        return { args: ['--credentials', credentialsFile('file.json', { passwordFile: pw })], env: {} };
      },
    ],
    [
      '--username with OEMSCAN_PASSWORD',
      () => ({ args: ['--username', 'admin'], env: { OEMSCAN_PASSWORD: CANARY } }),
    ],
  ];

  it.each(forms)(
    '%s: every output format, stderr at trace and the command line are clean',
    async (_name, make) => {
      const { args, env } = make();
      const dir = mkdtempSync(join(tmp, 'out-'));
      const child = spawn(
        process.execPath,
        [CLI, ...scanArgs([...args, '--format', 'json,jsonl,csv,html,table', '--output-dir', dir])],
        {
          env: { ...process.env, NO_COLOR: '1', ...env },
        },
      );
      let stdout = '';
      let stderr = '';
      const cmdlines: string[] = [];
      child.stdout.on('data', (c) => {
        stdout += c;
      });
      child.stderr.on('data', (c) => {
        stderr += c;
      });
      // The process title and argv, sampled while the scan runs.
      const sampler = setInterval(() => {
        try {
          cmdlines.push(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8'));
        } catch {}
      }, 20);
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      clearInterval(sampler);
      expect(code, stderr).toBe(0);
      expect(cmdlines.length).toBeGreaterThan(0);
      expectNoSecret(stdout, 'stdout');
      expectNoSecret(stderr, 'stderr');
      expectNoSecret(cmdlines.join('\n'), '/proc/<pid>/cmdline');
      const files = readdirSync(dir);
      expect(files.sort()).toEqual([
        'report.csv',
        'report.html',
        'report.json',
        'report.jsonl',
        'report.txt',
      ]);
      for (const f of files) expectNoSecret(readFileSync(join(dir, f), 'utf8'), f);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
      expect(byIp(report, labIp('locked-onvif-camera')).oem.vendor).toBe('Hikvision');
      const html = readFileSync(join(dir, 'report.html'), 'utf8');
      expect(html).toContain('Behind recorder');
      expect(html).toContain('Unauthenticated inference');
      // Debug lines of the credentialed requests prove the verbose log was on and was checked.
      expect(stderr).toMatch(/"level":20.*"msg":"credentialed request"/);
    },
    60000,
  );

  it('a credentials file that does not parse names no line content', async () => {
    const path = join(tmp, 'broken.yaml');
    writeFileSync(path, `- targets: "*"\n  username: admin\n  password: ${CANARY}\n  : [\n`, { mode: 0o600 });
    const r = await scan(['--credentials', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml: not valid YAML/);
    expectNoSecret(r.stdout + r.stderr, 'error output');
  });

  it('warns when the credentials file is readable by other users', async () => {
    const r = await scan([
      '--format',
      'json',
      '--credentials',
      credentialsFile('open.json', { password: CANARY }, 0o644),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/open\.json is readable by other users/);
    expectNoSecret(r.stdout + r.stderr, 'output');
  }, 60000);
});

describe('politeness', () => {
  it('a wrong password ends as auth-failed after exactly one login per device, and the scan goes on', async () => {
    const r = await scan([
      '--format',
      'json',
      '--credentials',
      credentialsFile('wrong.json', { password: `${CANARY}-wrong` }),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expectNoSecret(r.stdout + r.stderr, 'output');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.devices.filter((d) => !d.via)).toHaveLength(profiles.length);
    for (const d of lab.devices) {
      expect(d.auth, d.profile.id).toEqual({ sent: 1, rejected: 1 });
      const errors = byIp(report, d.ip).errors.filter((e) => e.status === 'auth-failed');
      expect(errors, d.profile.id).toHaveLength(1);
    }
    // Unauthenticated evidence still decides what it can.
    expect(byIp(report, labIp('hikvision-nvr-channels')).oem.vendor).toBe('Hikvision');
    expect(report.devices.some((d) => d.via)).toBe(false);
  }, 60000);

  it('never tries a credential on an address outside the targets', async () => {
    const only = labIp('locked-onvif-camera');
    const path = join(tmp, 'star.json');
    writeFileSync(path, JSON.stringify([{ targets: '*', username: 'admin', password: CANARY }]), {
      mode: 0o600,
    });
    const r = await runCli([
      'scan',
      only,
      '--port-offset',
      String(OFFSET),
      '--format',
      'json',
      '--credentials',
      path,
    ]);
    expect(r.code, r.stderr).toBe(0);
    for (const d of lab.devices) expect(d.auth.sent, d.profile.id).toBe(d.ip === only ? 2 : 0);
  }, 60000);

  it('first matching entry wins', async () => {
    const path = join(tmp, 'order.json');
    writeFileSync(
      path,
      JSON.stringify([
        { targets: labIp('locked-onvif-camera'), username: 'admin', password: CANARY },
        { targets: '*', username: 'admin', password: 'not-this-one' },
      ]),
      { mode: 0o600 },
    );
    const r = await scan(['--format', 'json', '--credentials', path]);
    const report = JSON.parse(r.stdout) as Report;
    expect(byIp(report, labIp('locked-onvif-camera')).oem.authenticated).toBe(true);
    expect(
      lab.devices
        .filter((d) => d.auth.rejected === 1)
        .map((d) => d.profile.id)
        .sort(),
    ).toEqual(
      profiles
        .map((p) => p.id)
        .filter((id) => id !== 'locked-onvif-camera')
        .sort(),
    );
  }, 60000);
});

describe('Dahua recorder channels', () => {
  // The Password every slot of the lab NVR's RemoteDevice table carries (the recorder's login on
  // that camera): read by the scanner with the table, and never to be kept.
  const CHANNEL_CANARY = 'Chan-Canary-48c2-Pa55word';
  const nvrId = 'dahua-nvr-channels';

  it('the lab table really carries the channel password', () => {
    const table = profiles.find((p) => p.id === nvrId)?.dahuaCgi?.configs?.RemoteDevice ?? '';
    expect(table).toMatch(new RegExp(`\\.Password=${CHANNEL_CANARY}\\r\\n`));
  });

  it('lists the cameras from RemoteDevice behind the recorder, and keeps no channel password anywhere', async () => {
    const dir = mkdtempSync(join(tmp, 'dahua-'));
    const r = await scan([
      '--format',
      'json,jsonl,csv,html,table',
      '--output-dir',
      dir,
      '--credentials',
      credentialsFile('dahua.json', { password: CANARY }),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    const listed = report.devices.filter((d) => d.via?.ip === labIp(nvrId));
    // How the recorder talks to each camera (ProtocolType, else Vendor), as the table says.
    expect(listed.map((d) => [d.via?.channel, d.via?.protocol])).toEqual([
      [1, 'Dahua2'],
      [2, 'Onvif'],
    ]);
    for (const d of listed) {
      expect(d.evidence.length).toBeGreaterThan(0);
      for (const e of d.evidence) {
        expect(e).toMatchObject({ probe: 'dahua-cgi', authenticated: true });
        expect(e.request).toMatch(/configManager\.cgi\?action=getConfig&name=RemoteDevice \(channel \d\)/);
      }
    }
    const hik = listed.find((d) => d.via?.channel === 2);
    expect(hik?.evidence.find((e) => e.field === 'device.serial')?.value).toBe(
      'DS-2CD1143G0-I20211208AAWRJ21084244',
    );
    expect(listed.find((d) => d.via?.channel === 1)?.mac).toBe('08:ed:ed:28:8f:97');
    expect(channelConnections).toBe(0);
    const outputs: [string, string][] = [
      ['stdout', r.stdout],
      ['stderr (trace)', r.stderr],
      ...readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')] as [string, string]),
    ];
    expect(outputs.length).toBe(7);
    for (const [where, text] of outputs) expectNoSecret(text, where, [CHANNEL_CANARY, CANARY]);
  }, 60000);
});
