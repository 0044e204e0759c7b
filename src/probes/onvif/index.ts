/**
 * @module probes/onvif
 * ONVIF device service. Unauthenticated `GetSystemDateAndTime` (answered pre-auth by design,
 * it proves ONVIF; its root tag is kept as `onvif.envelope`) and `GetDeviceInformation`
 * (`NotAuthorized` is recorded as auth-required).
 * With credentials (through the host's login guard), GetDeviceInformation and
 * GetNetworkInterfaces (for the MAC) go through the `onvif` package with WS-UsernameToken.
 */
import { type Evidence, type EvidenceField, makeEvidence } from '../../evidence/types.js';
import { withTimeout } from '../../util/bounded.js';
import { AuthRefusedError } from '../auth/gate.js';
import { describeProbe } from '../descriptor.js';
import { httpRequest } from '../net/http.js';
import { failed } from '../status.js';
import type { Probe, ProbeContext, ProbeResult, ProbeTarget } from '../types.js';
import {
  type DeviceInformation,
  deviceInformation,
  envelopeStartTag,
  parseSoapReply,
  SOAP_ACTION,
  soapBody,
} from './soap.js';

export const DEVICE_SERVICE_PATH = '/onvif/device_service';

/**
 * Ports where the device service is asked when no WS-Discovery XAddr named one: the web ports 80
 * and 8080, 2020 (TP-Link Tapo's ONVIF service port: frigate#9905, "ONVIF Service Port: 2020" for
 * the Tapo C220; opensensor/lightNVR#333, a Tapo C545D serving ONVIF at :2020; asked only of
 * hosts that answered something else) and 8899 (XiongMai's ONVIF web service).
 */
const ONVIF_LIVE_PORTS = [2020];
const ONVIF_PORTS = [80, ...ONVIF_LIVE_PORTS, 8080, 8899];

async function call(
  op: 'GetSystemDateAndTime' | 'GetDeviceInformation',
  target: ProbeTarget,
  ctx: ProbeContext,
) {
  await ctx.connectSlot();
  const reply = await httpRequest({
    url: `http://${target.ip}:${target.port}${target.path ?? DEVICE_SERVICE_PATH}`,
    method: 'POST',
    body: soapBody(op),
    headers: { 'Content-Type': `application/soap+xml; charset=utf-8; action="${SOAP_ACTION(op)}"` },
    timeoutMs: ctx.limits.timeoutMs,
    maxBytes: ctx.limits.maxBytes,
    signal: ctx.signal,
  });
  const xml = reply.body.toString('utf8');
  return { status: reply.status, outcome: parseSoapReply(xml), xml };
}

export const onvifProbe: Probe = {
  name: 'onvif',
  description: 'ONVIF device service: GetSystemDateAndTime, GetDeviceInformation',
  transport: 'tcp',
  defaultPorts: ONVIF_PORTS,
  async run(target, ctx): Promise<ProbeResult> {
    const base = {
      probe: 'onvif',
      ip: target.ip,
      port: target.port,
      transport: 'tcp' as const,
      request: 'GetDeviceInformation',
    };
    const opening: Evidence[] = [];
    try {
      const time = await call('GetSystemDateAndTime', target, ctx);
      // No SOAP at all: not an ONVIF endpoint (a plain web server 404s or returns HTML).
      if (time.outcome.kind === 'invalid') {
        return { status: 'skipped', evidence: [], message: 'no ONVIF device service at this path' };
      }
      // The pre-auth answer's root tag: a gSOAP server declares its maker's namespace table there.
      const tag = envelopeStartTag(time.xml);
      if (tag)
        opening.push(makeEvidence({ ...base, request: 'GetSystemDateAndTime' }, 'onvif.envelope', tag));
      const result = await deviceInfoResult(target, ctx, base);
      return { ...result, evidence: [...opening, ...result.evidence] };
    } catch (err) {
      return opening.length ? { ...failed(err, opening), service: 'onvif' } : failed(err);
    }
  },
};

