/**
 * A vendor API's answer names the stack by its format (issue 12, class 2): an authenticated
 * ISAPI deviceInfo whose model no grammar knows is still Hikvision, because the credentialed
 * probes record the answer itself as an authenticated http.body item.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { type EvidenceField, makeEvidence } from '../../src/evidence/types.js';
import { fingerprint } from '../../src/scan/device.js';

const lib = loadSignatureLibrary();
const authed = (field: EvidenceField, value: string) =>
  makeEvidence(
    {
      probe: 'isapi',
      ip: '127.0.0.1',
      port: 80,
      transport: 'tcp',
      request: 'GET /ISAPI/System/deviceInfo',
      authenticated: true,
    },
    field,
    value,
  );

// maciej-or/hikvision_next tests/fixtures/ISAPI/System.deviceInfo/nvr.xml @b1dc1b9 (first lines),
// with the model read by the ISAPI probe; the model is replaced by one no grammar covers.
const BODY =
  '<?xml version="1.0" encoding="UTF-8" ?> <DeviceInfo version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema"> <deviceName>nvr</deviceName>';

describe('an API answer names its stack', () => {
  it('an ISAPI deviceInfo with an unknown model is Hikvision, from authenticated answers', () => {
    const { verdict } = fingerprint([authed('http.body', BODY), authed('device.model', 'XYZ-1')], lib);
    expect(verdict.oem).toMatchObject({ vendor: 'Hikvision', authenticated: true });
    expect(verdict.oem.probable).toBeUndefined();
  });

  it('without the answer body the same model names nobody', () => {
    const { verdict } = fingerprint([authed('device.model', 'XYZ-1')], lib);
    expect(verdict.oem.vendor).toBeNull();
  });
});
