/**
 * @module probes/rtsp
 * RTSP `OPTIONS` then `DESCRIBE` on 554 and the alternative RTSP ports, without credentials:
 * status, `Server`, the `WWW-Authenticate` realm (Dahua leaks its serial as `Login to <serial>`)
 * and the session description (SDP), whose session name and attributes name the streaming
 * stack. A root path that is not described sends it on to the makers' main-stream paths. The
 * login a challenge asks for is `rtsp-login`'s, after the vendor APIs (./login.ts).
 */
import { type Evidence, makeEvidence } from '../../evidence/types.js';
import { describeProbe } from '../descriptor.js';
import { failed } from '../status.js';
import type { Probe } from '../types.js';
import type { RtspHead } from './parse.js';
import { answerEvidence, Connection, RTSP_LIVE_PORTS, RTSP_PORTS, walk } from './session.js';

export const rtspProbe: Probe = {
  name: 'rtsp',
  description: 'RTSP OPTIONS/DESCRIBE: Server header, authentication realm and session description',
  transport: 'tcp',
  defaultPorts: RTSP_PORTS,
  async run(target, ctx) {
    const evidence: Evidence[] = [];
    const collect = (head: RtspHead, requested: string) =>
      evidence.push(...answerEvidence('rtsp', target, head, requested, evidence));
    const conn = new Connection(target, ctx);
    try {
      const options = await conn.options();
      // A web server on a port RTSP is asked on too (Foscam's 88, a UI on 8554): nothing wrong
      // with the device, so no error entry; the HTTP probe reads that port where it runs.
      if (!options.ok && options.http)
        return { status: 'skipped', evidence, message: 'an HTTP server holds this port, not RTSP' };
      if (!options.ok) return { status: 'protocol-error', evidence, message: options.reason };
      collect(options.value, 'RTSP OPTIONS');
      // The first answer's layout: OPTIONS asks no login, so every server shows it as it writes it.
      evidence.push(
        makeEvidence(
          { probe: 'rtsp', ip: target.ip, port: target.port, transport: 'tcp', request: 'RTSP OPTIONS' },
          'rtsp.head',
          options.value.layout,
        ),
      );
      const describe = await conn.describe('/');
      if (!describe.ok) return { status: 'ok', evidence, service: 'rtsp' };
      collect(describe.value, 'RTSP DESCRIBE');
      if (describe.value.status === 401) return { status: 'auth-required', evidence, service: 'rtsp' };
      // Root not described (a 404, say): an open stream may still be on the makers' paths.
      const found = await walk((path) => conn.describe(path), { head: describe.value, path: '/' }, true);
      if (found.path !== '/') collect(found.head, `RTSP DESCRIBE ${found.path}`);
      return { status: found.head.status === 401 ? 'auth-required' : 'ok', evidence, service: 'rtsp' };
    } catch (err) {
      return { ...failed(err, evidence), ...(evidence.length ? { service: 'rtsp' as const } : {}) };
    } finally {
      conn.close();
    }
  },
};

export const rtsp = describeProbe(rtspProbe, {
  phase: 'port',
  services: ['rtsp'],
  livePorts: RTSP_LIVE_PORTS,
  fields: {
    // A realm is read before anything else a device names itself in (see HTTP_FIELDS).
    'rtsp.header.server': { text: true, video: true, selfNaming: 4 },
    'rtsp.auth.realm': { text: true, video: true, selfNaming: 1, grammarOf: 'http.auth.realm' },
    'rtsp.sdp': { text: true, video: true },
    // Its Server header and realm are fields of their own; the layout adds the stack's habits
    // and, as a bare answer, says no more about the device than an open port does.
    'rtsp.head': {},
  },
});
