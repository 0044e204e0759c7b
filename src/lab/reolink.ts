/**
 * @module lab/reolink
 * The device side of Reolink's JSON API (`POST /cgi-bin/api.cgi?cmd=<Name>[&token=...]`) for a
 * simulated device. The answers are written in the shape real devices gave, as published:
 * - Login: `[{"cmd" : "Login", "code" : 0, "value" : {"Token" : {"leaseTime" : 3600, "name" : <15 hex>}}}]`
 *   (home-assistant/core#103241, reolink_aio debug log of an RLC-511);
 * - without a valid token: `[{"cmd" : <cmd>, "code" : 1, "error" : {"detail" : "please login first",
 *   "rspCode" : -6}}]` (JimStar/reolink_cctv#26, a Logout sent without a token; home-assistant/core#93288);
 * - an unknown command: `"detail" : "not support", "rspCode" : -9` (home-assistant/core#103241);
 * - GetDevInfo: `{"cmd" : "GetDevInfo", "code" : 0, "value" : {"DevInfo" : {...}}}` (same log);
 * - a refused login: rspCode -7 `login failed`, and Logout's `{"rspCode" : 200}` value, from the
 *   error table and Logout section of Reolink's Camera HTTP API User Guide v7
 *   (starkillerOG/reolink_aio doc/).
 * Pretty-printed as the devices print them (3-space indent, `"key" : value`), served as
 * `text/html` as the logs show. Every Login carrying credentials counts on the lab's counter.
 */
import { randomBytes } from 'node:crypto';
import type { AuthCounter } from './digest.js';
import type { DeviceProfile } from './profile.js';

type Answer = Record<string, unknown>;

/** JSON as Reolink firmware prints it: 3-space indentation and a space before each colon. */
export const reolinkJson = (v: unknown) =>
  JSON.stringify(v, null, 3).replace(/^(\s*"(?:[^"\\]|\\.)*"): /gm, '$1 : ');

const failure = (cmd: string, rspCode: number, detail: string): Answer => ({
  cmd,
  code: 1,
  error: { detail, rspCode },
});

/** One device's API: the tokens it handed out live as long as the handler. */
export function reolinkApi(api: NonNullable<DeviceProfile['reolink']>, counter: AuthCounter) {
  const tokens = new Set<string>();
  return (url: string, body: string): { status: number; type: string; body: string } => {
    const q = new URL(url, 'http://lab').searchParams;
    let commands: unknown;
    try {
      commands = JSON.parse(body);
    } catch {
      commands = undefined;
    }
    const list = Array.isArray(commands) ? commands.slice(0, 16) : [];
    const first = list[0] as { cmd?: unknown; param?: { User?: { userName?: unknown; password?: unknown } } };
    const cmd = typeof first?.cmd === 'string' ? first.cmd : (q.get('cmd') ?? 'Unknown');
    const token = q.get('token') ?? '';
    let answer: Answer;
    if (cmd === 'Login') {
      const user = first?.param?.User;
      counter.sent++;
      if (user?.userName === api.account.username && user?.password === api.account.password) {
        const name = randomBytes(8).toString('hex').slice(0, 15);
        tokens.add(name);
        answer = { cmd, code: 0, value: { Token: { leaseTime: 3600, name } } };
      } else {
        counter.rejected++;
        answer = failure(cmd, -7, 'login failed');
      }
    } else if (!tokens.has(token)) answer = failure(cmd, -6, 'please login first');
    else if (cmd === 'GetDevInfo') answer = { cmd, code: 0, value: { DevInfo: api.devInfo } };
    else if (cmd === 'Logout') {
      tokens.delete(token);
      answer = { cmd, code: 0, value: { rspCode: 200 } };
    } else answer = failure(cmd, -9, 'not support');
    return { status: 200, type: 'text/html', body: reolinkJson([answer]) };
  };
}
