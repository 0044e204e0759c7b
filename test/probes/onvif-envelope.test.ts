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
import { httpHandler } from '../../src/lab/http.js';
import { onvifProbe } from '../../src/probes/onvif/index.js';
import { envelopeStartTag } from '../../src/probes/onvif/soap.js';
import { probeContext } from '../helpers/context.js';
import { closeHttpDevices, httpDevice } from '../helpers/credentialed.js';
import { servedExamplesNameTheirMaker } from '../helpers/served-examples.js';

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
  return r.evidence.filter((e) => e.field === 'onvif.envelope');
}

describe('the ONVIF envelope start tag', () => {
  it('is found after a declaration, comments and line breaks, and bounded', () => {
    const tag = '<env:Envelope\n  xmlns:env="http://www.w3.org/2003/05/soap-envelope"\n  xmlns:tt="x">';
    expect(envelopeStartTag(`<?xml version="1.0"?>\n<!-- c -->\n${tag}<env:Body/></env:Envelope>`)).toBe(tag);
    expect(envelopeStartTag('<html><body>no soap</body></html>')).toBe('<html>');
    expect(envelopeStartTag('not xml')).toBeUndefined();
    expect(envelopeStartTag(`<a ${'x'.repeat(20000)}>`)).toBeUndefined();
  });

  it('is kept when GetDeviceInformation is refused', async () => {
    const [ex] = lib.signatures.find((s) => s.field === 'onvif.envelope')?.examples ?? [];
    const r = await onvifProbe.run(await serving(ex?.value ?? ''), probeContext());
    expect(r.status).toBe('auth-required');
    expect(r.evidence.map((e) => e.field)).toEqual(['onvif.envelope']);
  });

  servedExamplesNameTheirMaker('onvif.envelope', seen);
});
