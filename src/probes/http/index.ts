/**
 * @module probes/http
 * HTTP and HTTPS: `GET /` plus a few unauthenticated pages and vendor API endpoints (see
 * ./endpoints.ts) and, when one of those answered, a control request to a random path; it records
 * Server, realm, title, a bounded body, the favicon hashes and which vendor endpoints exist
 * (`http.endpoint`). It also asks for Dahua's web login challenge (`POST /RPC2_Login`, first
 * step only, no password: ./rpc2.ts), whose answer names the stack by its format, and Axis's
 * anonymous device information (./axis-bdi.ts); Vivotek's anonymous system_info is read where
 * it answers (../vivotek). Only when
 * `/` answered over HTTP is anything else asked. Redirects are followed only within the same host.
 */
import { type Evidence, type EvidenceField, MAX_BODY_VALUE, makeEvidence } from '../../evidence/types.js';
import { forEachLimit } from '../../scan/pool.js';
import { describeProbe, type FieldTable } from '../descriptor.js';
import { type HttpReply, probeRequest } from '../net/http.js';
import { deviceApiFields, IDENTITY_FIELDS } from '../shared/device-api.js';
import { failed } from '../status.js';
import type { Probe, ProbeContext, ProbeResult, ProbeTarget } from '../types.js';
import { ANONYMOUS_INFO } from '../vivotek/index.js';
import { parseSystemInfo } from '../vivotek/parse.js';
import { AXIS_BDI_PATH, AXIS_BDI_REQUEST, parseAxisBdi } from './axis-bdi.js';
import {
  anyEndpointExists,
  controlPath,
  type EndpointAnswer,
  endpointHints,
  VENDOR_ENDPOINTS,
} from './endpoints.js';
import { faviconMd5, faviconMmh3 } from './favicon.js';
import { authRealm, bodyText, clientRedirect, htmlTitle, sameHostRedirect } from './parse.js';
import { parseRpc2Challenge, RPC2_LOGIN_PATH, RPC2_LOGIN_REQUEST } from './rpc2.js';

/**
 * Pages asked after `/` besides the vendor endpoints: the Hikvision login page (its body names
 * the stack, see oem-and-policy-facts.md §2.5) and the Hanwha/Samsung iPOLiS monitoring page
 * (its `iPolis` Digest realm; Greenbone's detection path). None of them logs in or changes anything.
 */
export const PAGE_PATHS = ['/doc/page/login.asp', '/home/monitoring.cgi'] as const;

/** Everything asked after `/` (the control request aside): pages, vendor endpoints, favicon. */
export const EXTRA_PATHS = [...PAGE_PATHS, ...VENDOR_ENDPOINTS, '/favicon.ico'] as const;

/**
 * Requests of one port in flight at once after `/`. Each still waits for the host's connection
 * rate limit (`ctx.connectSlot`), so this only bounds a single port's burst.
 */
const PARALLEL = 4;

const MAX_REDIRECTS = 3;
/** Body bytes kept for matching; the report shows only excerpts of it. */
export const BODY_EVIDENCE_BYTES = MAX_BODY_VALUE;

/**
 * Web ports asked by default. Besides 80 and 8080: 81 (a GoaHead camera's web server,
 * home-assistant/core#14960), 85 (Swann DVRs' web client, kz/swanntools), 88 (Foscam's HTTP port,
 * CamioCam/rtsp#103 after Foscam's manual), 5000 (Dahua units answer DHIP there, ../dhip/login.ts,
 * and other web UIs listen there, so it is asked as web too) and 8899 (XiongMai's ONVIF web
 * service). The rarer 81, 85, 88 and 5000 are asked only of hosts that answered something else.
 */
const HTTP_LIVE_PORTS = [81, 85, 88, 5000];
const HTTP_PORTS = [80, ...HTTP_LIVE_PORTS, 8080, 8899];

function makeHttpProbe(scheme: 'http' | 'https'): Probe {
  return {
    name: scheme,
    description: `${scheme.toUpperCase()} banners, realms, titles, pages and favicons`,
    transport: 'tcp',
    defaultPorts: scheme === 'http' ? HTTP_PORTS : [443, 8443],
    run: (target, ctx) => runHttp(scheme, target, ctx),
  };
}

