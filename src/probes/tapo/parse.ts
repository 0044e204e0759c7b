/**
 * @module probes/tapo/parse
 * TP-Link Tapo cameras' local JSON API on HTTPS 443, as JurajNyiri/pytapo
 * (pytapo/transport/pytapo/pytapo.py) and python-kasa (kasa/transports/sslaestransport.py)
 * speak it: every answer is a JSON object with a numeric `error_code`.
 * - `login` with `encrypt_type: "3"` and a client nonce is answered, on firmware with the
 *   secure login, by error -40413 and `result.data` = `{encrypt_type: ["3"], nonce,
 *   device_confirm, key, code}`; older firmware lists other types (`["1", "2"]`) and takes a
 *   hashed password instead.
 * - A successful login answers `result.stok` (and `start_seq` for the secure login); a refused
 *   one -40401 with `data.code` -40411, or an empty `device_confirm`.
 * - `multipleRequest` answers `result.responses[]`, each `{method, result, error_code}`;
 *   getDeviceInfo's result is `device_info.basic_info` (device_model, sw_version, hw_version,
 *   mac, manufacturer_name, device_type `SMART.IPCAMERA`): python-kasa tests/fixtures/smartcam.
 * Every field is type-checked: a hostile device may send any JSON.
 */

/** Larger replies are not an answer of this API; never handed to JSON.parse. */
export const MAX_TAPO_REPLY = 64 * 1024;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 128) =>
  typeof v === 'string' && v.length <= max ? v.trim() || undefined : undefined;

/** A body in the API's envelope (a JSON object with a numeric `error_code`), or undefined. */
export function tapoEnvelope(body: string): Json | undefined {
  if (body.length > MAX_TAPO_REPLY) return undefined;
  try {
    const doc: unknown = JSON.parse(body);
    return isObject(doc) && typeof doc.error_code === 'number' ? doc : undefined;
  } catch {
    return undefined;
  }
}

const dataOf = (doc: Json) =>
  isObject(doc.result) && isObject(doc.result.data) ? doc.result.data : undefined;

/** Nonces and tokens go into hashes and URLs: only plain tokens of a sane length. */
const TOKEN = /^[A-Za-z0-9_()-]{4,128}$/;

/** What the first, password-less login says about the login the device wants. */
export type Handshake =
  | { kind: 'secure'; nonce: string; deviceConfirm: string }
  /** Firmware without the secure login (it lists other types): a hashed password in one request. */
  | { kind: 'hashed' }
  /** No login offered: the device does not know this user (`code` -60502), or says something else. */
  | { kind: 'none'; code?: number }
  /** Locked out after failed logins (`sec_left` seconds). */
  | { kind: 'blocked'; seconds: number };

export function parseHandshake(doc: Json): Handshake {
  const data = dataOf(doc) ?? (isObject(doc.data) ? doc.data : undefined);
  const left = data && typeof data.sec_left === 'number' ? data.sec_left : 0;
  if (left > 0) return { kind: 'blocked', seconds: left };
  const types = Array.isArray(data?.encrypt_type) ? data.encrypt_type : [];
  const nonce = str(data?.nonce);
  const confirm = str(data?.device_confirm, 256);
  if (types.includes('3') && nonce && TOKEN.test(nonce))
    return { kind: 'secure', nonce, deviceConfirm: confirm ?? '' };
  if (types.length > 0) return { kind: 'hashed' };
  const code = typeof data?.code === 'number' ? data.code : undefined;
  return { kind: 'none', ...(code !== undefined ? { code } : {}) };
}

export type LoginOutcome =
  | { kind: 'stok'; stok: string; startSeq?: number; userGroup?: string }
  | { kind: 'refused'; code?: number }
  | { kind: 'error'; code?: number };

/**
 * `data.code`s of a refused account: -40411 (pytapo's "invalid authentication data") and -60502
 * (an unknown user). The envelope's own -40401 comes with other codes too (the first step's
 * answer carries `code` -40401), so it says nothing about the credentials alone.
 */
const REFUSED = new Set([-40411, -60502]);

export function parseLogin(doc: Json): LoginOutcome {
  const result = isObject(doc.result) ? doc.result : undefined;
  const stok = str(result?.stok);
  if (doc.error_code === 0 && stok && TOKEN.test(stok))
    return {
      kind: 'stok',
      stok,
      ...(typeof result?.start_seq === 'number' ? { startSeq: result.start_seq } : {}),
      ...(str(result?.user_group) ? { userGroup: str(result?.user_group) } : {}),
    };
  const data = dataOf(doc);
  const code = typeof data?.code === 'number' ? data.code : (doc.error_code as number);
  if (REFUSED.has(code)) return { kind: 'refused', code };
  return { kind: 'error', code };
}

/** The encrypted answer of a securePassthrough request (base64), if the envelope carries one. */
export function passthroughResponse(doc: Json): string | undefined {
  const r = isObject(doc.result) ? doc.result.response : undefined;
  return typeof r === 'string' && r.length <= MAX_TAPO_REPLY * 2 ? r : undefined;
}

export interface TapoDeviceInfo {
  model?: string;
  firmware?: string;
  hardware?: string;
  manufacturer?: string;
  mac?: string;
}

/** getDeviceInfo's basic_info, from a multipleRequest answer (or a bare getDeviceInfo result). */
export function parseDeviceInfo(doc: Json): TapoDeviceInfo | undefined {
  const result = isObject(doc.result) ? doc.result : undefined;
  const responses = Array.isArray(result?.responses) ? result.responses.slice(0, 8) : [result];
  const answer = responses.find(
    (r): r is Json => isObject(r) && (r.method === 'getDeviceInfo' || isObject(r.device_info)),
  );
  const body = answer && isObject(answer.result) ? answer.result : answer;
  const basic = isObject(body?.device_info) ? body.device_info.basic_info : undefined;
  if (!isObject(basic)) return undefined;
  const info: TapoDeviceInfo = {
    model: str(basic.device_model),
    firmware: str(basic.sw_version),
    hardware: str(basic.hw_version),
    manufacturer: str(basic.manufacturer_name),
    mac: str(basic.mac, 17),
  };
  for (const k of Object.keys(info) as (keyof TapoDeviceInfo)[]) if (info[k] === undefined) delete info[k];
  return info.model || info.firmware ? info : undefined;
}
