/**
 * The http probe reads a page in the charset it declares (the `Content-Type` header, else a
 * `<meta>` in the page), so a title in GB2312 or windows-1252 reaches the signatures as the text
 * a browser shows, not as Latin-1 mojibake. Served on loopback 127.0.0.1:0.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchEvidence } from '../../src/engine/match.js';
import { httpProbe } from '../../src/probes/http/index.js';
import { probeContext } from '../helpers/context.js';

// Titles of fingerprints/http-title.yaml, written here byte by byte in the page's own charset:
// 大 is B4 F3 and 华 is BB AA in GB2312 (GB/T 2312-1980 rows 20 and 27), and the en dash of
// CP Plus's title is 0x96 in windows-1252.
const DAHUA_GB2312 = Buffer.from([0xb4, 0xf3, 0xbb, 0xaa, ...Buffer.from(' WEB SERVICE')]);
const CPPLUS_1252 = Buffer.concat([Buffer.from('CPPLUS DVR '), Buffer.from([0x96]), Buffer.from('Web View')]);

const page = (title: Buffer, meta = '') =>
  Buffer.concat([Buffer.from(`<html><head>${meta}<title>`), title, Buffer.from('</title></head></html>')]);

const PAGES: Record<string, { type: string; body: Buffer }> = {
  '/header': { type: 'text/html; charset=gb2312', body: page(DAHUA_GB2312) },
  '/meta': {
    type: 'text/html',
    body: page(DAHUA_GB2312, '<meta http-equiv="Content-Type" content="text/html; charset=GB2312">'),
  },
  '/html5-meta': { type: 'text/html', body: page(CPPLUS_1252, '<meta charset="windows-1252">') },
  '/unknown-label': {
    type: 'text/html; charset=x-no-such-charset',
    body: page(Buffer.from('Caf\xe9', 'latin1')),
  },
};

let server: Server;
let port = 0;
let served = '/header';

beforeAll(async () => {
  server = createServer((req, res) => {
    const p = PAGES[served];
    if (req.url === '/' && p) res.writeHead(200, { 'Content-Type': p.type }).end(p.body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise((r) => server.close(r)));

async function titleOf(path: string) {
  served = path;
  const r = await httpProbe.run({ ip: '127.0.0.1', port }, probeContext());
  return r.evidence.filter((e) => e.field === 'http.title' && e.request === 'GET /');
}

describe('a page read in its declared charset', () => {
  const lib = loadSignatureLibrary();

  it('GB2312 declared in the Content-Type header', async () => {
    const titles = await titleOf('/header');
    expect(titles.map((e) => e.value)).toEqual(['大华 WEB SERVICE']);
    expect(matchEvidence(lib, titles).map((m) => m.signature.id)).toContain(
      'dahua.http-title.dahua-web-service',
    );
  });

  it('GB2312 declared only by the page (meta http-equiv)', async () => {
    expect((await titleOf('/meta')).map((e) => e.value)).toEqual(['大华 WEB SERVICE']);
  });

  it('windows-1252 declared by <meta charset>', async () => {
    const titles = await titleOf('/html5-meta');
    expect(titles.map((e) => e.value)).toEqual(['CPPLUS DVR –Web View']);
    expect(matchEvidence(lib, titles).map((m) => m.signature.id)).toContain('class.http-title.cpplus-dvr');
  });

  it('a label the runtime does not know falls back to UTF-8, else ISO-8859-1', async () => {
    expect((await titleOf('/unknown-label')).map((e) => e.value)).toEqual(['Café']);
  });
});
