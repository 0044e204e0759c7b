/**
 * A recorded DHIP reply, byte for byte: the `client.notifyDevInfo` a Dahua-built VTO2000A-2 door
 * station (vendor "General") sent to a unicast search, from the hex dump in
 * wue-iot-note/wue-iot-note.github.io docs/device-broadcast-discovery/index.md ("Dahua - UDP
 * DHCPDiscover port 37810"). Changes, each keeping the length so the recorded header stays valid:
 * 192.168.1.1 / .202 -> 127.168.1.1 / .202 (loopback); the bytes the author masked with XX are
 * filled: the MAC's first four octets with a locally administered 02:00:00:00 (the last two,
 * 4f:e5, are those of the unmasked link-local address), the link-local prefix with fe80::0:0:0,
 * and SerialNo with the unmasked MachineName (they are the same on Dahua units).
 */
export const DHIP_VTO_HEADER_HEX = '20000000444849500000000000000000b402000000000000b402000000000000';

export const DHIP_VTO_JSON =
  '{"mac":"02:00:00:00:4f:e5","method":"client.notifyDevInfo","params":{"deviceInfo":{' +
  '"AlarmInputChannels":8,"AlarmOutputChannels":0,"DeviceClass":"VTO","DeviceType":"VTO2000A-2",' +
  '"Find":"BC","HttpPort":80,"IPv4Address":{"DefaultGateway":"127.168.1.1","DhcpEnable":false,' +
  '"IPAddress":"127.168.1.202","SubnetMask":"255.255.255.0"},"IPv6Address":{"DefaultGateway":null,' +
  '"DhcpEnable":false,"IPAddress":"\\/0","LinkLocalAddress":"fe80::0000:0000:0000:4fe5\\/64"},' +
  '"Init":3222,"MachineName":"5F04690PAZF0934","Manufacturer":"General","Port":37777,' +
  '"RemoteVideoInputChannels":0,"SerialNo":"5F04690PAZF0934","Vendor":"General",' +
  '"Version":"4.300.0000000.1.R","VideoInputChannels":1,"VideoOutputChannels":16}}}';

/** The whole datagram: the recorded header, the JSON, and the recorded `\n\0` tail. */
export const DHIP_VTO_REPLY = Buffer.concat([
  Buffer.from(DHIP_VTO_HEADER_HEX, 'hex'),
  Buffer.from(DHIP_VTO_JSON, 'utf8'),
  Buffer.from('0a00', 'hex'),
]);

/** What the dhip probes read from it, in evidence order. */
export const DHIP_VTO_EVIDENCE = [
  ['dhip.device-type', 'VTO2000A-2'],
  ['dhip.vendor', 'General'],
  ['dhip.manufacturer', 'General'],
  ['dhip.firmware', '4.300.0000000.1.R'],
  ['dhip.serial', '5F04690PAZF0934'],
  ['mac.address', '02:00:00:00:4f:e5'],
];
