/**
 * @module probes/rtsp/login
 * With credentials, the session description a device shows only after RTSP Digest: `DESCRIBE`
 * the root path, answer its challenge once on the same connection (some media servers bind the
 * nonce to it, HIK Media Server among them), through the host's login guard, then the makers'
 * main-stream paths while nothing is described. It runs after the vendor APIs, when none of
 * them answered, so a device's own API always gets the one login first.
 */
import { authorization, parseChallenges, pickChallenge } from '../auth/digest.js';
import { gatedExchange, withoutCredentials } from '../auth/exchange.js';
import { describeProbe } from '../descriptor.js';
import { failed } from '../status.js';
import type { Probe } from '../types.js';
import { answerEvidence, Connection, RTSP_PORTS, walk } from './session.js';

const LOGIN = 'RTSP DESCRIBE';

export const rtspLoginProbe: Probe = {
  name: 'rtsp-login',
  description: 'RTSP DESCRIBE with credentials (Digest): the session description behind the login',
  transport: 'tcp',
  defaultPorts: RTSP_PORTS,
  async run(target, ctx) {
    const skip = withoutCredentials(ctx);
    if (skip) return skip;
    const conn = new Connection(target, ctx);
    try {
      const first = await conn.describe('/');
      if (!first.ok) return { status: 'protocol-error', evidence: [], message: first.reason };
      // A root that asks no login may still have stream paths that do.
      const root = { head: first.value, path: '/' };
      const asked = first.value.status === 401 ? root : await walk((path) => conn.describe(path), root, true);
      const challenge =
        asked.head.status === 401
          ? pickChallenge(parseChallenges(asked.head.headers['www-authenticate']))
          : undefined;
      if (!challenge)
        return { status: 'skipped', evidence: [], message: `no RTSP challenge (RTSP ${asked.head.status})` };
      const got = await gatedExchange(LOGIN, ctx, async (creds) => {
        const answer = (url: string) => authorization(challenge, creds, 'DESCRIBE', url);
        const reply = await conn.describe(asked.path, answer);
        if (!reply.ok) throw new Error(`${LOGIN} with credentials: ${reply.reason}`);
        const { status } = reply.value;
        const verdict = status === 401 || status === 403 ? ('rejected' as const) : ('accepted' as const);
        return {
          verdict,
          value: { head: reply.value, answer },
          log: { status, verdict },
          refusal: `RTSP ${status}`,
        };
      });
      if (!got.ok) return got.result;
      // After the login a 401 is a nonce the server will not take twice, not a refusal: the walk ends there.
      const found = await walk(
        (path) => conn.describe(path, got.value.answer),
        { head: got.value.head, path: asked.path },
        false,
      );
      // Only the description: the port probe has recorded the server and the realm already.
      const evidence = answerEvidence(
        'rtsp-login',
        target,
        found.head,
        `RTSP DESCRIBE ${found.path} (login)`,
        [],
        true,
      ).filter((e) => e.field === 'rtsp.sdp');
      return { status: 'ok', evidence };
    } catch (err) {
      return failed(err);
    } finally {
      conn.close();
    }
  },
};

export const rtspLogin = describeProbe(rtspLoginProbe, {
  phase: 'credentialed-sdk',
  services: [],
  fields: { 'rtsp.sdp': { text: true, video: true } },
});
