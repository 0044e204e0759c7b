/**
 * @module probes/baichuan/login
 * Reolink's Baichuan protocol (TCP 9000) with credentials, as Neolink logs in
 * (thirtythreeforty/neolink crates/core/src/bc_protocol/{login,version}.rs @186d580): over one
 * connection,
 * 1. the credential-free legacy login (./index.ts), whose answer must be an encryption offer
 *    with a nonce: nothing derived from the password goes to a port that does not speak Baichuan;
 * 2. the modern login (one attempt, through the host's auth gate): `<LoginUser>` with MD5 of user
 *    name + nonce and of password + nonce, never the password or its plain MD5; a reply code other
 *    than 200 is a refusal;
 * 3. VersionInfo (message 80): model, firmware, serial and hardware version as `device.*`.
 * No logout: Neolink's logout message carries the plain password; closing the connection ends
 * the session. Offers of a scheme Neolink does not know (Argus 2's 0xdd03) are reported, not tried.
 */
import type { Socket } from 'node:net';
import { noCredentials } from '../auth/exchange.js';
import { AuthRefusedError } from '../auth/gate.js';
import { describeProbe } from '../descriptor.js';
import { exchangeOn, openSocket } from '../net/exchange.js';
import { apiEvidenceBase, deviceApiFields, fieldEvidence } from '../shared/device-api.js';
import { failed, waitForSlot } from '../status.js';
import type { Probe, ProbeContext, ProbeResult } from '../types.js';
import { bcXor, CODE_OK, type Frame, MSG_LOGIN, MSG_VERSION, modernFrame, readFrame } from './frame.js';
import { BAICHUAN_PORT, LEGACY_LOGIN } from './index.js';
import {
  aesDecrypt,
  loginHash,
  loginXml,
  type Offer,
  parseOffer,
  parseVersionInfo,
  type VersionInfo,
} from './parse.js';

const LOGIN = 'Baichuan login';
/** Login and VersionInfo answers are a few kB (Neolink's recorded login reply: 2,973 bytes). */
const MAX_BODY = 64 * 1024;

export const baichuanLoginProbe: Probe = {
  name: 'baichuan-login',
  description: "Reolink's Baichuan login and VersionInfo on TCP 9000, with credentials",
  transport: 'tcp',
  defaultPorts: [BAICHUAN_PORT],
  async run(target, ctx): Promise<ProbeResult> {
    const { credentials, auth } = ctx;
    if (!credentials || !auth) return noCredentials();
    let sock: Socket | undefined;
    try {
      const slow = await waitForSlot(ctx);
      if (slow) return slow;
      sock = await openSocket(target.ip, target.port, ctx.limits.timeoutMs, ctx.signal);
      const conn = sock;
      const offerFrame = await ask(conn, ctx, LEGACY_LOGIN, MSG_LOGIN);
      const offer = offerFrame && parseOffer(offerFrame);
      if (!offer)
        return { status: 'skipped', evidence: [], message: 'no Baichuan encryption offer: no login sent' };
      if ('unsupported' in offer)
        return {
          status: 'skipped',
          evidence: [],
          message: `Baichuan encryption 0xdd${offer.unsupported.toString(16).padStart(2, '0')} is not one this probe speaks: no login sent`,
        };
      const code = await auth.run(LOGIN, async () => {
        const reply = await ask(
          conn,
          ctx,
          modernLogin(credentials.username, credentials.password.reveal(), offer),
          MSG_LOGIN,
        );
        if (!reply) throw new Error('Baichuan login: no answer to the login');
        ctx.log.debug(
          { request: LOGIN, user: credentials.username, code: reply.code },
          'credentialed request',
        );
        return {
          verdict: reply.code === CODE_OK ? ('accepted' as const) : ('rejected' as const),
          value: reply.code,
        };
      });
      if (code !== CODE_OK)
        return {
          status: 'auth-failed',
          evidence: [],
          message: `${LOGIN}: credentials refused (code ${code}); no further login is tried on this device`,
        };
      const version = await ask(conn, ctx, modernFrame(MSG_VERSION, 1, Buffer.alloc(0)), MSG_VERSION);
      const info = version && readVersion(version, offer, credentials.password.reveal());
      if (!info)
        return { status: 'protocol-error', evidence: [], message: 'no VersionInfo after the Baichuan login' };
      const base = apiEvidenceBase('baichuan-login', target, 'Baichuan VersionInfo', true);
      return { status: 'ok', evidence: fieldEvidence(base, info, FIELDS), service: 'baichuan' };
    } catch (err) {
      if (err instanceof AuthRefusedError) return { status: 'skipped', evidence: [], message: err.message };
      return failed(err);
    } finally {
      sock?.destroy();
    }
  },
};

