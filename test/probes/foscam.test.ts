/**
 * Foscam CGIProxy.fcgi: the parser on the CGI guide's answer format and hostile variants; the
 * probe against servers of its own on 127.0.73.x (credentials go into the request string, so
 * they are sent only where the CGI answered in its own format first); the real `api: foscam`
 * records replayed over the wire; and a scan with a trace log, with the password in neither
 * the report nor the log.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { singleCredential } from '../../src/credentials/load.js';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { DEV_INFO, foscamProbe } from '../../src/probes/foscam/index.js';
import { devInfo, MAX_CGI_REPLY, parseCgiResult } from '../../src/probes/foscam/parse.js';
import { WEB_CREDENTIALED_PROBES } from '../../src/probes/registry.js';
import { runScan } from '../../src/scan/run.js';
import { resolveTargets } from '../../src/targets/index.js';
import { expectNoSecret } from '../helpers/canary.js';
import { probeContext } from '../helpers/context.js';
import {
  adminCreds,
  closeHttpDevices,
  describeReplayedRecords,
  expectTimeBudget,
  httpDevice,
  scanOptions,
} from '../helpers/credentialed.js';

const lib = loadSignatureLibrary();
const PASSWORD = `Pw ${randomBytes(6).toString('hex')}&=+!`;
afterAll(closeHttpDevices);

// Foscam IPCamera CGI User Guide, "cgi execute result" (fingerprints/http-body.yaml cites it).
const GUIDE_EXAMPLE =
  '<CGI_Result>\n<result>0</result>\n<isDHCP>1</isDHCP>\n<ip>192.168.1.8</ip>\n<gate>0.0.0.0</gate>\n<mask>255.255.255.0</mask>\n<dns1>0.0.0.0</dns1>\n<dns2>0.0.0.0</dns2>\n</CGI_Result>';

describe('CGI_Result answers', () => {
  it('reads the result code and the leaves of the guide example', () => {
    const r = parseCgiResult(GUIDE_EXAMPLE);
    expect(r?.result).toBe(0);
    expect(r?.values.get('ip')).toBe('192.168.1.8');
    expect(parseCgiResult('<CGI_Result><result>-2</result></CGI_Result>')?.result).toBe(-2);
  });

  it('reads a leaf holding an unescaped & (firmware before 1.11.1.18 did not escape)', () => {
    const r = parseCgiResult(
      '<CGI_Result><result>0</result><devName>Tom & Jerry</devName><productName>FI9928P</productName></CGI_Result>',
    );
    expect(r?.values.get('devName')).toBe('Tom & Jerry');
    expect(devInfo(r ?? { result: 1, values: new Map() })).toEqual({ model: 'FI9928P' });
  });

  it('takes nothing from pages, other XML, a missing or non-numeric result, or a flood', () => {
    for (const junk of [
      '',
      '<html><body>Not Found</body></html>',
      '<CGI_Result><isDHCP>1</isDHCP></CGI_Result>',
      '<CGI_Result><result>ok</result></CGI_Result>',
      '<CGI_Result><result>0</result>',
      '<userCheck><statusValue>401</statusValue></userCheck>',
      `<CGI_Result><result>0</result>${' '.repeat(MAX_CGI_REPLY)}</CGI_Result>`,
    ])
      expect(parseCgiResult(junk), junk.slice(0, 40)).toBeUndefined();
  });

  it('names an identity only for result 0', () => {
    const ok = parseCgiResult(
      '<CGI_Result><result>0</result><productName>FI9928P</productName><firmwareVer>2.74.1.38</firmwareVer><hardwareVer>1.11.1.1</hardwareVer></CGI_Result>',
    );
    expect(ok && devInfo(ok)).toEqual({ model: 'FI9928P', firmware: '2.74.1.38', hardware: '1.11.1.1' });
    const refused = parseCgiResult(
      '<CGI_Result><result>-2</result><productName>FI9928P</productName></CGI_Result>',
    );
    expect(refused && devInfo(refused)).toBeUndefined();
  });
});

/** A Foscam-like server: -2 without the right usr/pwd, the identity with them; the URLs it saw. */
async function foscamServer(ip: string) {
  const seen: string[] = [];
  const target = await httpDevice(ip, (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    seen.push(url);
    const q = new URL(url, 'http://x').searchParams;
    if (!url.startsWith('/cgi-bin/CGIProxy.fcgi')) return res.writeHead(404).end();
    const ok = q.get('usr') === 'admin' && q.get('pwd') === PASSWORD;
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(
      ok
        ? '<CGI_Result>\n<result>0</result>\n<productName>FI9928P</productName>\n<firmwareVer>2.74.1.38</firmwareVer>\n</CGI_Result>\n'
        : '<CGI_Result>\n<result>-2</result>\n</CGI_Result>\n',
    );
  });
  return { target, seen };
}