export const httpProbe: Probe = makeHttpProbe('http');
export const httpsProbe: Probe = makeHttpProbe('https');

/** What a web page shows; the free-text fields are searched for vendors' identity tokens. */
export const HTTP_FIELDS: FieldTable = {
  // Where a device names itself in passing: realms first (1 RTSP, 2 HTTP), then server names
  // (3 HTTP, 4 RTSP), then certificate names (5, 6), then scope namespaces (7), then the web
  // page's title (8: "INSTAR IP Cameras", "AXIS"), read last because pages are the device's
  // most free text.
  // A UPnP stack answers M-SEARCH and serves its description with the same SERVER string.
  'http.header.server': { text: true, selfNaming: 3, grammarOf: 'ssdp.server' },
  // A device's realm is one string on every login it offers (Dahua's `Login to <serial>`, Hikvision's
  // `IP Camera(<code>)`), so each realm field also reads the other's grammar.
  'http.auth.realm': { text: true, selfNaming: 2, grammarOf: 'rtsp.auth.realm' },
  'http.title': { text: true, selfNaming: 8 },
  'http.body': { text: true },
  'http.endpoint': {},
  'http.favicon.md5': {},
  'http.favicon.mmh3': {},
  // The unit's own MAC, read from Dahua's RPC2 login challenge.
  'mac.address': { mergeKey: 'mac' },
  // Axis's anonymous device information (./axis-bdi.ts): the maker's own API, below ONVIF's
  // GetDeviceInformation and above a discovery answer; its values are Axis's ONVIF strings.
  'vapix.brand': { manufacturer: true, brandClaim: 25, grammarOf: 'onvif.manufacturer' },
  'vapix.model': { model: 25, grammarOf: 'onvif.model' },
  'vapix.firmware': { firmware: 25, grammarOf: 'onvif.firmware' },
  'vapix.serial': { serial: 25, mergeKey: 'serial', grammarOf: 'onvif.serial' },
  // Vivotek's getparam.cgi system_info, where the anonymous directory answers it: the vendor API's
  // own values, as the credentialed read states them.
  ...deviceApiFields('device.model', 'device.firmware', 'device.serial'),
};

/** Plain HTTP also runs on open ports no probe names: web UIs move to odd ports. */
export const http = describeProbe(httpProbe, {
  phase: 'port',
  services: ['http'],
  fields: HTTP_FIELDS,
  unclaimedPorts: true,
  livePorts: HTTP_LIVE_PORTS,
});
export const https = describeProbe(httpsProbe, { phase: 'port', services: ['https'], fields: HTTP_FIELDS });

