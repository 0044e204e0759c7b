/**
 * The lab's own wire formats, kept apart from the probes' codecs. DHIP: given the recorded
 * VTO2000A-2 JSON it must give back the recorded datagram byte for byte, and it answers only a
 * DHIP search. DVRIP: its header is python-dvr's `BB2xII2xHI`, and the probe reads the lab's frames
 * and the lab reads the probe's, split anywhere.
 */
import { describe, expect, it } from 'vitest';
import { dhipDatagram, isDhipSearch } from '../../src/lab/dhip-wire.js';
import { dvripReply, dvripRequests } from '../../src/lab/dvrip-wire.js';
import { dhipSearch } from '../../src/probes/dhip/parse.js';
import { encodeFrame, FrameReader, MSG } from '../../src/probes/dvrip/frame.js';
import { parseLoginReply, payloadJson } from '../../src/probes/dvrip/parse.js';
import { DHIP_VTO_JSON, DHIP_VTO_REPLY } from '../helpers/dhip-captures.js';

describe('lab DHIP framing', () => {
  it('reproduces the recorded datagram from its JSON', () => {
    expect(dhipDatagram(DHIP_VTO_JSON).equals(DHIP_VTO_REPLY)).toBe(true);
  });

  it("writes a shorter body's length into both recorded length fields", () => {
    const d = dhipDatagram('{}');
    expect(d.readUInt32LE(16)).toBe(4);
    expect(d.readUInt32LE(24)).toBe(4);
    expect(d.subarray(32).toString('latin1')).toBe('{}\n\0');
  });

  it("answers the probe's search and nothing else", () => {
    expect(isDhipSearch(dhipSearch())).toBe(true);
    expect(isDhipSearch(DHIP_VTO_REPLY)).toBe(false);
    expect(isDhipSearch(Buffer.from('{"method":"DHDiscover.search"}'))).toBe(false);
  });
});

describe('lab DVRIP framing', () => {
  it("writes python-dvr's header and a \\n\\0-terminated JSON payload", () => {
    const f = dvripReply(0x32, 2, MSG.loginReply, { Ret: 100 });
    // head, version, 2 reserved | session | sequence | 2 packet-info | msg id 1001 | length 13
    expect(f.subarray(0, 20).toString('hex')).toBe(
      'ff000000' + '32000000' + '02000000' + '0000' + 'e903' + '0d000000',
    );
    expect(f.subarray(20).toString('latin1')).toBe('{"Ret":100}\n\0');
    const [got] = new FrameReader().push(f);
    expect(parseLoginReply(payloadJson(got?.payload ?? Buffer.alloc(0)) ?? {})).toMatchObject({ ret: 100 });
  });

  it("reads the probe's requests split at every byte, and refuses what is not DVRIP", () => {
    const bytes = Buffer.concat([
      encodeFrame({ session: 0, sequence: 1, messageId: MSG.login, body: { UserName: 'admin' } }),
      encodeFrame({ session: 0x32, sequence: 2, messageId: MSG.systemInfo, body: { Name: 'SystemInfo' } }),
    ]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const read = dvripRequests();
      const got = [...(read(bytes.subarray(0, cut)) ?? []), ...(read(bytes.subarray(cut)) ?? [])];
      expect(got).toEqual([
        { sequence: 1, messageId: MSG.login, json: { UserName: 'admin' } },
        { sequence: 2, messageId: MSG.systemInfo, json: { Name: 'SystemInfo' } },
      ]);
    }
    expect(dvripRequests()(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toBeUndefined();
  });
});
