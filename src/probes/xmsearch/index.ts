/**
 * @module probes/xmsearch
 * XiongMai IP search: the bare DVRIP search frame (message 1530) broadcast on the link to UDP
 * 34569, as python-dvr's DeviceManager sends it. XiongMai-built cameras and recorders, whatever
 * badge they carry, answer with `NetWork.NetCommon` (serial, MAC, firmware) without credentials;
 * python-dvr receives the answers on port 34569 and the Besder camera in parse.ts's sources
 * broadcasts its own from and to that port, so the probe asks from it and listens on it. Whether units answer a search sent to their own
 * address is not documented, so there is no unicast variant.
 */
import type { EvidenceField } from '../../evidence/types.js';
import { describeProbe } from '../descriptor.js';
import { datagramProbe, observe } from '../net/discovery.js';
import type { DiscoveryProbe } from '../types.js';
import { parseXmSearchReply, XM_SEARCH_PORT, type XmSearchDevice, xmSearchRequest } from './parse.js';

const XM_FIELDS: [keyof XmSearchDevice, EvidenceField][] = [
  ['answer', 'xm.answer'],
  ['firmware', 'xm.firmware'],
  ['serial', 'xm.serial'],
  ['hostName', 'xm.host-name'],
  ['mac', 'mac.address'],
];

export const xmSearchProbe: DiscoveryProbe = datagramProbe({
  name: 'xm-search',
  description: 'XiongMai IP search (UDP 34569 broadcast): firmware, serial, MAC',
  service: 'xm-search',
  port: XM_SEARCH_PORT,
  broadcast: true,
  listenOnGroup: false,
  replyPort: XM_SEARCH_PORT,
  request: 'XiongMai IP search (msg 1530)',
  query: () => [xmSearchRequest()],
  parse(msg) {
    const d = parseXmSearchReply(msg);
    return d ? observe(d, XM_FIELDS) : undefined;
  },
});

export const xmSearch = describeProbe(xmSearchProbe, {
  phase: 'link-discovery',
  services: ['xm-search'],
  fields: {
    'xm.answer': {},
    // XiongMai's firmware string, in the grammar its ONVIF and DVRIP answers use.
    'xm.firmware': { firmware: 36, grammarOf: 'onvif.firmware' },
    'xm.serial': { serial: 36, mergeKey: 'serial' },
    'xm.host-name': { text: true },
    'mac.address': { mergeKey: 'mac' },
  },
});