async function runHttp(
  scheme: 'http' | 'https',
  target: ProbeTarget,
  ctx: ProbeContext,
): Promise<ProbeResult> {
  const origin = `${scheme}://${target.ip}:${target.port}`;
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  const add = (field: EvidenceField, value: string | undefined, request: string) => {
    if (!value) return;
    const key = `${field}\u0000${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    evidence.push(
      makeEvidence(
        { probe: scheme, ip: target.ip, port: target.port, transport: 'tcp', request },
        field,
        value,
      ),
    );
  };

  let first: Awaited<ReturnType<typeof fetchFollowing>>;
  try {
    first = await fetchFollowing(`${origin}/`, ctx);
  } catch (err) {
    return failed(err);
  }
  record(first, add);
  let truncated = first.reply.truncated;

  // Each reply is reduced to what it yields as soon as it arrives (its body buffer is dropped),
  // and the yields are added in list order afterwards, so the evidence does not depend on which
  // answer came first.
  const yields: ({ status: number; truncated: boolean; items: Item[] } | undefined)[] = new Array(
    EXTRA_PATHS.length,
  );
  await forEachLimit(EXTRA_PATHS.keys(), PARALLEL, async (i) => {
    const path = EXTRA_PATHS[i] as string;
    if (ctx.signal.aborted) return;
    try {
      const r = await fetchFollowing(`${origin}${path}`, ctx);
      const items: Item[] = [];
      const collect: Add = (field, value, request) => items.push([field, value, request]);
      if (path === '/favicon.ico') {
        if (r.reply.status === 200 && r.reply.body.length > 0 && !r.reply.truncated) {
          collect('http.favicon.md5', faviconMd5(r.reply.body), `GET ${path}`);
          collect('http.favicon.mmh3', faviconMmh3(r.reply.body), `GET ${path}`);
        }
        // A 404 page says nothing new; anything else (200, 401, 403 with a body) may.
      } else if (path === ANONYMOUS_INFO && vivotekInfo(r, collect)) {
        // Read as the vendor API's values only (see vivotekInfo).
      } else if (r.reply.status !== 404) record(r, collect);
      yields[i] = { status: r.reply.status, truncated: r.reply.truncated && path !== '/favicon.ico', items };
    } catch (err) {
      ctx.log.debug({ path, err: (err as Error).message }, 'extra path failed');
    }
  });
  const answers: EndpointAnswer[] = [];
  EXTRA_PATHS.forEach((path, i) => {
    const y = yields[i];
    if (!y) return;
    for (const item of y.items) add(...item);
    truncated ||= y.truncated;
    if ((VENDOR_ENDPOINTS as readonly string[]).includes(path)) answers.push({ path, status: y.status });
  });
  // The control request (a random path) is needed only when some endpoint said it exists; it is
  // compared, never recorded.
  if (anyEndpointExists(answers) && !ctx.signal.aborted) {
    let control: number | undefined;
    try {
      control = (await fetchFollowing(`${origin}${controlPath()}`, ctx)).reply.status;
    } catch (err) {
      ctx.log.debug({ err: (err as Error).message }, 'control request failed');
    }
    for (const hint of endpointHints(control, answers))
      add('http.endpoint', hint, `GET ${hint.slice(hint.indexOf(' ') + 1)}`);
  }

  // Dahua's login challenge and Axis's anonymous device information: asked of every web server,
  // since a device whose pages show no banner still answers them in its own format.
  if (!ctx.signal.aborted) truncated = (await askRpc2Login(origin, ctx, add)) || truncated;
  if (!ctx.signal.aborted) truncated = (await askAxisBdi(origin, ctx, add)) || truncated;

  // Oversized replies still yield what was read, but the cut is reported.
  return truncated
    ? {
        status: 'too-large',
        evidence,
        service: scheme,
        message: `reply exceeded ${ctx.limits.maxBytes} bytes and was cut`,
      }
    : { status: 'ok', evidence, service: scheme };
}

type Add = (field: EvidenceField, value: string | undefined, request: string) => void;
type Item = Parameters<Add>;

interface Page {
  reply: HttpReply;
  request: string;
}
/** The page a GET ended on, after the pages that sent it there by a script or meta refresh. */
interface Followed extends Page {
  passed: Page[];
}

/** Evidence of the pages passed on the way (their redirect bodies name stacks too), then of the last. */
function record(f: Followed, add: Add) {
  for (const page of [...f.passed, f]) recordPage(page, add);
}

function recordPage({ reply, request }: Page, add: Add) {
  add('http.header.server', reply.headers.server, request);
  add('http.auth.realm', authRealm(reply.headers['www-authenticate']), request);
  const text = bodyText(
    reply.body.subarray(0, BODY_EVIDENCE_BYTES),
    reply.body.length > BODY_EVIDENCE_BYTES,
    reply.headers['content-type'],
  );
  add('http.title', htmlTitle(text), request);
  if (text.trim()) add('http.body', text, request);
}

/**
 * Vivotek's anonymous getparam.cgi answer (../vivotek): its system_info values as the `device.*`
 * the credentialed read states (not also as `http.body`: one answer is one observation).
 * Returns whether the reply was such an answer.
 */
function vivotekInfo({ reply, request }: Followed, add: Add): boolean {
  const info =
    reply.status === 200 && !reply.truncated ? parseSystemInfo(bodyText(reply.body, false)) : undefined;
  if (!info) return false;
  for (const [key, field] of IDENTITY_FIELDS)
    add(field, (info as Record<string, string | undefined>)[key], request);
  return true;
}

/**
 * `POST /RPC2_Login` with the first login step (./rpc2.ts): a 200 answer is recorded like any
 * page (`http.body`, with `POST /RPC2_Login` as its request) and, when it is Dahua's challenge,
 * its realm and MAC as evidence of their own; of a refusal only the headers are kept. No
 * redirect is followed; a 404 says nothing.
 * Returns whether the answer was cut at the size bound; never throws.
 */
async function askRpc2Login(origin: string, ctx: ProbeContext, add: Add): Promise<boolean> {
  const request = `POST ${RPC2_LOGIN_PATH}`;
  try {
    const reply = await probeRequest(ctx, {
      url: `${origin}${RPC2_LOGIN_PATH}`,
      method: 'POST',
      body: RPC2_LOGIN_REQUEST,
      // As the web client (and Greenbone's Dahua check) posts it.
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
        'X-Requested-With': 'XMLHttpRequest',
      },
    });
    if (reply.status === 404) return false;
    const challenge = reply.truncated ? undefined : parseRpc2Challenge(bodyText(reply.body, false));
    // A web server that is not Dahua's refuses the POST (400, 405, ...): its headers may still say
    // something, its error page says nothing the GETs did not.
    if (reply.status === 200 || challenge) recordPage({ reply, request }, add);
    else {
      add('http.header.server', reply.headers.server, request);
      add('http.auth.realm', authRealm(reply.headers['www-authenticate']), request);
    }
    if (challenge) {
      add('http.auth.realm', challenge.realm, request);
      add('mac.address', challenge.mac, request);
    }
    return reply.truncated;
  } catch (err) {
    ctx.log.debug({ path: RPC2_LOGIN_PATH, err: (err as Error).message }, 'RPC2 login question failed');
    return false;
  }
}

/**
 * `POST /axis-cgi/basicdeviceinfo.cgi` with `getAllUnrestrictedProperties` (./axis-bdi.ts): an
 * answer in Axis's format yields its brand, product number, firmware and serial as `vapix.*`
 * (not also as `http.body`: the same statements twice would count as two observations);
 * anything else (a 404, another server's refusal of the POST) says nothing the GETs did not.
 * Returns whether the answer was cut; never throws.
 */
async function askAxisBdi(origin: string, ctx: ProbeContext, add: Add): Promise<boolean> {
  const request = `POST ${AXIS_BDI_PATH}`;
  try {
    const reply = await probeRequest(ctx, {
      url: `${origin}${AXIS_BDI_PATH}`,
      method: 'POST',
      body: AXIS_BDI_REQUEST,
      headers: { 'Content-Type': 'application/json' },
    });
    const info =
      reply.status === 200 && !reply.truncated ? parseAxisBdi(bodyText(reply.body, false)) : undefined;
    if (!info) return reply.status === 200 && reply.truncated;
    add('vapix.brand', info.brand, request);
    add('vapix.model', info.model, request);
    add('vapix.firmware', info.firmware, request);
    add('vapix.serial', info.serial, request);
    return false;
  } catch (err) {
    ctx.log.debug(
      { path: AXIS_BDI_PATH, err: (err as Error).message },
      'Axis device information question failed',
    );
    return false;
  }
}

/** GET with same-host redirects (HTTP 3xx, or a script or meta refresh on a tiny page). */
async function fetchFollowing(url: string, ctx: ProbeContext): Promise<Followed> {
  const passed: Page[] = [];
  let current = url;
  for (let hop = 0; ; hop++) {
    const reply = await probeRequest(ctx, { url: current });
    const request = `GET ${new URL(current).pathname}${new URL(current).search}`;
    if (hop >= MAX_REDIRECTS) return { reply, request, passed };
    const redirect = reply.status >= 300 && reply.status < 400;
    const location = redirect
      ? reply.headers.location
      : reply.status === 200 && reply.body.length < 2048
        ? clientRedirect(reply.body.toString('latin1'))
        : undefined;
    const next = sameHostRedirect(current, location);
    if (!next || next === current) return { reply, request, passed };
    if (!redirect) passed.push({ reply, request });
    current = next;
  }
}
