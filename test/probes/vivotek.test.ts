/**
 * Vivotek getparam.cgi: the parser on the manuals' answer format and hostile variants, the probe
 * against servers of its own on 127.0.72.x (an answer only after a login, junk, a 404, silence),
 * and the real `api: vivotek` records replayed over the wire, with and without credentials.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { WEB_CREDENTIALED_PROBES } from '../../src/probes/registry.js';
import { SYSTEM_INFO, vivotekProbe } from '../../src/probes/vivotek/index.js';
import { parseSystemInfo } from '../../src/probes/vivotek/parse.js';
import { expectNoSecret } from '../helpers/canary.js';
import { probeContext } from '../helpers/context.js';
import {
  adminCreds,
  closeHttpDevices,
  describeReplayedRecords,
  expectTimeBudget,
  httpDevice,
} from '../helpers/credentialed.js';

const lib = loadSignatureLibrary();
const PASSWORD = `Pw-${randomBytes(6).toString('hex')}!@`;
afterAll(closeHttpDevices);

describe('getparam.cgi answers', () => {
  it('reads model, firmware and serial, quoted or not, with underscores or dots', () => {
    const quoted = "system_info_modelname='FD8136'\r\nsystem_info_firmwareversion='FD8136-VVTK-0300a'\r\n";
    expect(parseSystemInfo(quoted)).toEqual({ model: 'FD8136', firmware: 'FD8136-VVTK-0300a' });
    // The manuals' own example answers unquoted and dotted (network.ipaddress=192.168.0.123).
    expect(
      parseSystemInfo('system.info.modelname=IP3133\r\nsystem.info.serialnumber=0002D1000001\r\n'),
    ).toEqual({
      model: 'IP3133',
      serial: '0002D1000001',
    });
  });

  it('takes nothing from pages, other parameters, empty or overlong values', () => {
    for (const junk of [
      '',
      '<html><body>Not Found</body></html>',
      "network_ipaddress='192.168.0.123'\r\n",
      "system_info_modelname=''\r\n",
      `system_info_modelname='${'A'.repeat(500)}'\r\n`,
      '\u0000\u0001\u0002=\u0003',
    ])
      expect(parseSystemInfo(junk), JSON.stringify(junk.slice(0, 40))).toBeUndefined();
    // Control characters inside a value are dropped, not kept.
    expect(parseSystemInfo("system_info_modelname='IP\u00077160'")?.model).toBe('IP7160');
  });
});

describe('vivotek probe', () => {
  it('is asked only with credentials, on the web ports', () => {
    expect(WEB_CREDENTIALED_PROBES.map((p) => p.name)).toContain('vivotek');
  });

  it('reads the answer after a Basic login and records the format as body text', async () => {
    const auth = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
    const target = await httpDevice('127.0.72.10', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url !== SYSTEM_INFO) return res.writeHead(404).end();
      if (req.headers.authorization !== auth)
        return res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="streaming_server"' }).end();
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end("system_info_modelname='IP3133'\r\nsystem_info_firmwareversion='IP3133-VVTK-0100a'\r\n");
    });
    const r = await vivotekProbe.run(target, probeContext({ credentials: adminCreds(PASSWORD) }));
    expect(r.status).toBe('ok');
    const fields = Object.fromEntries(r.evidence.map((e) => [e.field, e.value]));
    expect(fields['device.model']).toBe('IP3133');
    expect(fields['device.firmware']).toBe('IP3133-VVTK-0100a');
    expect(r.evidence.every((e) => e.authenticated)).toBe(true);
    expectNoSecret(JSON.stringify(r), 'probe result', [PASSWORD]);
  });

  it('ends as a status on a 404, a page that is not the format, and silence', async () => {
    const notFound = await httpDevice('127.0.72.11', (_req, res) => res.writeHead(404).end('no'));
    const page = await httpDevice('127.0.72.12', (_req, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><title>Login</title></html>'),
    );
    for (const t of [notFound, page]) {
      const r = await vivotekProbe.run(t, probeContext({ credentials: adminCreds(PASSWORD) }));
      expect(r.status).toBe('skipped');
      expect(r.evidence).toEqual([]);
    }
    await expectTimeBudget(vivotekProbe, '127.0.72.13', PASSWORD);
  });
});

describeReplayedRecords('vivotek', '127.0.72', 'Vivotek', lib, {
  minRecords: 1,
  served: (r) => Object.keys(r.profile.vivotek?.systemInfo ?? {}).length > 0,
});
