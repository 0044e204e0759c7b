/**
 * @module probes/registry
 * The default probe set, listed once. TCP runs first on every host; the UDP probes run
 * alongside it; the port probes then visit only the ports found open.
 */
import { dahuaCgiProbe } from './dahua-cgi/index.js';
import { dhipProbe } from './dhip/index.js';
import { dhipUnicastProbe } from './dhip/unicast.js';
import { dvripProbe } from './dvrip/index.js';
import { httpProbe, httpsProbe } from './http/index.js';
import { isapiProbe } from './isapi/index.js';
import { lapiProbe } from './lapi/index.js';
import { onvifProbe } from './onvif/index.js';
import { reolinkProbe } from './reolink/index.js';
import { rtspProbe } from './rtsp/index.js';
import { sadpProbe } from './sadp/index.js';
import { ssdpProbe } from './ssdp/index.js';
import { ssdpUnicastProbe } from './ssdp/unicast.js';
import { tcpProbe } from './tcp/index.js';
import { tlsProbe } from './tls/index.js';
import type { DiscoveryProbe, Probe } from './types.js';
import { wsDiscoveryProbe } from './wsdiscovery/index.js';
import { wsDiscoveryMulticastProbe } from './wsdiscovery/multicast.js';

export const connectProbe = tcpProbe;
/** Asked of every target alongside the TCP connects, one datagram each (SADP is not: see docs/probes.md). */
export const UDP_PROBES: readonly Probe[] = [wsDiscoveryProbe, dhipUnicastProbe, ssdpUnicastProbe];
/** Port probes, in the order they run on each open port. */
export const PORT_PROBES: readonly Probe[] = [httpProbe, httpsProbe, tlsProbe, rtspProbe, onvifProbe];
/** Vendor APIs asked only with credentials, after the port probes (src/scan/host.ts), over HTTP(S)... */
export const WEB_CREDENTIALED_PROBES: readonly Probe[] = [isapiProbe, dahuaCgiProbe, lapiProbe, reolinkProbe];
/** ...then on their own binary port, when it is open. */
export const SDK_CREDENTIALED_PROBES: readonly Probe[] = [dvripProbe];
export const CREDENTIALED_PROBES: readonly Probe[] = [...WEB_CREDENTIALED_PROBES, ...SDK_CREDENTIALED_PROBES];
export const ALL_PROBES: readonly Probe[] = [
  connectProbe,
  ...UDP_PROBES,
  ...PORT_PROBES,
  ...CREDENTIALED_PROBES,
];
/** Link-wide multicast/broadcast discovery, run once per interface. */
export const DISCOVERY_PROBES: readonly DiscoveryProbe[] = [
  wsDiscoveryMulticastProbe,
  ssdpProbe,
  sadpProbe,
  dhipProbe,
];