const FIELDS = [
  ['model', 'device.model'],
  ['firmware', 'device.firmware'],
  ['serial', 'device.serial'],
  ['hardware', 'device.hardware'],
] as const;

/** The modern login: hashes of user name and password with the device's nonce, BCEncrypt'ed unless the offer says none. */
function modernLogin(username: string, password: string, offer: Offer): Buffer {
  const xml =
    '<?xml version="1.0" encoding="UTF-8" ?>\n<body>\n<LoginUser version="1.1">\n' +
    `<userName>${loginHash(username, offer.nonce)}</userName>\n` +
    `<password>${loginHash(password, offer.nonce)}</password>\n` +
    '<userVer>1</userVer>\n</LoginUser>\n<LoginNet version="1.1">\n<type>LAN</type>\n<udpPort>0</udpPort>\n</LoginNet>\n</body>\n';
  const payload = Buffer.from(xml, 'utf8');
  return modernFrame(MSG_LOGIN, 0, offer.scheme === 'none' ? payload : bcXor(payload, 0));
}

/** VersionInfo's XML in the scheme the login negotiated (AES after an AES offer). */
function readVersion(frame: Frame, offer: Offer, password: string): VersionInfo | undefined {
  if (frame.code !== CODE_OK) return undefined;
  const xml =
    offer.scheme === 'aes'
      ? aesDecrypt(frame.body.subarray(frame.payloadOffset), offer.nonce, password).toString('utf8')
      : loginXml(frame, offer.scheme);
  const info = parseVersionInfo(xml);
  return info && Object.keys(info).length > 0 ? info : undefined;
}

/**
 * Sends `request` and reads frames until one of message `msgId` is whole (a device may send
 * others in between); undefined when the connection ends first. Bytes that are not Baichuan
 * frames end the exchange as a protocol error.
 */
async function ask(
  sock: Socket,
  ctx: ProbeContext,
  request: Buffer,
  msgId: number,
): Promise<Frame | undefined> {
  const maxBody = Math.min(MAX_BODY, ctx.limits.maxBytes);
  const find = (data: Buffer): Frame | undefined | 'bad' => {
    let rest = data;
    for (;;) {
      const r = readFrame(rest, maxBody);
      if (r === undefined) return 'bad';
      if (r === 'incomplete') return undefined;
      if (r.frame.msgId === msgId) return r.frame;
      rest = r.rest;
    }
  };
  const reply = await exchangeOn(sock, request, {
    timeoutMs: ctx.limits.timeoutMs,
    maxBytes: 4 * maxBody,
    signal: ctx.signal,
    keepOpen: true,
    complete: (data) => find(data) !== undefined,
  });
  const found = find(reply.data);
  if (found === 'bad') throw new Error('not a Baichuan frame, or one over the size limit');
  return found;
}

export const baichuanLogin = describeProbe(baichuanLoginProbe, {
  phase: 'credentialed-sdk',
  services: [],
  fields: deviceApiFields('device.model', 'device.firmware', 'device.serial', 'device.hardware'),
});
