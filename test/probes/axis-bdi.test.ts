/**
 * Axis's anonymous Basic Device Information (issue 12, class 3: a question never asked). The
 * parser is run on the answer Axis publishes (the built-in profile src/lab/profiles/axis-camera-bdi.yaml)
 * and on hostile variants; then the HTTP probe and the whole scan run against lab devices on
 * loopback 127.0.69.x that show nothing but that answer, and must name Axis from it without
 * credentials, and nobody without it.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { loadProfiles } from '../../src/lab/profiles.js';
import { AXIS_BDI_PATH, AXIS_BDI_REQUEST, parseAxisBdi } from '../../src/probes/http/axis-bdi.js';
import { httpProbe } from '../../src/probes/http/index.js';
import { fingerprint } from '../../src/scan/device.js';
import { probeContext } from '../helpers/context.js';
import { scannedLab } from '../helpers/lab-scan.js';

const lib = loadSignatureLibrary();
const published = loadProfiles().find((p) => p.id === 'axis-camera-bdi');
const ANSWER = published?.http?.find((r) => r.path === AXIS_BDI_PATH)?.body ?? '';
const REQUEST = `POST ${AXIS_BDI_PATH}`;

describe('the Basic Device Information question', () => {
  it('is the anonymous method only, nothing that needs a login', () => {
    expect(JSON.parse(AXIS_BDI_REQUEST)).toMatchObject({ method: 'getAllUnrestrictedProperties' });
  });
});

describe('parseAxisBdi', () => {
  it('reads brand, product number, firmware and serial from the published answer', () => {
    expect(ANSWER).toContain('propertyList');
    expect(parseAxisBdi(ANSWER)).toEqual({
      brand: 'AXIS',
      model: 'Q1785-LE',
      firmware: '8.20.1',
      serial: 'ACCC8EAF8C30',
    });
  });

  it('takes an answer with only some properties, in any order', () => {
    const doc = JSON.parse(ANSWER);
    const { ProdNbr, Brand } = doc.data.propertyList;
    doc.data.propertyList = { ProdNbr, Brand };
    expect(parseAxisBdi(JSON.stringify(doc))).toEqual({ brand: 'AXIS', model: 'Q1785-LE' });
  });

  it('refuses what is not an answer: other JSON, an error, wrong types, a huge body, no JSON', () => {
    const doc = JSON.parse(ANSWER);
    const variants = [
      '',
      'not json propertyList',
      '[]',
      '{"propertyList":{"Brand":"AXIS"}}',
      // What Axis answers a method it refuses (the documentation's error format).
      '{"apiVersion":"1.0","context":"oemscan","error":{"code":2004,"message":"The method is not supported"}}',
      JSON.stringify({ ...doc, data: { propertyList: ['AXIS'] } }),
      JSON.stringify({ ...doc, data: { propertyList: { Brand: 7, ProdNbr: { x: 1 }, Version: '8.20.1' } } }),
      JSON.stringify({ ...doc, data: { propertyList: { Brand: '', ProdNbr: '   ' } } }),
      `${ANSWER}${' '.repeat(20 * 1024)}`,
    ];
    for (const v of variants) expect(parseAxisBdi(v), v.slice(0, 60)).toBeUndefined();
  });

  it('bounds each value and drops control characters', () => {
    const doc = JSON.parse(ANSWER);
    doc.data.propertyList.ProdNbr = `Q1785\u0000-LE${'X'.repeat(1000)}`;
    const model = parseAxisBdi(JSON.stringify(doc))?.model ?? '';
    expect(model.length).toBeLessThanOrEqual(128);
    expect(model).not.toContain('\u0000');
  });
});

// ---------- over the wire ----------

const OFFSET = 28200;
const PREFIX = '127.0.69';
const base = {
  description: 'Basic Device Information test device',
  sources: published?.sources ?? [],
  expect: { vendor: null, brand: null, type: 'unknown' as const, flagged: false },
};
const route = published?.http?.find((r) => r.path === AXIS_BDI_PATH);
const PROFILES: DeviceProfile[] = [
  // The built-in profile: nothing at /, the published answer to the POST.
  ...(published ? [published] : []),
  // The same bytes, but only to a GET: a question the scanner never asks must not name anyone.
  { ...base, id: 'bdi-get-only', http: [{ path: AXIS_BDI_PATH, status: 200, body: ANSWER }] },
  // A web server answering the POST with something else (Axis's error format).
  {
    ...base,
    id: 'bdi-error',
    http: [
      {
        path: AXIS_BDI_PATH,
        method: 'POST',
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: '{"apiVersion":"1.0","context":"oemscan","error":{"code":2004,"message":"The method is not supported"}}',
      },
    ],
  },
  // An answer far over the byte bound: cut, reported, no crash.
  ...(route
    ? [{ ...base, id: 'bdi-huge', http: [{ ...route, body: `${ANSWER}${' '.repeat(200 * 1024)}` }] }]
    : []),
];

const { lab, ipOf, deviceOf } = scannedLab(PREFIX, OFFSET, PROFILES, lib);
const ask = (id: string) =>
  httpProbe.run(
    { ip: ipOf(id), port: 80 + OFFSET },
    probeContext({ limits: { timeoutMs: 2000, maxBytes: 64 * 1024 } }),
  );

describe('an Axis camera that shows nothing but its anonymous device information', () => {
  it('is named Axis by the scan without credentials, with model, firmware and serial', () => {
    const d = deviceOf('axis-camera-bdi');
    expect(d?.oem.vendor).toBe('Axis');
    expect(d?.oem.probable).toBeUndefined();
    expect(d?.brand).toBe('Axis');
    expect([d?.model, d?.firmware, d?.serial]).toEqual(['Q1785-LE', '8.20.1', 'ACCC8EAF8C30']);
    expect(d?.status).toBe('clear');
  });

  it('records the answer as vapix.* once, not again as a page', async () => {
    const r = await ask('axis-camera-bdi');
    expect(r.status).toBe('ok');
    const fromPost = r.evidence.filter((e) => e.request === REQUEST);
    expect(fromPost.map((e) => e.field).sort()).toEqual([
      'vapix.brand',
      'vapix.firmware',
      'vapix.model',
      'vapix.serial',
    ]);
    const without = r.evidence.filter((e) => e.request !== REQUEST);
    expect(fingerprint(without, lib).verdict.oem.vendor).toBeNull();
  });

  it('names nobody from the same bytes served to a GET, from an error answer, or from a cut answer', async () => {
    expect(deviceOf('bdi-get-only')?.oem.vendor ?? null).toBeNull();
    expect(deviceOf('bdi-error')?.oem.vendor ?? null).toBeNull();
    const huge = await ask('bdi-huge');
    expect(huge.status).toBe('too-large');
    expect(huge.evidence.some((e) => e.field.startsWith('vapix.'))).toBe(false);
  });

  it('never logs in: the lab devices saw no credentials', () => {
    for (const d of lab().devices) expect(d.auth.sent, d.profile.id).toBe(0);
  });
});
