/**
 * @module lab/foscam
 * The device side of Foscam's CGI (`GET /cgi-bin/CGIProxy.fcgi?cmd=getDevInfo[&usr=..&pwd=..]`)
 * for a simulated device, in the format of the Foscam IPCamera CGI User Guide: `<CGI_Result>`, a
 * `<result>` line, then one element per value, one element a line. Result 0 with the recorded
 * `getDevInfo` values when `usr`/`pwd` name the lab account; -2 (user name or password error)
 * otherwise, without them included. Any other `cmd` is answered -1 (request format error).
 * Every request carrying `usr` or `pwd` counts on the lab's counter.
 */
import type { AuthCounter } from './digest.js';
import type { DeviceProfile } from './profile.js';
import { xmlEscape } from './xml.js';

const PATH = '/cgi-bin/CGIProxy.fcgi';

const answer = (result: number, values: Record<string, string> = {}) =>
  `<CGI_Result>\n<result>${result}</result>\n${Object.entries(values)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>\n`)
    .join('')}</CGI_Result>\n`;

/** The answer to `url`, or undefined when it is not the CGI's path. */
export function foscamCgi(
  cgi: NonNullable<DeviceProfile['foscam']>,
  url: string,
  counter: AuthCounter,
): string | undefined {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  if (path !== PATH) return undefined;
  const q = new URLSearchParams(query);
  if (q.get('cmd') !== 'getDevInfo') return answer(-1);
  const usr = q.get('usr');
  const pwd = q.get('pwd');
  if (usr !== null || pwd !== null) counter.sent++;
  if (usr === cgi.account.username && pwd === cgi.account.password) return answer(0, cgi.devInfo);
  if (usr !== null || pwd !== null) counter.rejected++;
  return answer(-2);
}
