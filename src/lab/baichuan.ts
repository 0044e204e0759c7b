/**
 * @module lab/baichuan
 * A simulated Reolink Baichuan port (TCP 9000, src/probes/baichuan/): a legacy login frame
 * (magic 0x0abcdef0, message id 1, class 0x6514), once its declared body has arrived, is answered
 * with the profile's recorded frame. Without a `login` the connection is then closed, and what a
 * unit does with any other bytes is not recorded, so the lab stays silent then.
 *
 * With a `login`, the recorded answer is an encryption offer and the device goes on as Neolink
 * describes a camera (QuantumEntangledAndy/neolink dissector/messages.md, messages 1 and 80;
 * crates/core/src/bc/crypto.rs): the modern login (class 0x6414) carries upper-case hex MD5 of
 * user name + nonce and of password + nonce, 31 characters each, in XML BCEncrypt'ed from the
 * channel byte; the account's hashes get the recorded login reply, anything else the recorded
 * refusal and the close. After a login, VersionInfo (message 80) is answered with code 200, class
 * 0, a zero payload offset and the profile's values in the dissector's recorded VersionInfo
 * layout, encoded as the offer says (none, BCEncrypt, or AES-128-CFB keyed on MD5(nonce-password)).
 * Every login carrying hashes counts on the lab's counter.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import type { AuthCounter } from './digest.js';
import { oneShotServer } from './one-shot.js';
import type { DeviceProfile } from './profile.js';
import { xmlEscape } from './xml.js';

/** A legacy login body is 1836 bytes; a device's login or VersionInfo request is far smaller. */
const MAX_BODY = 4096;
const MAGIC = 0x0abcdef0;
const KEY = [0x1f, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0xff];

type Baichuan = NonNullable<DeviceProfile['baichuan']>;

interface Request {
  msgId: number;
  cls: number;
  /** Header bytes 12-15 (channel, stream type, message number), echoed in the answer. */
  tag: Buffer;
  payload: Buffer;
}

/** The first whole request in `got`: the request and the bytes after it, 'wait', or 'bad'. */
function nextRequest(got: Buffer): { req: Request; rest: Buffer } | 'wait' | 'bad' {
  if (got.length < 20) return 'wait';
  if (got.readUInt32LE(0) !== MAGIC) return 'bad';
  const cls = got.readUInt16LE(18);
  const head = cls === 0x6414 || cls === 0 ? 24 : 20;
  const length = got.readUInt32LE(8);
  if (length > MAX_BODY) return 'bad';
  if (got.length < head + length) return 'wait';
  const offset = head === 24 ? Math.min(got.readUInt32LE(20), length) : 0;
  return {
    req: {
      msgId: got.readUInt32LE(4),
      cls,
      tag: Buffer.from(got.subarray(12, 16)),
      payload: got.subarray(head + offset, head + length),
    },
    rest: got.subarray(head + length),
  };
}

const xor = (data: Buffer, offset: number) =>
  Buffer.from(data.map((b, i) => b ^ (KEY[(offset + i) % 8] ?? 0) ^ (offset & 0xff)));
const md5Hex = (s: string) => createHash('md5').update(s, 'utf8').digest('hex').toUpperCase();

export function baichuanServer(bc: Baichuan, counter?: AuthCounter) {
  const answer = Buffer.from(bc.answer, 'hex');
  const login = bc.login;
  if (!login || !counter)
    return oneShotServer((got) => {
      const r = nextRequest(got);
      if (r === 'wait') return 'wait';
      if (r === 'bad' || r.req.msgId !== 1 || r.req.cls !== 0x6514) return 'silent';
      return answer;
    });
  // The offer as recorded: its scheme byte and its nonce, read back from the recorded bytes.
  const scheme = answer.readUInt8(16);
  const offerBody = answer.subarray(20, 20 + answer.readUInt32LE(8));
  const nonce = /<nonce>([^<]+)<\/nonce>/.exec(
    (scheme === 0 ? offerBody : xor(offerBody, answer.readUInt8(12))).toString('utf8'),
  )?.[1];
  const accepted = Buffer.from(login.accepted, 'hex');
  const refused = Buffer.from(login.refused, 'hex');
  const { username, password } = login.account;

  const versionInfo = (req: Request) => {
    const xml = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" ?>\n<body>\n<VersionInfo version="1.1">\n' +
        Object.entries(login.versionInfo)
          .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>\n`)
          .join('') +
        '</VersionInfo>\n</body>\n',
      'utf8',
    );
    const channel = req.tag.readUInt8(0);
    const payload =
      scheme === 0
        ? xml
        : scheme === 1
          ? xor(xml, channel)
          : (() => {
              const key = Buffer.from(md5Hex(`${nonce}-${password}`).slice(0, 16), 'utf8');
              const c = createCipheriv('aes-128-cfb', key, Buffer.from('0123456789abcdef', 'utf8'));
              return Buffer.concat([c.update(xml), c.final()]);
            })();
    const header = Buffer.alloc(24);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(80, 4);
    header.writeUInt32LE(payload.length, 8);
    req.tag.copy(header, 12);
    header.writeUInt16LE(200, 16);
    return Buffer.concat([header, payload]);
  };

  return createServer((sock: Socket) => {
    let got: Buffer = Buffer.alloc(0);
    let loggedIn = false;
    sock.on('error', () => {});
    sock.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      for (;;) {
        const r = nextRequest(got);
        if (r === 'wait') return;
        if (r === 'bad') return sock.destroy();
        got = r.rest;
        const { req } = r;
        if (req.msgId === 1 && req.cls === 0x6514) sock.write(answer);
        else if (req.msgId === 1 && req.cls === 0x6414) {
          counter.sent++;
          const xml = (scheme === 0 ? req.payload : xor(req.payload, req.tag.readUInt8(0))).toString('utf8');
          const sent = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
          loggedIn =
            nonce !== undefined &&
            sent('userName') === md5Hex(username + nonce).slice(0, 31) &&
            sent('password') === md5Hex(password + nonce).slice(0, 31);
          if (loggedIn) sock.write(accepted);
          else {
            counter.rejected++;
            return sock.end(refused);
          }
        } else if (req.msgId === 80 && loggedIn) sock.write(versionInfo(req));
        else return sock.destroy();
      }
    });
  });
}
