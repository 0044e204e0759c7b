/**
 * @module probes/reolink/parse
 * Reolink's JSON API (`/cgi-bin/api.cgi`, "Camera HTTP API User Guide" v7 §2.2 and §4.1, as
 * shipped in starkillerOG/reolink_aio doc/): every answer is a JSON array with one object per
 * command, `{"cmd": <name>, "code": 0, "value": {...}}` on success or
 * `{"cmd": <name>, "code": 1, "error": {"detail": <text>, "rspCode": <negative int>}}`
 * (`-6 please login first`, `-7 login failed`, `-27 invalid user`, ...). Login answers
 * `value.Token.name` (under 32 characters) and `leaseTime`; GetDevInfo answers `value.DevInfo`
 * (model, hardVer, firmVer, serial, name, type, exactType, ...).
 * Every field is type-checked: a hostile device may send any JSON.
 */

/** Larger replies are not a Login or GetDevInfo answer; never handed to JSON.parse. */
export const MAX_REOLINK_REPLY = 64 * 1024;

/** One command's answer, as far as the probe reads it. */
export interface ReolinkCommandAnswer {
  cmd: string;
  code: number;
  value?: Record<string, unknown>;
  error?: { detail?: string; rspCode?: number };
}

export interface ReolinkDevInfo {
  model?: string;
  firmware?: string;
  hardware?: string;
  serial?: string;
  name?: string;
  type?: string;
  exactType?: string;
  /** Only when the answer states one (no Reolink firmware seen so far does). */
  manufacturer?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 128) =>
  typeof v === 'string' && v.length <= max ? v.trim() || undefined : undefined;

/**
 * The command answers of a body in the API's own format (a JSON array whose first element has a
 * string `cmd` and a numeric `code`), or undefined for anything else: HTML, other JSON, too large.
 */
export function reolinkAnswers(body: string): ReolinkCommandAnswer[] | undefined {
  if (body.length > MAX_REOLINK_REPLY) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!Array.isArray(doc) || doc.length === 0 || doc.length > 64) return undefined;
  const out: ReolinkCommandAnswer[] = [];
  for (const item of doc) {
    if (!isObject(item) || typeof item.cmd !== 'string' || typeof item.code !== 'number') return undefined;
    const answer: ReolinkCommandAnswer = { cmd: item.cmd.slice(0, 64), code: item.code };
    if (isObject(item.value)) answer.value = item.value;
    if (isObject(item.error)) {
      const detail = str(item.error.detail, 200);
      const rspCode = typeof item.error.rspCode === 'number' ? item.error.rspCode : undefined;
      answer.error = { ...(detail ? { detail } : {}), ...(rspCode !== undefined ? { rspCode } : {}) };
    }
    out.push(answer);
  }
  return out;
}

/** The answer to `cmd` in a body, if the body is in the API's format and carries one. */
export function answerTo(body: string, cmd: string): ReolinkCommandAnswer | undefined {
  return reolinkAnswers(body)?.find((a) => a.cmd === cmd);
}

/**
 * Error details and codes that say the credentials themselves were refused (reolink_aio's
 * `CredentialsInvalidError` cases: "invalid user", "login failed", "password wrong", a locked
 * login; rspCode -7 and -27 in the API guide's error table).
 */
const CREDENTIAL_DETAIL = /^(?:invalid user|login failed|password wrong)$|login has been locked/i;
const CREDENTIAL_CODES = new Set([-7, -27]);

export type LoginOutcome =
  | { kind: 'token'; token: string }
  /** The device refused these credentials. */
  | { kind: 'refused'; rspCode?: number }
  /** An API error that says nothing about the credentials (max session, param error, ...). */
  | { kind: 'error'; rspCode?: number; detail?: string };

/** The token must be safe to put in a query string: the guide says under 32 characters. */
const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

/** What a Login answer says; undefined when the body is not a Login answer in the API's format. */
export function parseLogin(body: string): LoginOutcome | undefined {
  const a = answerTo(body, 'Login');
  if (!a) return undefined;
  if (a.code === 0) {
    const token = isObject(a.value?.Token) ? a.value.Token.name : undefined;
    if (typeof token === 'string' && TOKEN.test(token)) return { kind: 'token', token };
    return { kind: 'error', detail: 'no usable token in the Login answer' };
  }
  const { detail, rspCode } = a.error ?? {};
  if ((detail && CREDENTIAL_DETAIL.test(detail)) || (rspCode !== undefined && CREDENTIAL_CODES.has(rspCode)))
    return { kind: 'refused', ...(rspCode !== undefined ? { rspCode } : {}) };
  return {
    kind: 'error',
    ...(rspCode !== undefined ? { rspCode } : {}),
    ...(detail ? { detail } : {}),
  };
}

/** The DevInfo fields of a successful GetDevInfo answer, or undefined. */
export function parseDevInfo(body: string): ReolinkDevInfo | undefined {
  const a = answerTo(body, 'GetDevInfo');
  const d = a?.code === 0 && isObject(a.value?.DevInfo) ? a.value.DevInfo : undefined;
  if (!d) return undefined;
  const info: ReolinkDevInfo = {
    model: str(d.model),
    firmware: str(d.firmVer),
    hardware: str(d.hardVer),
    // Owners' devices answer all zeros (or nothing) where no serial was programmed: no serial then.
    serial: /^0*$/.test(str(d.serial) ?? '') ? undefined : str(d.serial),
    name: str(d.name),
    type: str(d.type),
    exactType: str(d.exactType),
    manufacturer: str(d.manufacturer) ?? str(d.vendor),
  };
  for (const k of Object.keys(info) as (keyof ReolinkDevInfo)[]) if (info[k] === undefined) delete info[k];
  return info.model || info.firmware || info.hardware || info.serial ? info : undefined;
}
