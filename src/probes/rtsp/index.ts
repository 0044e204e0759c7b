/**
 * @module probes/rtsp
 * RTSP `OPTIONS` then `DESCRIBE` on 554 and the alternative RTSP ports: status, `Server`, and the `WWW-Authenticate` realm
 * (Dahua leaks its serial as `Login to <serial>`).
 */
import { type Evidence, makeEvidence } from '../../evidence/types.js';
import { describeProbe } from '../descriptor.js';
import { askTarget } from '../net/exchange.js';
import { USER_AGENT } from '../net/http.js';
import { authRealm } from '../shared/auth-header.js';
import { failed } from '../status.js';
import type { Probe, ProbeContext, ProbeTarget } from '../types.js';
import { headComplete, parseRtspHead, type RtspHead } from './parse.js';

const MAX_HEAD_BYTES = 16 * 1024;

/**
 * RTSP ports asked by default. Besides 554: 8554 (GeoVision GV-VS2400 and OVISS cameras) and
 * 10554 (Hikvision DS-7600 series recorders), both listed in CamioCam/rtsp cameras/paths.csv
 * @0afd84dac22afc604275492bcf9fd58482d77251; those two only of hosts that answered something else.
 */
const RTSP_LIVE_PORTS = [8554, 10554];
const RTSP_PORTS = [554, ...RTSP_LIVE_PORTS];

async function ask(method: 'OPTIONS' | 'DESCRIBE', cseq: number, target: ProbeTarget, ctx: ProbeContext) {
  const url = `rtsp://${target.ip}:${target.port}/`;
  const extra = method === 'DESCRIBE' ? 'Accept: application/sdp\r\n' : '';
  const req = `${method} ${url} RTSP/1.0\r\nCSeq: ${cseq}\r\nUser-Agent: ${USER_AGENT}\r\n${extra}\r\n`;
  const reply = await askTarget(target, ctx, req, { maxBytes: MAX_HEAD_BYTES, complete: headComplete });
  return parseRtspHead(reply.data);
}

export const rtspProbe: Probe = {
  name: 'rtsp',
  description: 'RTSP OPTIONS/DESCRIBE: Server header and authentication realm',
  transport: 'tcp',
  defaultPorts: RTSP_PORTS,
  async run(target, ctx) {
    const evidence: Evidence[] = [];
    const collect = (head: RtspHead, request: string) => {
      const base = { probe: 'rtsp', ip: target.ip, port: target.port, transport: 'tcp' as const, request };
      if (head.headers.server && !evidence.some((e) => e.field === 'rtsp.header.server')) {
        evidence.push(makeEvidence(base, 'rtsp.header.server', head.headers.server));
      }
      const realm = authRealm(head.headers['www-authenticate']);
      if (realm) evidence.push(makeEvidence(base, 'rtsp.auth.realm', realm));
    };
    try {
      const options = await ask('OPTIONS', 1, target, ctx);
      if (!options.ok) return { status: 'protocol-error', evidence, message: options.reason };
      collect(options.value, 'RTSP OPTIONS');
      const describe = await ask('DESCRIBE', 2, target, ctx);
      if (describe.ok) collect(describe.value, 'RTSP DESCRIBE');
      const authRequired = describe.ok && describe.value.status === 401;
      return { status: authRequired ? 'auth-required' : 'ok', evidence, service: 'rtsp' };
    } catch (err) {
      return { ...failed(err, evidence), ...(evidence.length ? { service: 'rtsp' as const } : {}) };
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
    'rtsp.auth.realm': { text: true, video: true, selfNaming: 1 },
  },
});