describe('foscam probe', () => {
  it('is asked only with credentials, on the web ports', () => {
    expect(WEB_CREDENTIALED_PROBES.map((p) => p.name)).toContain('foscam');
  });

  it('asks without usr/pwd first, then logs in once, and records no secret', async () => {
    const { target, seen } = await foscamServer('127.0.73.10');
    const r = await foscamProbe.run(target, probeContext({ credentials: adminCreds(PASSWORD) }));
    expect(r.status).toBe('ok');
    expect(seen[0]).toBe(DEV_INFO);
    expect(seen).toHaveLength(2);
    const fields = Object.fromEntries(r.evidence.map((e) => [e.field, e.value]));
    expect(fields['device.model']).toBe('FI9928P');
    expect(fields['device.firmware']).toBe('2.74.1.38');
    // The unauthenticated answer is the stack's own format; the identity came after the login.
    expect(r.evidence.find((e) => e.field === 'http.body')?.authenticated).toBeUndefined();
    expect(r.evidence.filter((e) => e.field.startsWith('device.')).every((e) => e.authenticated)).toBe(true);
    expect(r.evidence.every((e) => e.request === `GET ${DEV_INFO}`)).toBe(true);
    expectNoSecret(JSON.stringify(r), 'probe result', [PASSWORD, encodeURIComponent(PASSWORD)]);
  });

  it('reports a refused password once, as auth-failed', async () => {
    const { target, seen } = await foscamServer('127.0.73.11');
    const r = await foscamProbe.run(target, probeContext({ credentials: adminCreds('wrong') }));
    expect(r.status).toBe('auth-failed');
    expect(seen).toHaveLength(2);
  });

  it('sends no credentials to a server that does not answer in the CGI format', async () => {
    for (const [ip, status, body] of [
      ['127.0.73.12', 404, 'no'],
      ['127.0.73.13', 200, '<html><title>Login</title></html>'],
      ['127.0.73.14', 401, '<CGI_Result><result>-2</result></CGI_Result>'],
    ] as const) {
      const seen: string[] = [];
      const target = await httpDevice(ip, (req, res) => {
        seen.push(req.url ?? '');
        res.writeHead(status, { 'Content-Type': 'text/html' }).end(body);
      });
      const r = await foscamProbe.run(target, probeContext({ credentials: adminCreds(PASSWORD) }));
      expect(r.status, ip).toBe('skipped');
      expect(seen, ip).toEqual([DEV_INFO]);
    }
  });

  it('ends within its time budget on a server that never answers', async () => {
    await expectTimeBudget(foscamProbe, '127.0.73.15', PASSWORD);
  });
});

describeReplayedRecords('foscam', '127.0.73', 'Foscam', lib, {
  minRecords: 1,
  // getDevInfo answers with what the record holds (a firmware version alone, for one owner's report).
  served: (r) => Object.keys(r.profile.foscam?.devInfo ?? {}).length > 0,
  more: (replay) =>
    it('keeps the password out of the trace log of a scan', async () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      await runScan({
        ...scanOptions(lib, singleCredential('validator', replay.password), pino({ level: 'trace' }, sink)),
        targets: await resolveTargets(['127.0.73.100']),
      });
      expect(lines.join('')).toMatch(/"request":"Foscam getDevInfo".*"msg":"credentialed request"/);
      expectNoSecret(lines.join(''), 'trace log', [replay.password]);
    }, 60_000),
});
