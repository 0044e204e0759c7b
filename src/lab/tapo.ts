/**
 * @module lab/tapo
 * The device side of a TP-Link Tapo camera's local API on HTTPS (`POST /`, `POST /stok=<t>/ds`)
 * for a simulated device, in the shapes python-kasa's mock of the device gives
 * (tests/transports/test_sslaestransport.py `MockSslAesDevice`, python-kasa/python-kasa):
 * - a password-less `login` with `encrypt_type: "3"`: error -40413 and `result.data` with
 *   `code` -40401, the login attempts left (`time` of `max_time` 10), `encrypt_type: ["3"]`, a key,
 *   the device's nonce and `device_confirm`, in the order a TC40 wrote them
 *   (python-kasa/python-kasa#1628, the sslaestransport debug log; `code` -60502 for an unknown
 *   user in the mock). Each such step spends an attempt (JurajNyiri/pytapo#135: 9, then 8); a
 *   login resets the count, and with none left the device blocks (`code` -40404, `sec_left`);
 * - the `digest_passwd` login: `{"error_code": 0, "result": {"stok", "user_group": "root",
 *   "start_seq"}}`, or -40401 with `data.code` -40411 (pytapo's "invalid authentication data");
 * - securePassthrough: the request decrypted, its `Tapo_tag` and `Seq` checked, the answer
 *   encrypted as `{"error_code": 0, "result": {"response": <base64>}}`;
 * - getDeviceInfo in a multipleRequest: `result.responses[0]` = `{"method": "getDeviceInfo",
 *   "result": {"device_info": {"basic_info": {...}}}, "error_code": 0}`, the basic_info holding
 *   only recorded values (python-kasa tests/fixtures/smartcam for the key names).
 * The device holds the password as upper-case SHA-256 hex, as current firmware does. Every login
 * carrying a password digest counts on the lab's counter.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import type { AuthCounter } from './digest.js';
import type { DeviceProfile } from './profile.js';

const H = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').toUpperCase();
const raw = (s: string) => createHash('sha256').update(s, 'utf8').digest();

interface Session {
  key: Buffer;
  iv: Buffer;
  seq: number;
  tagSeed: string;
}

type Params = { cnonce?: unknown; username?: unknown; digest_passwd?: unknown; request?: unknown };
type Reply = { status: number; type: string; body: string };

const json = (v: unknown): Reply => ({
  status: 200,
  type: 'application/json; charset=UTF-8',
  body: JSON.stringify(v),
});

/** One device's API: nonces handed out and sessions opened live as long as the handler. */
export function tapoApi(api: NonNullable<DeviceProfile['tapo']>, counter: AuthCounter) {
  const stored = H(api.account.password);
  const nonces = new Map<string, string>();
  const sessions = new Map<string, Session>();
  const refused = json({ error_code: -40401, result: { data: { code: -40411 } } });
  const MAX_TIME = 10;
  let left = MAX_TIME;

  return (path: string, body: string, headers: Record<string, string | string[] | undefined>): Reply => {
    let req: { method?: unknown; params?: Params } | undefined;
    try {
      req = JSON.parse(body) as typeof req;
    } catch {
      return json({ error_code: -40210 });
    }
    const params = req?.params ?? {};
    if (path === '/' && req?.method === 'login') {
      const cnonce = typeof params.cnonce === 'string' ? params.cnonce : '';
      if (params.username !== api.account.username)
        return json({ error_code: -40401, result: { data: { code: -60502 } } });
      if (typeof params.digest_passwd === 'string') {
        counter.sent++;
        const nonce = nonces.get(cnonce);
        if (!nonce || params.digest_passwd !== `${H(stored + cnonce + nonce)}${cnonce}${nonce}`) {
          counter.rejected++;
          return refused;
        }
        nonces.delete(cnonce);
        left = MAX_TIME;
        const stok = randomBytes(16).toString('hex');
        const seq = randomInt(1, 1 << 30);
        const hashedKey = H(cnonce + stored + nonce);
        sessions.set(stok, {
          key: raw(`lsk${cnonce}${nonce}${hashedKey}`).subarray(0, 16),
          iv: raw(`ivb${cnonce}${nonce}${hashedKey}`).subarray(0, 16),
          seq,
          tagSeed: H(stored + cnonce),
        });
        return json({ error_code: 0, result: { stok, user_group: 'root', start_seq: seq } });
      }
      counter.steps = (counter.steps ?? 0) + 1;
      if (left === 0) return json({ data: { code: -40404, sec_left: 1800 }, error_code: -40401 });
      left--;
      const nonce = randomBytes(8).toString('hex').toUpperCase();
      nonces.set(cnonce, nonce);
      return json({
        result: {
          data: {
            code: -40401,
            time: left,
            max_time: MAX_TIME,
            encrypt_type: ['3'],
            key: randomBytes(24).toString('base64'),
            nonce,
            device_confirm: `${H(cnonce + stored + nonce)}${nonce}${cnonce}`,
          },
        },
        error_code: -40413,
      });
    }
    const stok = /^\/stok=([0-9a-f]+)\/ds$/.exec(path)?.[1];
    const session = stok ? sessions.get(stok) : undefined;
    if (!session || req?.method !== 'securePassthrough' || typeof params.request !== 'string')
      return json({ error_code: -40401 });
    const seq = String(headers.seq ?? '');
    if (seq !== String(session.seq) || headers.tapo_tag !== H(session.tagSeed + body + seq))
      return { ...json({ error_code: -1, msg: 'Check tapo tag failed' }), status: 500 };
    session.seq++;
    let inner: { method?: unknown; params?: { requests?: unknown } };
    try {
      const d = createDecipheriv('aes-128-cbc', session.key, session.iv);
      inner = JSON.parse(Buffer.concat([d.update(params.request, 'base64'), d.final()]).toString('utf8'));
    } catch {
      return json({ error_code: -40210 });
    }
    const requests = Array.isArray(inner.params?.requests) ? inner.params.requests : [];
    const responses = requests
      .slice(0, 8)
      .map((r: { method?: unknown }) =>
        r?.method === 'getDeviceInfo'
          ? { method: 'getDeviceInfo', result: { device_info: { basic_info: api.basicInfo } }, error_code: 0 }
          : { method: r?.method, result: {}, error_code: -40106 },
      );
    const c = createCipheriv('aes-128-cbc', session.key, session.iv);
    const plain = JSON.stringify({ result: { responses }, error_code: 0 });
    const sealed = Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64');
    return json({ error_code: 0, result: { response: sealed } });
  };
}
