/**
 * A recorded SADP answer to a unicast inquiry: the ProbeMatch a Hikvision DS-2CD2022WD-I
 * (firmware V5.3.3build 150630) sent back to an inquiry sent with netcat to its own address, from
 * the hex dump in wue-iot-note/wue-iot-note.github.io docs/device-broadcast-discovery/index.md
 * ("Hikvision - SADP UDP port 37020"), CRLF line ends as captured. Changes: the bytes the author
 * masked with XX are filled with zeros (Uuid, DeviceSN) and a locally administered MAC; the
 * masked IPv4 address and the 10.99.165.1 gateway are rewritten to 127.99.165.20 / .1 (loopback).
 */
export const SADP_DS2CD2022WD_REPLY = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<ProbeMatch><Uuid>00000000-0000-0000-0000-000000000000</Uuid>',
  '<Types>inquiry</Types>',
  '<DeviceType>139783</DeviceType>',
  '<DeviceDescription>DS-2CD2022WD-I</DeviceDescription>',
  '<DeviceSN>00-000000000-0000000000000000000000</DeviceSN>',
  '<CommandPort>8000</CommandPort>',
  '<HttpPort>80</HttpPort>',
  '<MAC>02-00-00-00-00-01</MAC>',
  '<IPv4Address>127.99.165.20</IPv4Address>',
  '<IPv4SubnetMask>255.255.255.0</IPv4SubnetMask>',
  '<IPv4Gateway>127.99.165.1</IPv4Gateway>',
  '<IPv6Address>::</IPv6Address>',
  '<IPv6Gateway>::</IPv6Gateway>',
  '<IPv6MaskLen>0</IPv6MaskLen>',
  '<DHCP>false</DHCP>',
  '<AnalogChannelNum>0</AnalogChannelNum>',
  '<DigitalChannelNum>1</DigitalChannelNum>',
  '<SoftwareVersion>V5.3.3build 150630</SoftwareVersion>',
  '<DSPVersion>V7.0 build 150609</DSPVersion>',
  '<BootTime>2022-09-14 18:04:42</BootTime>',
  '<ResetAbility>false</ResetAbility>',
  '<DiskNumber>0</DiskNumber>',
  '<Activated>true</Activated>',
  '<PasswordResetAbility>true</PasswordResetAbility>',
  '</ProbeMatch>',
  '',
].join('\r\n');

/** What the sadp probes read from it, in evidence order. */
export const SADP_DS2CD2022WD_EVIDENCE = [
  ['sadp.device-type', '139783'],
  ['sadp.model', 'DS-2CD2022WD-I'],
  ['sadp.serial', '00-000000000-0000000000000000000000'],
  ['sadp.firmware', 'V5.3.3build 150630'],
  ['mac.address', '02:00:00:00:00:01'],
];
