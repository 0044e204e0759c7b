/**
 * Property test for the per-host UDP probes: whatever a peer on loopback (127.0.31.x) answers —
 * random bytes, or truncated and bit-flipped copies of a recorded DHIP datagram, SADP ProbeMatch
 * SSDP answer and TP-Link discovery answer (test/helpers/dhip-captures.ts, sadp-captures.ts,
 * test/probes/unicast-udp.test.ts, tdp-captures.ts framed by src/lab/tdp-wire.ts)
 * — the probe resolves, never throws, ends in a status from the closed list, and every evidence
 * value is bounded and free of control characters.
 */
import { createSocket, type Socket } from 'node:dgram';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tdpDatagram } from '../../src/lab/tdp-wire.js';
import { dhipUnicastProbe } from '../../src/probes/dhip/unicast.js';
import { sadpUnicastProbe } from '../../src/probes/sadp/unicast.js';
import { ssdpUnicastProbe } from '../../src/probes/ssdp/unicast.js';
import { tdpUnicastProbe } from '../../src/probes/tdp/index.js';
import { PROBE_STATUSES } from '../../src/probes/types.js';
import { probeContext } from '../helpers/context.js';
import { DHIP_VTO_REPLY } from '../helpers/dhip-captures.js';
import { CONTROL } from '../helpers/fuzz.js';
import { SADP_DS2CD2022WD_REPLY } from '../helpers/sadp-captures.js';
import { TDP_C210_ANSWER } from '../helpers/tdp-captures.js';

const PEER = '127.0.31.211';
const DHIP = DHIP_VTO_REPLY;
const SSDP = Buffer.from(
  'HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT: \r\nLOCATION: http://127.0.31.212:1/upnp_device_desc.xml\r\n' +
    'SERVER: Linux/3.8.8, UPnP/1.0, ZheJiang Dahua Technology CO.,LTD. Upnp SDK\r\n' +
    'ST: uuid:www.dahuatech.com.device_3_0-1L047ACPAW00037\r\nUSN: uuid:www.dahuatech.com.device_3_0-1L047ACPAW00037\r\n\r\n',
);

let sock: Socket;
let next: Buffer = Buffer.alloc(0);
beforeAll(async () => {
  sock = createSocket('udp4');
  sock.on('message', (_m, from) => sock.send(next, from.port, from.address));
  await new Promise<void>((resolve) => sock.bind(0, PEER, () => resolve()));
});
afterAll(() => sock.close());

const mutated = (base: Buffer) =>
  fc
    .tuple(
      fc.nat({ max: base.length }),
      fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        maxLength: 8,
      }),
    )
    .map(([cut, flips]) => {
      const b = Buffer.from(base.subarray(0, Math.max(1, cut)));
      for (const [i, v] of flips) if (i < b.length) b[i] = v;
      return b;
    });

const replies = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 2048 }).map(Buffer.from),
  mutated(DHIP),
  mutated(Buffer.from(SADP_DS2CD2022WD_REPLY)),
  mutated(SSDP),
  mutated(tdpDatagram(TDP_C210_ANSWER)),
);

describe('unicast UDP probes under random answers', () => {
  it.each(
    [dhipUnicastProbe, sadpUnicastProbe, ssdpUnicastProbe, tdpUnicastProbe].map((p) => [p.name, p] as const),
  )(
    '%s never throws and stays bounded',
    async (_n, probe) => {
      await fc.assert(
        fc.asyncProperty(replies, async (reply) => {
          next = reply;
          const r = await probe.run(
            { ip: PEER, port: sock.address().port },
            probeContext({ limits: { timeoutMs: 120, maxBytes: 16 * 1024 }, inScope: () => false }),
          );
          expect(PROBE_STATUSES).toContain(r.status);
          for (const e of r.evidence) {
            expect(e.value.length).toBeLessThanOrEqual(1024);
            expect(CONTROL.test(e.value)).toBe(false);
          }
        }),
        { numRuns: 40 },
      );
    },
    60000,
  );
});
