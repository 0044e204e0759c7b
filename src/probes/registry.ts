/**
 * @module probes/registry
 * The default probe set, listed once: one descriptor per line, in the order the probes of a phase
 * run (src/probes/descriptor.ts says what a descriptor declares). TCP connects run first on every
 * host with the UDP questions alongside; the port probes then visit the ports found open; with
 * credentials the vendor APIs follow; link discovery runs once per interface. Everything below the
 * list is derived from it (src/probes/catalog.ts).
 */

import { baichuan } from './baichuan/index.js';
import { baichuanLogin } from './baichuan/login.js';
import {
  discoveryProbes,
  fieldCatalog,
  livePorts,
  liveUdpProbes,
  phaseProbes,
  portRule,
  tcpPorts,
} from './catalog.js';
import { dahuaCgi } from './dahua-cgi/index.js';
import { dvripRealm } from './dhip/dvrip-realm.js';
import { dhip } from './dhip/index.js';
import { dhipLogin } from './dhip/login.js';
import { dhipUnicast } from './dhip/unicast.js';
import { dvrip } from './dvrip/index.js';
import { foscam } from './foscam/index.js';
import { hikSdk } from './hiksdk/index.js';
import { http, https } from './http/index.js';
import { isapi } from './isapi/index.js';
import { lapi } from './lapi/index.js';
import { onvif } from './onvif/index.js';
import { reolink } from './reolink/index.js';
import { rtsp } from './rtsp/index.js';
import { rtspLogin } from './rtsp/login.js';
import { sadp } from './sadp/index.js';
import { sadpUnicast } from './sadp/unicast.js';
import { ssdp } from './ssdp/index.js';
import { ssdpUnicast } from './ssdp/unicast.js';
import { tapo } from './tapo/index.js';
import { tcp } from './tcp/index.js';
import { tdp, tdpUnicast } from './tdp/index.js';
import { tls } from './tls/index.js';
import type { DiscoveryProbe, Probe } from './types.js';
import { vapix } from './vapix/index.js';
import { vivotek } from './vivotek/index.js';
import { wsDiscovery } from './wsdiscovery/index.js';
import { wsDiscoveryMulticast } from './wsdiscovery/multicast.js';
import { xmSearch } from './xmsearch/index.js';

export const PROBES = [
  tcp,
  wsDiscovery,
  dhipUnicast,
  sadpUnicast,
  ssdpUnicast,
  tdpUnicast,
  http,
  https,
  tls,
  rtsp,
  onvif,
  dhipLogin,
  dvripRealm,
  hikSdk,
  baichuan,
  isapi,
  dahuaCgi,
  lapi,
  reolink,
  vapix,
  vivotek,
  foscam,
  tapo,
  dvrip,
  baichuanLogin,
  rtspLogin,
  wsDiscoveryMulticast,
  ssdp,
  sadp,
  dhip,
  xmSearch,
  tdp,
] as const;

/** What a port or an answer can turn out to speak: every service some probe declares. */
export type RegisteredService = (typeof PROBES)[number]['services'][number];

export const connectProbe = phaseProbes(PROBES, 'tcp-connect')[0] as Probe;
/** Asked of every target alongside the TCP connects, one datagram each. */
export const UDP_PROBES: readonly Probe[] = phaseProbes(PROBES, 'udp-unicast');
/** Of those, the ones asked only once the host has shown it is there (with the rarer TCP ports). */
export const LIVE_UDP_PROBES: ReadonlySet<Probe> = new Set(liveUdpProbes(PROBES));
/** Port probes, in the order they run on each open port. */
export const PORT_PROBES: readonly Probe[] = phaseProbes(PROBES, 'port');
/** Vendor APIs asked only with credentials, after the port probes (src/scan/host.ts), over HTTP(S)... */
export const WEB_CREDENTIALED_PROBES: readonly Probe[] = phaseProbes(PROBES, 'credentialed-web');
/** ...then on their own binary port, when it is open. */
export const SDK_CREDENTIALED_PROBES: readonly Probe[] = phaseProbes(PROBES, 'credentialed-sdk');
export const CREDENTIALED_PROBES: readonly Probe[] = [...WEB_CREDENTIALED_PROBES, ...SDK_CREDENTIALED_PROBES];
export const ALL_PROBES: readonly Probe[] = [
  connectProbe,
  ...UDP_PROBES,
  ...PORT_PROBES,
  ...CREDENTIALED_PROBES,
];
/** Link-wide multicast/broadcast discovery, run once per interface. */
export const DISCOVERY_PROBES: readonly DiscoveryProbe[] = discoveryProbes(PROBES);

/** Default TCP ports: every standard port some probe runs on. */
export const DEFAULT_TCP_PORTS: readonly number[] = tcpPorts(PROBES);
/** Of those, the ones a host is asked only once it has shown it is there. */
export const LIVE_ONLY_PORTS: readonly number[] = livePorts(PROBES);
/** Whether a probe runs on an open TCP port, given the scan's `--port-offset`. */
export const runsOn = portRule(PROBES);
/** The identity roles of the evidence fields, for the verdict, the merge and the token search. */
export const FIELDS = fieldCatalog(PROBES);
