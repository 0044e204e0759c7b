/**
 * @module probes/sadp/unicast
 * Hikvision SADP inquiry asked of one host: the datagram the link-wide probe multicasts, sent
 * straight to UDP 37020 of the target. Firmware differs here: hikvision-tooling found units that
 * drop an inquiry sent to their own address, while a DS-2CD2022WD-I (V5.3.3) answered one sent
 * with netcat (wue-iot-note/wue-iot-note.github.io docs/device-broadcast-discovery/index.md). One
 * datagram per host costs nothing when nobody answers, and names a unit that does from another
 * subnet or with its web UI off (docs/probes.md).
 */

import { describeProbe } from '../descriptor.js';
import { observe } from '../net/discovery.js';
import { unicastDatagramProbe } from '../net/unicast.js';
import type { Probe } from '../types.js';
import { SADP_EVIDENCE, SADP_FIELDS } from './index.js';
import { parseSadpReply, SADP_PORT, sadpInquiry } from './parse.js';

export const sadpUnicastProbe: Probe = unicastDatagramProbe({
  name: 'sadp-unicast',
  description: 'Hikvision SADP inquiry by unicast to UDP 37020: model, serial, firmware, MAC',
  service: 'sadp',
  port: SADP_PORT,
  request: 'SADP inquiry (unicast)',
  query: () => sadpInquiry(),
  parse: parseSadpReply,
  complete: async (d) => ({ observations: observe(d, SADP_FIELDS) }),
});

export const sadpUnicast = describeProbe(sadpUnicastProbe, {
  phase: 'udp-unicast',
  services: ['sadp'],
  fields: SADP_EVIDENCE,
});
