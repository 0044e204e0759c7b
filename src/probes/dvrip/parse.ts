/**
 * @module probes/dvrip/parse
 * DVRIP payloads: the JSON of a login reply (msg 1001: `Ret`, `SessionID`) and of a
 * `SystemInfo` reply (msg 1021), read defensively (any shape, any bytes), plus the "sofia"
 * password hash the login carries. Field names and `Ret` codes after OpenIPC/python-dvr dvrip.py.
 */
import { createHash } from 'node:crypto';
import { jsonObject } from '../shared/bounded.js';

/** `Ret` of a successful request. */
export const RET_OK = 100;

/** Login `Ret` codes with their meaning (python-dvr CODES); every refusal ends the login. */
const RET_MEANING: Record<number, string> = {
  101: 'unknown error',
  102: 'unsupported version',
  103: 'request not permitted',
  104: 'user already logged in',
  105: 'user is not logged in',
  106: 'username or password is incorrect',
  107: 'user lacks the permission',
  203: 'password is incorrect',
  205: 'user does not exist',
  207: 'blacklisted',
};

export const retMeaning = (ret: number) => RET_MEANING[ret] ?? 'not documented';

/**
 * The payload as a JSON object, or nothing. Devices end it with "\n\0" and some put other
 * control bytes inside strings, so those are dropped first (as python-dvr does).
 */
export function payloadJson(payload: Buffer): Record<string, unknown> | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control bytes is the point
  const text = payload.toString('utf8').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  try {
    return jsonObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

const retOf = (o: Record<string, unknown>) => (typeof o.Ret === 'number' ? o.Ret : undefined);

export interface LoginReply {
  ret: number;
  /** Session id from `SessionID` ("0x00000032"), used in the header and body of later requests. */
  session?: number;
}

export function parseLoginReply(o: Record<string, unknown>): LoginReply | undefined {
  const ret = retOf(o);
  if (ret === undefined) return undefined;
  const hex = typeof o.SessionID === 'string' ? /^0x([0-9a-f]{1,8})$/i.exec(o.SessionID)?.[1] : undefined;
  return { ret, ...(hex ? { session: Number.parseInt(hex, 16) } : {}) };
}

export interface SystemInfo {
  serial?: string;
  firmware?: string;
  hardware?: string;
  model?: string;
}

const SYSTEM_INFO_KEYS: [keyof SystemInfo, string][] = [
  ['serial', 'SerialNo'],
  ['firmware', 'SoftWareVersion'],
  ['hardware', 'HardWare'],
  ['model', 'DeviceModel'],
];

/** `Ret` and the identity fields of a SystemInfo reply; placeholders (`Unknown`, empty) are dropped. */
export function parseSystemInfo(o: Record<string, unknown>): { ret: number; info?: SystemInfo } | undefined {
  const ret = retOf(o);
  if (ret === undefined) return undefined;
  const body = o.SystemInfo;
  if (ret !== RET_OK || !body || typeof body !== 'object' || Array.isArray(body)) return { ret };
  const b = body as Record<string, unknown>;
  const info: SystemInfo = {};
  for (const [k, key] of SYSTEM_INFO_KEYS) {
    const v = b[key];
    if (typeof v === 'string' && v.trim() && v.trim() !== 'Unknown') info[k] = v.trim();
  }
  return { ret, info };
}

const SOFIA_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The "sofia" hash DVRIP logins carry: MD5, then each byte pair summed modulo 62 (8 characters). */
export function sofiaHash(password: string): string {
  const d = createHash('md5').update(password, 'utf8').digest();
  let out = '';
  for (let i = 0; i < 16; i += 2) out += SOFIA_CHARS[((d[i] ?? 0) + (d[i + 1] ?? 0)) % 62];
  return out;
}
