/**
 * The root start tag of the pre-auth GetSystemDateAndTime answer (`onvif.envelope`): the parser
 * finds it after an XML declaration and comments; the onvif probe records it, also when
 * GetDeviceInformation is refused; every recorded tag of fingerprints/onvif-envelope.yaml, sent by
 * the lab's ONVIF service (src/lab/http.ts) as recorded, comes back unchanged and names its maker,
 * while the recorded look-alikes of fingerprints/negatives/onvif-envelope.yaml name nobody.
 * Served on 127.0.90.x.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchEvidence } from '../../src/engine/match.js';
import { cleanValue } from '../../src/evidence/types.js';
import { httpHandler } from '../../src/lab/http.js';
import { onvifProbe } from '../../src/probes/onvif/index.js';
import { envelopeStartTag } from '../../src/probes/onvif/soap.js';
import { probeContext } from '../helpers/context.js';
import { closeHttpDevices, httpDevice } from '../helpers/credentialed.js';

const lib = loadSignatureLibrary();
afterAll(closeHttpDevices);

let next = 1;
/** A lab ONVIF service whose answers carry the recorded root tag and refuse GetDeviceInformation. */
async function serving(tag: string) {
  const { ip, port } = await httpDevice(
    `127.0.90.${next++}`,
    httpHandler({ id: 'envelope', onvif: { deviceInformation: 'NotAuthorized', envelope: tag } } as never),
  );
  return { ip, port };
}

async function seen(tag: string) {
  const r = await onvifProbe.run(await serving(tag), probeContext());
  return { status: r.status, items: r.evidence.filter((e) => e.field === 'onvif.envelope') };
}

describe('the ONVIF envelope start tag', () => {
  it('is found after a declaration, comments and line breaks, and bounded', () => {
    const tag = '<env:Envelope\n  xmlns:env="http://www.w3.org/2003/05/soap-envelope"\n  xmlns:tt="x">';
    expect(envelopeStartTag(`<?xml version="1.0"?>\n<!-- c -->\n${tag}<env:Body/></env:Envelope>`)).toBe(tag);
    expect(envelopeStartTag('<html><body>no soap</body></html>')).toBe('<html>');
    expect(envelopeStartTag('not xml')).toBeUndefined();
    expect(envelopeStartTag(`<a ${'x'.repeat(20000)}>`)).toBeUndefined();
  });

  const tags = lib.signatures.filter((s) => s.field === 'onvif.envelope');

  it('has recorded tags to serve', () => {
    expect(tags.length).toBeGreaterThan(0);
  });

  for (const sig of tags)
    for (const [i, ex] of sig.examples.entries())
      it(`records ${sig.id} example ${i + 1} as sent, and it names ${sig.vendor}`, async () => {
        const { status, items } = await seen(ex.value);
        // GetDeviceInformation is refused: the tag is kept with the auth-required result.
        expect(status).toBe('auth-required');
        expect(items.map((e) => e.value)).toEqual([cleanValue(ex.value, 64 * 1024)]);
        expect(matchEvidence(lib, items).map((m) => m.signature.id)).toEqual([sig.id]);
      });

  it("names nobody from other makers' tags, Hikvision's namespaces copied included", async () => {
    const negatives = lib.negatives.filter((n) => n.field === 'onvif.envelope');
    expect(negatives.length).toBeGreaterThan(0);
    for (const n of negatives) {
      const { items } = await seen(n.value);
      expect(
        items.map((e) => e.value),
        n.source,
      ).toEqual([cleanValue(n.value, 64 * 1024)]);
      expect(
        matchEvidence(lib, items).filter((m) => m.signature.vendor),
        n.source,
      ).toEqual([]);
    }
  });
});
