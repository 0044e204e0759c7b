/**
 * @module probes/dhip/login
 * Dahua DHIP over TCP: the first step of a `global.login` (user `admin`, empty password, the same
 * call as the web client's `POST /RPC2_Login`, ../http/rpc2.ts) in a DHIP frame, asked of TCP
 * 5000. Dahua units speak DHIP there ("proto: dhip, normally using tcp/5000", mcw0/DahuaConsole
 * README.md @5f8f35b13437d06e6e9b01f63bc151303939eda2; the door stations' integrations log in there),
 * and answer with the login challenge: its realm `Login to <device name>` (the serial unless a
 * model or an owner's name replaced it) and often the unit's MAC.
 * No password or hash is sent and the second step never is, so it is no failed login.
 */
import { describeProbe } from '../descriptor.js';
import { parseRpc2Challenge, RPC2_LOGIN_REQUEST } from '../http/rpc2.js';
import { oneQuestionProbe } from '../net/one-question.js';
import { beforeNul } from '../shared/c-string.js';
import { DHIP_HEADER_LENGTH, dhipBody, dhipFrame } from './parse.js';

export const DHIP_TCP_PORT = 5000;
/** A challenge is a few hundred bytes; more is not read. */
const MAX_ANSWER_BYTES = 8 * 1024;

/** Whether `data` holds a whole DHIP frame (the header's declared body length has arrived). */
const frameComplete = (data: Buffer) =>
  data.length >= DHIP_HEADER_LENGTH && data.length >= DHIP_HEADER_LENGTH + data.readUInt32LE(16);

export const dhipLoginProbe = oneQuestionProbe({
  name: 'dhip-login',
  description: 'Dahua DHIP over TCP: the first login step (no password), its challenge realm and MAC',
  port: DHIP_TCP_PORT,
  service: 'dhip',
  request: dhipFrame(Buffer.from(RPC2_LOGIN_REQUEST, 'utf8'), 1),
  requestLabel: 'DHIP global.login (first step, TCP)',
  answer: { maxBytes: MAX_ANSWER_BYTES, complete: frameComplete },
  read: (data) => {
    const body = dhipBody(data);
    if (body === undefined) return { error: 'not a DHIP answer' };
    const challenge = parseRpc2Challenge(beforeNul(body));
    if (!challenge) return { error: 'DHIP answer without a login challenge', spoke: true };
    return {
      values: [
        ['dhip.realm', challenge.realm],
        ...(challenge.mac ? [['mac.address', challenge.mac] as const] : []),
      ],
    };
  },
});

export const dhipLogin = describeProbe(dhipLoginProbe, {
  phase: 'port',
  services: ['dhip'],
  // Dahua's login realm: fingerprints/dhip-realm.yaml first (any device name: the framing is
  // Dahua's), then the HTTP realm grammar.
  fields: { 'dhip.realm': { grammarOf: 'http.auth.realm' }, 'mac.address': { mergeKey: 'mac' } },
  // A rarer port: asked only of hosts that answered something else.
  livePorts: [DHIP_TCP_PORT],
});
