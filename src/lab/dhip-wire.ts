/**
 * @module lab/dhip-wire
 * How the simulated devices put a DHIP answer on the wire, taken from a real reply rather than
 * from the probe's encoder (so an encoder and parser that agree on a wrong framing still fail):
 * the 32-byte header and the `\n\0` tail of the `client.notifyDevInfo` a VTO2000A-2 sent to a
 * unicast search (hex dump in wue-iot-note/wue-iot-note.github.io
 * docs/device-broadcast-discovery/index.md, "Dahua - UDP DHCPDiscover port 37810"). Its body is
 * 0x2b4 bytes and the header carries that length at offsets 16 and 24; the lab writes its own
 * body's length there and changes nothing else.
 */

const RECORDED_HEADER = Buffer.from(
  '2000000044484950' + '0000000000000000' + 'b402000000000000' + 'b402000000000000',
  'hex',
);
const RECORDED_TAIL = Buffer.from('0a00', 'hex');
const LENGTH_OFFSETS = [16, 24];

/** A DHIP datagram carrying `json`, framed like the recorded reply. */
export function dhipDatagram(json: string): Buffer {
  const body = Buffer.concat([Buffer.from(json, 'utf8'), RECORDED_TAIL]);
  const header = Buffer.from(RECORDED_HEADER);
  for (const at of LENGTH_OFFSETS) header.writeUInt32LE(body.length, at);
  return Buffer.concat([header, body]);
}

/** Whether a datagram is a DHIP search: the recorded magic, then a `DHDiscover.search` call. */
export const isDhipSearch = (msg: Buffer): boolean =>
  msg.subarray(0, 8).equals(RECORDED_HEADER.subarray(0, 8)) && msg.includes('"DHDiscover.search"');
