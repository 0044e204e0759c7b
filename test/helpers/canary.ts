/**
 * The canary password of the secret-leak tests, the forms it could leak in, and the lab
 * profiles rewritten to accept it: shared by the CLI and service credential tests.
 */
import { expect } from 'vitest';
import type { DeviceProfile } from '../../src/lab/profile.js';

/** Its `!` and `@` make every encoded form differ from the plain one (`@` for encodeURIComponent). */
export const CANARY = 'Canary-7f3a-Pa55!w@rd';

/** Plain, base64 (HTTP Basic, a careless dump) and URL-encoded (a URL's parts, a form body). */
export const leakForms = (secret: string) => [
  ...new Set([
    secret,
    Buffer.from(secret).toString('base64'),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]),
];

/** Fails naming `where` and the form found when `text` holds any form of any of `secrets`. */
export function expectNoSecret(text: string | Buffer, where: string, secrets: string[] = [CANARY]) {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  for (const f of secrets.flatMap(leakForms)) expect(s.includes(f), `${where} contains ${f}`).toBe(false);
}

/** The profile with every account it has (ONVIF, ISAPI, Dahua CGI, DVRIP, LAPI, Reolink, VAPIX) set to `password`. */
export const withPassword = (p: DeviceProfile, password: string): DeviceProfile => ({
  ...p,
  ...(p.onvif?.account ? { onvif: { ...p.onvif, account: { ...p.onvif.account, password } } } : {}),
  ...(p.isapi ? { isapi: { ...p.isapi, account: { ...p.isapi.account, password } } } : {}),
  ...(p.dahuaCgi ? { dahuaCgi: { ...p.dahuaCgi, account: { ...p.dahuaCgi.account, password } } } : {}),
  ...(p.dvrip ? { dvrip: { ...p.dvrip, account: { ...p.dvrip.account, password } } } : {}),
  ...(p.lapi ? { lapi: { ...p.lapi, account: { ...p.lapi.account, password } } } : {}),
  ...(p.reolink ? { reolink: { ...p.reolink, account: { ...p.reolink.account, password } } } : {}),
  ...(p.vapix ? { vapix: { ...p.vapix, account: { ...p.vapix.account, password } } } : {}),
  ...(p.baichuan?.login
    ? {
        baichuan: {
          ...p.baichuan,
          login: { ...p.baichuan.login, account: { ...p.baichuan.login.account, password } },
        },
      }
    : {}),
});
