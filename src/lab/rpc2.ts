/**
 * @module lab/rpc2
 * A simulated Dahua web login (`POST /RPC2_Login`): the profile's recorded answer to the first
 * step, a `global.login` with an empty password, which is Dahua's login challenge. A request
 * that carries a password is a login the device saw: it is counted and refused with a bare 403
 * (the lab has no account there and makes up no device answer for it). Anything else that is
 * not a `global.login` gets a bare 400.
 */
import type { AuthCounter } from './digest.js';
import type { DeviceProfile } from './profile.js';

export { RPC2_LOGIN_PATH } from '../probes/http/rpc2.js';

export function rpc2Login(
  login: NonNullable<DeviceProfile['dahuaRpc2Login']>,
  requestBody: string,
  counter: AuthCounter,
): { status: number; type: string; body: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(requestBody);
  } catch {
    return { status: 400, type: 'text/plain', body: '' };
  }
  const call = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
  const params =
    typeof call.params === 'object' && call.params !== null ? (call.params as Record<string, unknown>) : {};
  if (call.method !== 'global.login') return { status: 400, type: 'text/plain', body: '' };
  if (params.password !== undefined && params.password !== '') {
    counter.sent++;
    counter.rejected++;
    return { status: 403, type: 'text/plain', body: '' };
  }
  return { status: 200, type: 'application/json', body: login.reply };
}
