/**
 * TP-Link discovery by unicast (issue 12, class 3: a question never asked). The request is checked
 * against python-kasa's own constants, the parser against the answers python-kasa recorded from a
 * Tapo C210 camera and a D130 doorbell (test/helpers/tdp-captures.ts) and hostile variants; then
 * lab devices on loopback 127.0.74.x that answer nothing but that datagram (framed from recorded
 * bytes, src/lab/tdp-wire.ts) are scanned, and must be named TP-Link without credentials.
 */
import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { tdpDatagram } from '../../src/lab/tdp-wire.js';
import { UDP_PROBES } from '../../src/probes/registry.js';
import { tdpUnicastProbe } from '../../src/probes/tdp/index.js';
import {
  parseTdpReply,
  sealTdp,
  TDP_PORT,
  TDP_PUBLIC_KEY,
  tdpProbeDatagram,
} from '../../src/probes/tdp/parse.js';
import { probeContext } from '../helpers/context.js';
import { scannedLab } from '../helpers/lab-scan.js';
import { TDP_C210_ANSWER, TDP_D130_ANSWER } from '../helpers/tdp-captures.js';

const lib = loadSignatureLibrary();

describe('the TDP probe datagram', () => {
  it('seals a datagram with the CRC rule that gives python-kasa DISCOVERY_QUERY_2', () => {
    // kasa/discover.py: DISCOVERY_QUERY_2 = unhexlify("020000010000000000000000463cb5d3").
    expect(sealTdp(Buffer.from('02000001000000000000000000000000', 'hex')).toString('hex')).toBe(
      '020000010000000000000000463cb5d3',
    );
  });

  it('is the probe python-kasa sends: version 2, op 1, flags 17, its length, its CRC, an RSA key', () => {
    const pem = TDP_PUBLIC_KEY;
    const d = tdpProbeDatagram(pem, 0x01020304);
    expect([...d.subarray(0, 4)]).toEqual([2, 0, 0, 1]);
    expect(d.readUInt16BE(4)).toBe(d.length - 16);
    expect([d[6], d[7], d.readUInt32BE(8)]).toEqual([17, 0, 0x01020304]);
    expect(sealTdp(d).equals(d)).toBe(true);
    expect(JSON.parse(d.subarray(16).toString('utf8'))).toEqual({ params: { rsa_key: pem } });
    const key = createPublicKey(pem);
    expect([key.asymmetricKeyType, key.asymmetricKeyDetails?.modulusLength]).toEqual(['rsa', 2048]);
  });

  it('is asked of every target on UDP 20002', () => {
    expect(UDP_PROBES.map((p) => p.name)).toContain('tdp-unicast');
    expect(tdpUnicastProbe.defaultPorts).toEqual([TDP_PORT]);
  });
});

describe('parseTdpReply', () => {
  it('reads class, model, firmware and MAC from the recorded answers', () => {
    expect(parseTdpReply(tdpDatagram(TDP_C210_ANSWER))).toEqual({
      deviceType: 'SMART.IPCAMERA',
      model: 'C210',
      firmware: '1.4.3 Build 241010 Rel.33858n',
      mac: '40:ae:30:00:00:00',
    });
    expect(parseTdpReply(tdpDatagram(TDP_D130_ANSWER))?.deviceType).toBe('SMART.TAPODOORBELL');
  });

  it('refuses what is not an answer: our own probe, junk, other versions, no device_type, wrong types', () => {
    const answer = tdpDatagram(TDP_C210_ANSWER);
    const other = Buffer.from(answer);
    other[0] = 1;
    const variants = [
      tdpProbeDatagram(TDP_PUBLIC_KEY, 7),
      Buffer.alloc(16, 2),
      Buffer.from('\u0002junk{"result":'),
      other,
      tdpDatagram({ error_code: 0, result: { device_model: 'C210' } }),
      tdpDatagram({ error_code: 0, result: { device_type: ['SMART.IPCAMERA'] } }),
      tdpDatagram({ error_code: 0, result: 'SMART.IPCAMERA' }),
    ];
    for (const v of variants) expect(parseTdpReply(v)).toBeUndefined();
  });

  it('bounds every value and drops a MAC that is not one', () => {
    const long = tdpDatagram({
      error_code: 0,
      result: { device_type: `SMART.${'X'.repeat(5000)}`, device_model: 'C\u0000210', mac: 'not-a-mac' },
    });
    const d = parseTdpReply(long);
    expect(d?.deviceType.length).toBeLessThanOrEqual(64);
    expect(d?.mac).toBeUndefined();
    expect(d?.model).not.toContain('\u0000');
  });
});

const PREFIX = '127.0.74';
const OFFSET = 27300;
const base = {
  sources: ['test/helpers/tdp-captures.ts (python-kasa recorded discovery answers)'],
  expect: { vendor: null, brand: null, type: 'unknown' as const, flagged: false },
};
const PROFILES: DeviceProfile[] = [
  {
    ...base,
    id: 'tapo-c210',
    description: 'Tapo C210: TDP only',
    discovery: { tdp: { answer: TDP_C210_ANSWER } },
  },
  {
    ...base,
    id: 'tapo-d130',
    description: 'Tapo D130: TDP only',
    discovery: { tdp: { answer: TDP_D130_ANSWER } },
  },
  // The same answer without its product class: nothing names the maker but the MAC's OUI.
  {
    ...base,
    id: 'tdp-no-class',
    description: 'a TDP answer with no device_type',
    discovery: { tdp: { answer: { error_code: 0, result: { device_model: 'C210' } } } },
  },
];

const { deviceOf } = scannedLab(PREFIX, OFFSET, PROFILES, lib);

describe('a Tapo unit that answers nothing but TP-Link discovery', () => {
  it('is found and named TP-Link with model and firmware, without credentials', () => {
    const cam = deviceOf('tapo-c210');
    expect(cam?.brand).toBe('TP-Link');
    expect(cam?.oem.vendor).toBeNull();
    expect(cam?.type).toBe('camera');
    expect([cam?.model, cam?.firmware]).toEqual(['C210', '1.4.3 Build 241010 Rel.33858n']);
    // A badge that builds its own cameras: no vendor of concern behind it, and no OEM to name.
    expect(cam?.status).toBe('unverified');
    expect(cam?.flags).toEqual([]);
    const bell = deviceOf('tapo-d130');
    expect([bell?.brand, bell?.type]).toEqual(['TP-Link', 'doorbell']);
  });

  it('is not typed a camera from an answer without its product class', () => {
    const d = deviceOf('tdp-no-class');
    expect(d?.type).not.toBe('camera');
  });

  it('a host with nothing on UDP 20002 ends as refused, with no evidence', async () => {
    const r = await tdpUnicastProbe.run(
      { ip: `${PREFIX}.200`, port: TDP_PORT + OFFSET },
      probeContext({ limits: { timeoutMs: 300, maxBytes: 32 * 1024 } }),
    );
    expect(r.status).toBe('refused');
    expect(r.evidence).toEqual([]);
  });
});