/** GetDeviceInformation without a login, and with one when it is refused and credentials are given. */
async function deviceInfoResult(target: ProbeTarget, ctx: ProbeContext, base: Base): Promise<ProbeResult> {
  const info = await call('GetDeviceInformation', target, ctx);
  if (info.outcome.kind === 'body') {
    const di = deviceInformation(info.outcome.body);
    // A lenient parse of broken XML can yield the response element with no field in it.
    if (di && FIELDS.some(([k]) => di[k]?.trim()))
      return { status: 'ok', evidence: toEvidence(di, base), service: 'onvif' };
  }
  const notAuthorized = info.status === 401 || (info.outcome.kind === 'fault' && info.outcome.notAuthorized);
  if (notAuthorized && ctx.credentials && ctx.auth) return await authenticated(target, ctx, base);
  return {
    status: notAuthorized ? 'auth-required' : 'protocol-error',
    evidence: [],
    service: 'onvif',
    message: notAuthorized
      ? 'GetDeviceInformation needs credentials'
      : 'unexpected GetDeviceInformation reply',
  };
}

const FIELDS: [keyof DeviceInformation, EvidenceField][] = [
  ['manufacturer', 'onvif.manufacturer'],
  ['model', 'onvif.model'],
  ['firmware', 'onvif.firmware'],
  ['serial', 'onvif.serial'],
  ['hardwareId', 'onvif.hardware-id'],
];

/** Also run on the port of an in-scope XAddr the device advertised (src/scan/host.ts). */
export const onvif = describeProbe(onvifProbe, {
  phase: 'port',
  services: ['onvif'],
  livePorts: ONVIF_LIVE_PORTS,
  fields: {
    // The badge a device claims: ONVIF's answer is read before a vendor API's.
    'onvif.manufacturer': { manufacturer: true, brandClaim: 10, video: true },
    'onvif.model': { model: 20, video: true },
    'onvif.firmware': { firmware: 20, video: true },
    'onvif.serial': { serial: 20, mergeKey: 'serial', video: true },
    'onvif.hardware-id': { video: true },
    // Names a stack through its signatures only: any ONVIF service answers with some tag.
    'onvif.envelope': {},
    'mac.address': { mergeKey: 'mac' },
  },
});

type Base = Parameters<typeof makeEvidence>[0];

function toEvidence(di: DeviceInformation, base: Base): Evidence[] {
  return FIELDS.filter(([k]) => di[k]?.trim()).map(([k, field]) =>
    makeEvidence(base, field, di[k] as string),
  );
}

/** The authenticated calls, each through the host's login guard; a refusal ends as `auth-failed`. */
async function authenticated(target: ProbeTarget, ctx: ProbeContext, base: Base): Promise<ProbeResult> {
  const cam = await camFor(target, ctx);
  try {
    const info = await guarded('ONVIF GetDeviceInformation', ctx, (cb) => cam.getDeviceInformation(cb));
    if (info.refused)
      return {
        status: 'auth-failed',
        evidence: [],
        service: 'onvif',
        message: 'ONVIF GetDeviceInformation: credentials refused; no further login is tried on this device',
      };
    const authBase = { ...base, request: 'GetDeviceInformation (authenticated)', authenticated: true };
    const evidence = toEvidence(deviceInfoOf(info.data, info.xml?.slice(0, ctx.limits.maxBytes)), authBase);
    // The MAC is a bonus: its absence or failure does not change the result.
    const nics = await guarded('ONVIF GetNetworkInterfaces', ctx, (cb) => cam.getNetworkInterfaces(cb)).catch(
      () => undefined,
    );
    const mac = nics && !nics.refused ? hwAddress(nics.data) : undefined;
    if (mac)
      evidence.push(
        makeEvidence({ ...authBase, request: 'GetNetworkInterfaces (authenticated)' }, 'mac.address', mac),
      );
    return { status: 'ok', evidence, service: 'onvif' };
  } catch (err) {
    if (err instanceof AuthRefusedError)
      return { status: 'skipped', evidence: [], service: 'onvif', message: err.message };
    return { ...failed(err), service: 'onvif' };
  }
}

