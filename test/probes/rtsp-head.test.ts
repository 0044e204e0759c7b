/**
 * The head of the answer to RTSP OPTIONS as the server wrote it (`rtsp.head`): the parser keeps
 * line order, header names' case and spacing; the probe records it; and every recorded head of
 * fingerprints/rtsp-head.yaml, sent by the lab's RTSP server (src/lab/rtsp.ts) as recorded, comes
 * back unchanged and names its maker, while the recorded look-alikes of
 * fingerprints/negatives/rtsp-head.yaml name nobody. Served on 127.0.89.x.
 */
import type { Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchEvidence } from '../../src/engine/match.js';
import { cleanLayout, makeEvidence } from '../../src/evidence/types.js';
import { rtspServer } from '../../src/lab/rtsp.js';
import { rtspProbe } from '../../src/probes/rtsp/index.js';
import { parseRtspHead } from '../../src/probes/rtsp/parse.js';
import { probeContext } from '../helpers/context.js';
import { servedExamplesNameTheirMaker } from '../helpers/served-examples.js';

const lib = loadSignatureLibrary();
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

let next = 1;
/** A lab RTSP server whose OPTIONS answer is `head`, sent as recorded. */
async function serving(head: string) {
  const srv = rtspServer(
    {
      options: { status: Number(/^RTSP\/1\.0 (\d{3})/.exec(head)?.[1] ?? 200), head },
      describe: { status: 404, reason: 'Not Found' },
    },
    { sent: 0, rejected: 0 },
  );
  servers.push(srv);
  const ip = `127.0.89.${next++}`;
  await new Promise<void>((r) => srv.listen(0, ip, r));
  return { ip, port: (srv.address() as { port: number }).port };
}

async function headSeen(head: string) {
  const r = await rtspProbe.run(await serving(head), probeContext());
  return r.evidence.filter((e) => e.field === 'rtsp.head');
}

describe('the OPTIONS head as written', () => {
  it('keeps line order, the names as sent and the spacing inside lines', () => {
    const r = parseRtspHead(
      Buffer.from(
        'RTSP/1.0 200 OK\r\nCseq: 1\r\nPUBLIC: OPTIONS,  DESCRIBE\r\nDate:  Tue, Dec 21 2021 12:08:36 GMT\r\n\r\n',
      ),
    );
    expect(r.ok && r.value.layout).toBe(
      'RTSP/1.0 200 OK\nCseq: 1\nPUBLIC: OPTIONS,  DESCRIBE\nDate:  Tue, Dec 21 2021 12:08:36 GMT',
    );
    expect(r.ok && r.value.headers.public).toBe('OPTIONS,  DESCRIBE');
  });

  it('normalises only line ends, control bytes and the edges', () => {
    expect(cleanLayout(' RTSP/1.0 200 OK\r\nCSeq: 1\x07\r\n\r\nDate:  x \t\r\n')).toBe(
      'RTSP/1.0 200 OK\nCSeq: 1\nDate:  x',
    );
  });

  servedExamplesNameTheirMaker('rtsp.head', headSeen);

  it("takes Hikvision's Date with a one-digit day, as a date formatter may write it", () => {
    const [hik] = lib.signatures.find((s) => s.id === 'hikvision.rtsp-head.public-date2sp')?.examples ?? [];
    const oneDigit = (hik?.value ?? '').replace(/Dec \d{2} /, 'Dec 1 ');
    expect(oneDigit).not.toBe(hik?.value);
    const ev = [
      makeEvidence({ probe: 'rtsp', ip: '127.0.0.1', port: 554, transport: 'tcp' }, 'rtsp.head', oneDigit),
    ];
    expect(matchEvidence(lib, ev).map((m) => m.signature.id)).toEqual(['hikvision.rtsp-head.public-date2sp']);
  });

  it('a head whose Date has one space is not taken for Hikvision', async () => {
    const [hik] = lib.signatures.find((s) => s.id === 'hikvision.rtsp-head.public-date2sp')?.examples ?? [];
    const oneSpace = (hik?.value ?? '').replace('Date:  ', 'Date: ');
    expect(oneSpace).not.toBe(hik?.value);
    const seen = await headSeen(oneSpace);
    expect(matchEvidence(lib, seen).filter((m) => m.signature.vendor)).toEqual([]);
  });
});
