/**
 * XiongMai IP search (UDP 34569): the request against python-dvr's bytes, the reply parser against
 * the recorded IPSEARCH_RSP payload (test/fixtures/xiongmai/README.md), and hostile datagrams.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { matchEvidence } from '../../src/engine/match.js';
import { makeEvidence } from '../../src/evidence/types.js';
import { MAX_SEARCH_PAYLOAD, parseXmSearchReply, xmSearchRequest } from '../../src/probes/xmsearch/parse.js';
import { decide } from '../../src/verdict/decide.js';

const RECORDED = readFileSync(new URL('../fixtures/xiongmai/ipsearch-reply.json', import.meta.url));

/** A datagram as python-dvr's SearchXM reads one: `struct "BBHIIHHI"` header, then the payload. */
function datagram(payload: Buffer, messageId = 1531, declared = payload.length): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0xff;
  h.writeUInt16LE(messageId, 14);
  h.writeUInt32LE(declared, 16);
  return Buffer.concat([h, payload]);
}

describe('XiongMai IP search', () => {
  it('asks with the bare header python-dvr packs: struct.pack("BBHIIHHI", 255, 0, 0, 0, 0, 0, 1530, 0)', () => {
    // python3 -c "import struct; print(struct.pack('BBHIIHHI', 255, 0, 0, 0, 0, 0, 1530, 0).hex())"
    expect(xmSearchRequest().toString('hex')).toBe('ff00000000000000000000000000fa0500000000');
  });

  it('reads serial, MAC, firmware and host name from the recorded reply', () => {
    expect(parseXmSearchReply(datagram(RECORDED))).toEqual({
      answer: 'NetWork.NetCommon',
      hostName: 'camera_743c',
      mac: 'dc:29:19:e2:74:3c',
      serial: '09d53d540f99b818',
      firmware: 'V5.00.R02.00030747.10010.349f17.0000000',
      buildDate: '2020-11-24 16:47:14',
      deviceType: 24,
      dvripPort: 34567,
      httpPort: 80,
    });
    // Devices end DVRIP payloads with "\n\0" (python-dvr strips NULs before parsing).
    const terminated = Buffer.concat([RECORDED, Buffer.from('\n\0')]);
    expect(parseXmSearchReply(datagram(terminated))?.serial).toBe('09d53d540f99b818');
  });

  it('names XiongMai from the reply alone, and from its firmware alone', () => {
    const lib = loadSignatureLibrary();
    const d = parseXmSearchReply(datagram(RECORDED));
    const base = { probe: 'xm-search', ip: '127.0.0.1', port: 34569, transport: 'udp' as const };
    for (const ev of [
      [makeEvidence(base, 'xm.answer', d?.answer ?? '')],
      [makeEvidence(base, 'xm.firmware', d?.firmware ?? '')],
    ]) {
      expect(decide(ev, matchEvidence(lib, ev), lib.vocabulary).oem.vendor).toBe('XiongMai');
    }
  });

  it('ignores what is not a reply: its own echoed request, other messages, other heads', () => {
    expect(parseXmSearchReply(xmSearchRequest())).toBeUndefined();
    expect(parseXmSearchReply(datagram(RECORDED, 1530))).toBeUndefined();
    expect(parseXmSearchReply(datagram(RECORDED, 1021))).toBeUndefined();
    const wrongHead = datagram(RECORDED);
    wrongHead[0] = 0x7b;
    expect(parseXmSearchReply(wrongHead)).toBeUndefined();
    expect(parseXmSearchReply(RECORDED)).toBeUndefined();
  });

  it('never trusts the declared length, and refuses oversized or malformed payloads', () => {
    expect(parseXmSearchReply(datagram(RECORDED, 1531, RECORDED.length + 1))).toBeUndefined();
    expect(parseXmSearchReply(datagram(RECORDED, 1531, 0))).toBeUndefined();
    expect(parseXmSearchReply(datagram(Buffer.alloc(MAX_SEARCH_PAYLOAD + 1, 0x20)))).toBeUndefined();
    expect(parseXmSearchReply(datagram(RECORDED.subarray(0, 200)))).toBeUndefined();
    expect(parseXmSearchReply(datagram(Buffer.from('{"Ret":100}')))).toBeUndefined();
    expect(parseXmSearchReply(datagram(Buffer.from('{"NetWork.NetCommon":[1,2]}')))).toBeUndefined();
    expect(parseXmSearchReply(Buffer.alloc(0))).toBeUndefined();
    expect(parseXmSearchReply(Buffer.from([0xff]))).toBeUndefined();
  });

  it('bounds and cleans what a hostile reply states', () => {
    // Written as text: an object literal's `__proto__` would set a prototype, not send the key.
    const hostile = Buffer.from(
      `{"NetWork.NetCommon": {"HostName": "x${'A'.repeat(5000)}", "SN": {"toString": "no"}, "MAC": "not-a-mac", ` +
        `"Version": "V\\u0000\\u0007 1", "TCPPort": 70000, "DeviceType": -3, "__proto__": {"polluted": true}}}`,
    );
    const d = parseXmSearchReply(datagram(hostile));
    expect(d?.answer).toBe('NetWork.NetCommon');
    expect(d?.hostName?.length).toBeLessThanOrEqual(64);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control bytes must be gone
    expect(d?.firmware).not.toMatch(/[\u0000-\u001f]/);
    expect(d?.serial).toBeUndefined();
    expect(d?.mac).toBeUndefined();
    expect(d?.dvripPort).toBeUndefined();
    expect(d?.deviceType).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
