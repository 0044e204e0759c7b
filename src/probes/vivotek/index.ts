/**
 * @module probes/vivotek
 * Vivotek with credentials: `GET /cgi-bin/viewer/getparam.cgi?system_info_modelname&
 * system_info_firmwareversion&system_info_serialnumber`, the parameter read the Vivotek user
 * manuals document under each access level's directory (anonymous, viewer, operator, admin).
 * The viewer directory is asked here: read-only, and any login of the unit reaches it. One GET;
 * credentials only answer its challenge (the host's auth gate).
 * The answer is recorded as `http.body` beside the identity it states (no signature reads that
 * body: the manuals' `<parameter>=<value>` format is not Vivotek's alone).
 */
import { type Evidence, makeEvidence } from '../../evidence/types.js';
import { gatedGet, originOf } from '../auth/exchange.js';
import { apiEvidenceBase, describeWebApi, identityEvidence, webApiProbe } from '../shared/device-api.js';
import { parseSystemInfo } from './parse.js';

const QUERY = '?system_info_modelname&system_info_firmwareversion&system_info_serialnumber';
export const SYSTEM_INFO = `/cgi-bin/viewer/getparam.cgi${QUERY}`;
/**
 * The same read in the anonymous directory, security level 0 ("Unprotected" in the manuals'
 * "Security Level" table, e.g. the SUPREME MD9582-H user's manual p. 29): the web probe asks it
 * without credentials (../http/endpoints.ts); a unit that protects it answers 401 there
 * (home-assistant/core#27419, an FD8372).
 */
export const ANONYMOUS_INFO = `/cgi-bin/anonymous/getparam.cgi${QUERY}`;

export const vivotekProbe = webApiProbe({
  name: 'vivotek',
  description: 'Vivotek getparam.cgi system_info (model, firmware, serial), with credentials',
  async run(target, ctx) {
    const got = await gatedGet('Vivotek getparam.cgi', `${originOf(target)}${SYSTEM_INFO}`, ctx);
    if (!got.ok) return got.result;
    const body = got.reply.body.toString('latin1');
    const info = got.reply.status === 200 && !got.reply.truncated ? parseSystemInfo(body) : undefined;
    if (!info)
      return {
        status: 'skipped',
        evidence: [],
        message: `no Vivotek system_info (HTTP ${got.reply.status})`,
      };
    const base = apiEvidenceBase('vivotek', target, `GET ${SYSTEM_INFO}`, got.authenticated);
    const evidence: Evidence[] = [makeEvidence(base, 'http.body', body), ...identityEvidence(base, info)];
    return { status: 'ok', evidence, service: target.scheme ?? 'http' };
  },
});

export const vivotek = describeWebApi(vivotekProbe, ['device.model', 'device.firmware', 'device.serial']);
