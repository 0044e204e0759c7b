/**
 * `oemscan identify`: an nmap XML file and an earlier JSON report are re-fingerprinted with
 * the current library. The nmap file is real nmap 7.93 output (`-sV --version-light` with the
 * http-title, http-server-header, http-headers, ssl-cert and rtsp-methods scripts) of an earlier
 * simulated fleet on 127.0.18.0/24, kept in test/fixtures/nmap/. (A run with every evidence
 * script over today's fleet is test/integration/nmap-live.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nmapDn, parseNmapXml } from '../../src/identify/nmap.js';
import type { Report } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import { runCli } from '../helpers/cli.js';

const NMAP = new URL('../fixtures/nmap/lab-fleet.xml', import.meta.url).pathname;

describe('identify from nmap XML', () => {
  it('extracts raw headers and certificate names, not nmap guesses', () => {
    const hosts = parseNmapXml(readFileSync(NMAP, 'utf8'));
    expect(hosts).toHaveLength(9);
    const nvr = hosts.find((h) => h.ip === '127.0.18.16');
    expect(nvr?.evidence.map((e) => `${e.field}=${e.value}`)).toContain('http.header.server=DNVRS-Webs');
    expect(nvr?.evidence.some((e) => e.field === 'tls.subject' && e.value.includes('O=HIKVISION'))).toBe(
      true,
    );
  });

  it('converts nmap distinguished names to the evidence form', () => {
    expect(nmapDn('commonName=NVR/organizationName=ZheJiang Dahua Technology CO.,LTD./countryName=CN')).toBe(
      'C=CN, O=ZheJiang Dahua Technology CO.,LTD., CN=NVR',
    );
  });

  it('identifies the Hikvision recorders and the Interlogix badge through the CLI', async () => {
    const r = await runCli(['identify', NMAP, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(validateReport(report).errors).toEqual([]);
    const byIp = new Map(report.devices.map((d) => [d.ip, d]));
    expect(byIp.get('127.0.18.16')).toMatchObject({
      type: 'nvr',
      oem: { vendor: 'Hikvision' },
      status: 'flagged',
    });
    expect(byIp.get('127.0.18.17')).toMatchObject({
      brand: 'Interlogix',
      oem: { vendor: 'Hikvision', rebranded: true },
    });
  }, 30000);

  it('identifies the device with the Dahua certificate from its decoded ssl-cert issuer', async () => {
    const r = await runCli(['identify', NMAP, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const dahua = report.devices.find((d) => d.ip === '127.0.18.12');
    expect(dahua).toMatchObject({ oem: { vendor: 'Dahua' }, status: 'flagged' });
    expect(dahua?.evidence.find((e) => e.field === 'tls.issuer')).toMatchObject({
      value: 'C=CN, ST=Zhejiang, L=Hangzhou, O=ZheJiang Dahua Technology CO.,LTD., OU=NVR, CN=NVR',
      signature: expect.stringMatching(/^dahua\./),
    });
    // The hosts nmap saw but whose replies name no maker stay unverified (nothing is guessed from nmap's labels).
    expect(report.devices.filter((d) => d.oem.vendor).map((d) => d.ip)).toEqual([
      '127.0.18.12',
      '127.0.18.16',
      '127.0.18.17',
    ]);
  }, 30000);

  it('rejects files that are neither', async () => {
    const r = await runCli(['identify', new URL('../../package.json', import.meta.url).pathname]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not an oemscan\.report\/v1 file/);
    const missing = await runCli(['identify', '/nonexistent.xml']);
    expect(missing.code).toBe(2);
  }, 30000);
});
