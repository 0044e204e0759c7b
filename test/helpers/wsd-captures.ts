/**
 * A recorded WS-Discovery ProbeMatches of a Hikvision DS-2CD2385G1-I: the `env:Body` kept in a
 * comment of runDiscovery in Haicam/Haicam golang/discovery.go
 * @307e0a3735f0df74237b5e903be7edfe3341c6d1, tabs and line ends as there. Changes: the capture
 * keeps the Body only, so it is put in an Envelope declaring the namespaces of its prefixes
 * (`env` SOAP 1.2, `d` WS-Discovery 2005/04, `wsadis` WS-Addressing 2004/08, `dn` and `tds`
 * ONVIF); its XAddrs (192.168.124.40 and an fe80:: link-local address) are rewritten to `ip` and
 * ::1.
 */
export function wsdHikvisionReply(ip: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" ' +
      'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" ' +
      'xmlns:wsadis="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
      'xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">',
    '\t\t<env:Body>',
    '\t\t\t<d:ProbeMatches>',
    '\t\t\t\t<d:ProbeMatch>',
    '\t\t\t\t\t<wsadis:EndpointReference>',
    '\t\t\t\t\t\t<wsadis:Address>urn:uuid:aa85c000-6324-11b3-819e-5850ed1fe385</wsadis:Address>',
    '\t\t\t\t\t</wsadis:EndpointReference>',
    '\t\t\t\t\t<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>',
    '\t\t\t\t\t<d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/Profile/G onvif://www.onvif.org/Profile/T onvif://www.onvif.org/MAC/58:50:ed:1f:e3:85 onvif://www.onvif.org/hardware/DS-2CD2385G1-I onvif://www.onvif.org/name/HIKVISION%20DS-2CD2385G1-I onvif://www.onvif.org/location/city/hangzhou</d:Scopes>',
    `\t\t\t\t\t<d:XAddrs>http://${ip}/onvif/device_service http://[::1]/onvif/device_service</d:XAddrs>`,
    '\t\t\t\t\t<d:MetadataVersion>10</d:MetadataVersion>',
    '\t\t\t\t</d:ProbeMatch>',
    '\t\t\t</d:ProbeMatches>',
    '\t\t</env:Body>',
    '</env:Envelope>',
  ].join('\n');
}
