/**
 * Verdicts from vendor discovery replies alone (no ONVIF, no HTTP), run through the real
 * signature library. Values are the published replies the discovery signatures cite
 * (fingerprints/sadp-*.yaml, dhip-*.yaml, ssdp-server.yaml, upnp-*.yaml).
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchEvidence } from '../../src/engine/match.js';
import { type EvidenceField, makeEvidence } from '../../src/evidence/types.js';
import { decide } from '../../src/verdict/decide.js';

const lib = loadSignatureLibrary();
const verdictOf = (items: [EvidenceField, string][]) => {
  const evidence = items.map(([field, value]) =>
    makeEvidence({ probe: 'test', ip: '127.0.50.1', port: 37020, transport: 'udp' }, field, value),
  );
  return decide(evidence, matchEvidence(lib, evidence), lib.vocabulary);
};

describe('verdict from discovery replies', () => {
  it('names Hikvision and fills the identity from a SADP ProbeMatch', () => {
    const v = verdictOf([
      ['sadp.device-type', '141945'],
      ['sadp.model', 'DS-2CD2385G1-I'],
      ['sadp.serial', 'DS-2CD2385G1-I20200414AAWRE33842150'],
      ['sadp.firmware', 'V5.6.2build 190701'],
      ['mac.address', '58:50:ed:1f:e3:85'],
    ]);
    expect(v.oem.vendor).toBe('Hikvision');
    expect(v.oem.confidence).toBeGreaterThan(0.99);
    expect(v).toMatchObject({
      model: 'DS-2CD2385G1-I',
      serial: 'DS-2CD2385G1-I20200414AAWRE33842150',
      firmware: 'V5.6.2build 190701',
    });
  });

  it('names Dahua from a DHIP reply whose vendor field only says "Private"', () => {
    const v = verdictOf([
      ['dhip.device-type', 'IPC-HDW1431T1-S4'],
      ['dhip.vendor', 'Private'],
      ['dhip.manufacturer', 'Private'],
      ['dhip.firmware', '2.800.0000000.13.R'],
      ['dhip.serial', '6C01E93PAG69A7D'],
    ]);
    expect(v.oem.vendor).toBe('Dahua');
    expect(v).toMatchObject({ model: 'IPC-HDW1431T1-S4', serial: '6C01E93PAG69A7D', type: 'camera' });
  });

  it('does not call an OEM from a generic UPnP SDK banner', () => {
    const v = verdictOf([['ssdp.server', 'Linux/2.6.28, UPnP/1.0, Portable SDK for UPnP devices/1.6.10']]);
    expect(v.oem.vendor).toBeNull();
  });

  it('names Axis from its SSDP banner and UPnP description, with the badge from the description', () => {
    const v = verdictOf([
      ['ssdp.server', 'Linux/4.14.173-axis8, UPnP/1.0, Portable SDK for UPnP devices/1.8.7'],
      ['upnp.manufacturer', 'AXIS'],
      ['upnp.model-name', 'AXIS M1065-LW'],
    ]);
    expect(v.oem).toMatchObject({ vendor: 'Axis', rebranded: false });
    expect(v).toMatchObject({ brand: 'Axis', model: 'M1065-LW' });
  });
});
