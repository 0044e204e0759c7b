/**
 * @module probes/http/endpoints
 * Vendor API endpoints asked without credentials, and the control request that decides whether
 * an answer means anything. A path that exists on one maker's stack (`401` on Dahua's magicBox,
 * Hikvision's ISAPI, Axis' param.cgi) is a hint only when the same server answers a random path
 * differently: a server that says `401` (or `200`) to everything gives no hint at all.
 *
 * The hint is recorded as `http.endpoint` = `<status> <path>` (e.g.
 * `401 /cgi-bin/magicBox.cgi?action=getDeviceType`); fingerprints/http-endpoint.yaml names the
 * maker whose documented API the path is. Bodies of these answers are recorded as `http.body` by
 * the probe as for any other page, so an answer in the vendor's own format is matched there.
 */
import { randomBytes } from 'node:crypto';
import { ANONYMOUS_INFO } from '../vivotek/index.js';

/**
 * Each path is documented for its maker by a public source (cited in http-endpoint.yaml).
 * Every one is a read-only GET that logs nothing in and changes nothing; the list is kept short
 * because every entry is one more request per HTTP port.
 */
export const VENDOR_ENDPOINTS = [
  // Hikvision ISAPI: 401 with a userCheck body without credentials (maciej-or/hikvision_next#50).
  '/ISAPI/Security/userCheck',
  '/ISAPI/System/deviceInfo',
  // Hikvision's web login, first step: the session capabilities (challenge, salt, iterations) in
  // the ISAPI XML namespace, answered before any login (Greenbone's "Hikvision IP Camera Default
  // Credentials" asks it unauthenticated, mageni/mageni
  // src/backend/scanner/plugins/2018/hikvision/gb_hikvision_ip_camera_default_credentials.nasl;
  // a DS-PHA20-P's answer in petrleocompel/hikaxpro_hacs#56). It logs nobody in.
  '/ISAPI/Security/sessionLogin/capabilities?username=admin',
  // Dahua CGI: 401 (realm `Device_CGI` or `Login to <serial>`) without credentials (rroller/dahua#583).
  '/cgi-bin/magicBox.cgi?action=getDeviceType',
  // Uniview LAPI (apache/hertzbeat home/docs/help/uniview.md; ahmofrad/netbox-sync fixture).
  '/LAPI/V1.0/System/DeviceInfo',
  // Axis VAPIX parameter list, Brand group (Kane610/axis axis/vapix/param_cgi.py).
  '/axis-cgi/param.cgi?action=list&group=root.Brand',
  // AVTECH DVR/NVR capability page, open to anyone ("nobody") by design: firmware, product type
  // and id (lexxai/lexxai.github.io _posts/2018-12-29 AVTECH DVR hidden commands; nuclei-templates
  // avtech-dvr-exposure).
  '/cgi-bin/nobody/Machine.cgi?action=get_capability',
  // Vivotek getparam.cgi in the anonymous directory: system_info where the unit leaves it open
  // (read by the web probe as the vendor API's answer). A 401 there is no hint: any server that
  // protects all of /cgi-bin/ answers so (fingerprints/http-endpoint.yaml).
  ANONYMOUS_INFO,
] as const;

/** Statuses that say "this path exists here" (anything else, notably 404, says nothing). */
const EXISTS = new Set([200, 401, 403]);

/** A path no device serves: `/` plus 16 random hex digits, new for every port asked. */
export function controlPath(): string {
  return `/${randomBytes(8).toString('hex')}`;
}

/** One answer as the endpoint check needs it: the final status, or undefined when the request failed. */
export interface EndpointAnswer {
  path: string;
  status: number | undefined;
}

/** Whether any endpoint answered with a status that says it exists: only then is the control request worth sending. */
export function anyEndpointExists(answers: readonly EndpointAnswer[]): boolean {
  return answers.some(({ status }) => status !== undefined && EXISTS.has(status));
}

/**
 * `http.endpoint` values for the answers that differ from the control's: `<status> <path>` for
 * each endpoint whose status says it exists and is not the status a random path gets. No control
 * answer (it failed or timed out), no hints: without it a difference cannot be told.
 */
export function endpointHints(control: number | undefined, answers: readonly EndpointAnswer[]): string[] {
  if (control === undefined) return [];
  const out: string[] = [];
  for (const { path, status } of answers) {
    if (status === undefined || status === control || !EXISTS.has(status)) continue;
    out.push(`${status} ${path}`);
  }
  return out;
}
