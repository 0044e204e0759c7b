/**
 * @module probes/http/rpc2
 * Dahua's web login, first step only: `POST /RPC2_Login` with a `global.login` that carries no
 * password. A Dahua-built device (and its OEM badges) answers without any credentials with its
 * login challenge in its own JSON format (error code 268632079, "Component error: login
 * challenge!") holding `realm` (`Login to <serial>`), `random`, `encryption` and often the unit's
 * `mac`; Greenbone's checks record such replies (mageni/mageni
 * src/backend/scanner/plugins/2019/qsee/gb_qsee_ip_camera_default_credentials.nasl).
 *
 * Why this question is safe to ask (docs/probes.md): it is the request the device's own web
 * client sends before it hashes anything, with an empty password and no `authorityType`, so
 * there is no password for the device to check; the scanner never sends the second step, which
 * is the one that carries a hash and can fail. A first step cannot count as a failed login: the
 * web client sends it before every successful login too. Like the unauthenticated vendor
 * endpoints (a 401 from magicBox.cgi), a device may still log the request as a login attempt.
 */

/** Where Dahua's web client posts its login. */
export const RPC2_LOGIN_PATH = '/RPC2_Login';

/**
 * The first step exactly as Dahua's web client and Greenbone send it: user `admin`, an empty
 * password, the web client type, a direct login. Never anything else: no hash, no second step.
 */
export const RPC2_LOGIN_REQUEST = JSON.stringify({
  method: 'global.login',
  params: { userName: 'admin', password: '', clientType: 'Web3.0', loginType: 'Direct' },
  id: 1,
});

/** Dahua's "login challenge" error code in RPC2 answers. */
export const RPC2_CHALLENGE_CODE = 268632079;

/** A real challenge is a few hundred bytes; anything far larger is not parsed as one. */
const MAX_CHALLENGE_BYTES = 8 * 1024;

export interface Rpc2Challenge {
  /** `Login to <serial>` on Dahua firmware; the field the Dahua realm signatures read. */
  realm: string;
  /** The unit's MAC (`3CEF8C6101C0`), when the answer carries one that looks like a MAC. */
  mac?: string;
  /** `Default`, `Basic`, `OldDigest`, ... */
  encryption?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Printable, bounded text; undefined for anything else (numbers, objects, control characters). */
function text(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string' || v.length === 0 || v.length > max) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  return /[\u0000-\u001f\u007f]/.test(v) ? undefined : v.trim() || undefined;
}

/**
 * The challenge in an RPC2_Login answer, or undefined when the answer is not one. It is one when
 * it is a JSON object whose `params.realm` is text and that carries the challenge error code
 * (or, on firmware that leaves the code out, a `random` to hash with). Never throws.
 */
export function parseRpc2Challenge(body: string): Rpc2Challenge | undefined {
  if (body.length > MAX_CHALLENGE_BYTES || !body.includes('realm')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(doc) || !isObject(doc.params)) return undefined;
  const params = doc.params;
  const realm = text(params.realm, 256);
  if (!realm) return undefined;
  const code = isObject(doc.error) ? doc.error.code : undefined;
  if (code !== RPC2_CHALLENGE_CODE && text(params.random, 128) === undefined) return undefined;
  const mac = text(params.mac, 32);
  const encryption = text(params.encryption, 32);
  return {
    realm,
    ...(mac && /^(?:[0-9A-Fa-f]{2}[-:]?){5}[0-9A-Fa-f]{2}$/.test(mac) && !/^[0:-]+$/.test(mac)
      ? { mac }
      : {}),
    ...(encryption ? { encryption } : {}),
  };
}
