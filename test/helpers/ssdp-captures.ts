/**
 * Recorded SSDP messages shared by the parser and probe tests; each test puts its own peer
 * address where the capture had a private one.
 */

/**
 * home-assistant/core issue #46822: the SSDP search reply of a Dahua device as logged by Home
 * Assistant (header dictionary), reassembled as a wire message in the logged order; LOCATION's
 * host (192.168.1.20 in the log) is the caller's.
 */
export const ssdpDahuaReply = (host: string) =>
  [
    'HTTP/1.1 200 OK',
    'CACHE-CONTROL: max-age=1800',
    'DATE: Wed, 24 Feb 2021 02:58:42 GMT',
    'EXT: ',
    'X-User-Agent: redsonic',
    `LOCATION: http://${host}:49152/upnp_device_desc.xml`,
    'SERVER: Linux/3.8.8, UPnP/1.0, ZheJiang Dahua Technology CO.,LTD. Upnp SDK',
    'ST: uuid:www.dahuatech.com.device_3_0-1L047ACPAW00037',
    'USN: uuid:www.dahuatech.com.device_3_0-1L047ACPAW00037',
    '',
    '',
  ].join('\r\n');

/**
 * julienblitte/UniversalScanner UniversalScanner/UPnP.selftest: a NOTIFY (not an answer to a
 * search) with LF line ends, verbatim (its address is already 127.0.0.1).
 */
export const SSDP_NOTIFY =
  'NOTIFY * HTTP/1.1\nHOST:239.255.255.250:1900\nCACHE-CONTROL:max-age=1810\n' +
  'LOCATION:http://127.0.0.1/rootDesc.xml\nSERVER: Universal Scanner/0.0, Virtual/1.0\n' +
  'NT:uuid:unique-id-01234\nUSN:uuid:unique-id-01234\nNTS:ssdp:alive\n ';
