/**
 * @module lab/tdp-wire
 * How the simulated devices put a TP-Link discovery (TDP) answer on the wire, taken from
 * python-kasa rather than from the probe's encoder: its discovery tests serve every UDP 20002
 * answer as the same 16 header bytes followed by a device's recorded `discovery_result` JSON
 * (python-kasa/python-kasa tests/discovery_fixtures.py `_datagram` @a29d0610, unchanged since
 * 6055c29d added 20002 support). The header's length field (0x015b) is left as recorded, as
 * python-kasa leaves it: the answer is read from byte 16 on.
 */

const RECORDED_HEADER = Buffer.from('02000001015b00000000000057ce76f8', 'hex');

/**
 * A TDP answer carrying `answer` (the recorded `{"error_code":0,"result":{...}}` object), with the
 * unit's own address and MAC (dash-separated, as recorded) in `result` when the lab knows them.
 */
export function tdpDatagram(
  answer: Record<string, unknown>,
  own: { ip?: string; mac?: string } = {},
): Buffer {
  const result = answer.result;
  const fill =
    result && typeof result === 'object'
      ? {
          ...answer,
          result: {
            ...result,
            ...(own.ip ? { ip: own.ip } : {}),
            ...(own.mac ? { mac: own.mac.toUpperCase().replace(/:/g, '-') } : {}),
          },
        }
      : answer;
  return Buffer.concat([RECORDED_HEADER, Buffer.from(JSON.stringify(fill), 'utf8')]);
}

/**
 * Whether a datagram is a TDP probe as python-kasa sends it: version 2, message type 0, op code 1,
 * and a payload of the length the header states.
 */
export const isTdpProbe = (msg: Buffer): boolean =>
  msg.length > 16 &&
  msg[0] === 2 &&
  msg[1] === 0 &&
  msg.readUInt16BE(2) === 1 &&
  msg.readUInt16BE(4) === msg.length - 16;
