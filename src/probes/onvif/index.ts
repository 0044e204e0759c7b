/**
 * @module probes/onvif
 * ONVIF device service. Unauthenticated `GetSystemDateAndTime` (answered pre-auth by design,
 * it proves ONVIF) and `GetDeviceInformation` (`NotAuthorized` is recorded as auth-required).
 * With credentials, GetDeviceInformation goes through the `onvif` package with WS-Security.
 */
import { type Evidence, type EvidenceField, makeEvidence } from '../../evidence/types.js';
import { withTimeout } from '../../util/bounded.js';
import { httpRequest } from '../http/fetch.js';
import { isHttpPort } from '../ports.js';
import { failed } from '../status.js';
import type { Credentials, Probe, ProbeContext, ProbeResult, ProbeTarget } from '../types.js';
import { type DeviceInformation, deviceInformation, parseSoapReply, SOAP_ACTION, soapBody } from './soap.js';

export const DEVICE_SERVICE_PATH = '/onvif/device_service';

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
  return { status: reply.status, outcome: parseSoapReply(reply.body.toString('utf8')) };
}

export const onvifProbe: Probe = {
  name: 'onvif',
  description: 'ONVIF device service: GetSystemDateAndTime, GetDeviceInformation',
  transport: 'tcp',
  defaultPorts: [80, 8080, 8899],
  appliesTo: (port, { portOffset }) => isHttpPort(port, portOffset),
  async run(target, ctx): Promise<ProbeResult> {
    const base = {
      probe: 'onvif',
      ip: target.ip,
      port: target.port,
      transport: 'tcp' as const,
      request: 'GetDeviceInformation',
    };
    try {
      const time = await call('GetSystemDateAndTime', target, ctx);
      // No SOAP at all: not an ONVIF endpoint (a plain web server 404s or returns HTML).
      if (time.outcome.kind === 'invalid') {
        return { status: 'skipped', evidence: [], message: 'no ONVIF device service at this path' };
      }
      const info = await call('GetDeviceInformation', target, ctx);
      if (info.outcome.kind === 'body') {
        const di = deviceInformation(info.outcome.body);
        // A lenient parse of broken XML can yield the response element with no field in it.
        if (di && FIELDS.some(([k]) => di[k]?.trim()))
          return { status: 'ok', evidence: toEvidence(di, base), service: 'onvif' };
      }
      const notAuthorized =
        info.status === 401 || (info.outcome.kind === 'fault' && info.outcome.notAuthorized);
      if (notAuthorized && ctx.credentials) {
        const di = await authenticatedInfo(target, ctx.credentials, ctx);
        return {
          status: 'ok',
          evidence: toEvidence(di, { ...base, request: 'GetDeviceInformation (authenticated)' }),
          service: 'onvif',
        };
      }
      return {
        status: notAuthorized ? 'auth-required' : 'protocol-error',
        evidence: [],
        service: 'onvif',
        message: notAuthorized
          ? 'GetDeviceInformation needs credentials'
          : 'unexpected GetDeviceInformation reply',
      };
    } catch (err) {
      return failed(err);
    }
  },
};

const FIELDS: [keyof DeviceInformation, EvidenceField][] = [
  ['manufacturer', 'onvif.manufacturer'],
  ['model', 'onvif.model'],
  ['firmware', 'onvif.firmware'],
  ['serial', 'onvif.serial'],
  ['hardwareId', 'onvif.hardware-id'],
];

function toEvidence(di: DeviceInformation, base: Parameters<typeof makeEvidence>[0]): Evidence[] {
  return FIELDS.filter(([k]) => di[k]?.trim()).map(([k, field]) =>
    makeEvidence(base, field, di[k] as string),
  );
}

/** WS-UsernameToken GetDeviceInformation through the `onvif` package (autoconnect off, address pinned). */
async function authenticatedInfo(
  target: ProbeTarget,
  creds: Credentials,
  ctx: ProbeContext,
): Promise<DeviceInformation> {
  await ctx.connectSlot();
  const { Cam } = (await import('onvif')) as unknown as {
    Cam: new (opts: Record<string, unknown>) => OnvifCam;
  };
  const cam = new Cam({
    hostname: target.ip,
    port: target.port,
    path: target.path ?? DEVICE_SERVICE_PATH,
    username: creds.username,
    password: creds.password,
    timeout: ctx.limits.timeoutMs,
    autoconnect: false,
    preserveAddress: true,
  });
  const info = await withTimeout(
    new Promise<Record<string, unknown>>((resolve, reject) =>
      cam.getDeviceInformation((err, data) =>
        err ? reject(new Error('authenticated GetDeviceInformation failed')) : resolve(data ?? {}),
      ),
    ),
    ctx.limits.timeoutMs,
    ctx.signal,
  );
  const s = (k: string) => (typeof info[k] === 'string' ? (info[k] as string) : undefined);
  return {
    manufacturer: s('manufacturer'),
    model: s('model'),
    firmware: s('firmwareVersion'),
    serial: s('serialNumber'),
    hardwareId: s('hardwareId'),
  };
}

interface OnvifCam {
  getDeviceInformation(cb: (err: Error | null, info?: Record<string, unknown>) => void): void;
}
