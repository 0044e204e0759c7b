/**
 * @module lab/one-shot
 * A simulated binary port that replays one recorded exchange: bytes are gathered until `decide`
 * says the recorded request is complete (answer, then close) or that they are not it (silence
 * from then on: what a unit does with other bytes is not recorded).
 */
import { createServer, type Server, type Socket } from 'node:net';

/** What the bytes so far call for: more bytes, the recorded answer, or silence. */
export type Decision = 'wait' | 'silent' | Buffer;

export function oneShotServer(decide: (got: Buffer) => Decision): Server {
  return createServer((sock: Socket) => {
    let got = Buffer.alloc(0);
    let done = false;
    sock.on('error', () => {});
    sock.on('data', (chunk: Buffer) => {
      if (done) return;
      got = Buffer.concat([got, chunk]);
      const d = decide(got);
      if (d === 'wait') return;
      done = true;
      if (d !== 'silent') sock.end(d);
    });
  });
}