type Callback = (err: Error | null, data?: unknown, xml?: string) => void;

/** One `onvif` package call inside the guard: NotAuthorized (or a refused Digest) is a refusal. */
async function guarded(label: string, ctx: ProbeContext, call: (cb: Callback) => void) {
  const gate = ctx.auth;
  if (!gate) throw new Error('no credentials');
  return gate.run(label, async () => {
    await ctx.connectSlot();
    const { err, data, xml } = await withTimeout(
      new Promise<{ err: Error | null; data?: unknown; xml?: string }>((resolve) =>
        call((err, data, xml) => resolve({ err, data, ...(xml ? { xml } : {}) })),
      ),
      ctx.limits.timeoutMs,
      ctx.signal,
    );
    if (!err) return { verdict: 'accepted' as const, value: { refused: false, data, xml } };
    const outcome = xml ? parseSoapReply(xml.slice(0, ctx.limits.maxBytes)) : undefined;
    const refused =
      (outcome?.kind === 'fault' && outcome.notAuthorized) ||
      /Digest authentication failed/.test(err.message);
    if (refused)
      return { verdict: 'rejected' as const, value: { refused: true, data: undefined, xml: undefined } };
    // Never pass the package's error on: its text is not ours to vouch for.
    throw new Error(`${label} failed`);
  });
}

/** The `onvif` package's Cam, autoconnect off and pinned to the target's address. */
async function camFor(target: ProbeTarget, ctx: ProbeContext): Promise<OnvifCam> {
  const { Cam } = (await import('onvif')) as unknown as {
    Cam: new (opts: Record<string, unknown>) => OnvifCam;
  };
  const path = target.path ?? DEVICE_SERVICE_PATH;
  const cam = new Cam({
    hostname: target.ip,
    port: target.port,
    path,
    username: ctx.credentials?.username,
    password: ctx.credentials?.password.reveal(),
    timeout: ctx.limits.timeoutMs,
    autoconnect: false,
    preserveAddress: true,
  });
  // Without connect() the package knows no service URIs and would POST `device`-service calls
  // (GetNetworkInterfaces) to the literal path "device"; pin them to the device service.
  cam.uri = { device: { path } };
  return cam;
}

/**
 * The reply's own text when it parses (the package turns numeric-looking values such as
 * `1.00` or an all-digit serial into numbers), else the package's object.
 */
function deviceInfoOf(data: unknown, xml: string | undefined): DeviceInformation {
  const reply = xml ? parseSoapReply(xml) : undefined;
  const own = reply?.kind === 'body' ? deviceInformation(reply.body) : undefined;
  if (own && FIELDS.some(([k]) => own[k]?.trim())) return own;
  const info = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const s = (k: string) => (typeof info[k] === 'string' ? (info[k] as string) : undefined);
  return {
    manufacturer: s('manufacturer'),
    model: s('model'),
    firmware: s('firmwareVersion'),
    serial: s('serialNumber'),
    hardwareId: s('hardwareId'),
  };
}

/** The first interface's `Info.HwAddress` from the package's linerased GetNetworkInterfaces answer. */
function hwAddress(data: unknown): string | undefined {
  const first = Array.isArray(data) ? data[0] : data;
  const mac = (first as { info?: { hwAddress?: unknown } } | undefined)?.info?.hwAddress;
  return typeof mac === 'string' && /^[0-9a-f]{2}([:-]?[0-9a-f]{2}){5}$/i.test(mac.trim())
    ? mac.trim()
    : undefined;
}

interface OnvifCam {
  uri: Record<string, { path: string }>;
  getDeviceInformation(cb: Callback): void;
  getNetworkInterfaces(cb: Callback): void;
}
