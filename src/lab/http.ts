/**
 * @module lab/http
 * HTTP(S) side of a simulated device: the profile's routes, and its ONVIF device service
 * (GetSystemDateAndTime always, GetDeviceInformation or a NotAuthorized fault), and the
 * credentialed vendor APIs (ISAPI, Dahua magicBox, Uniview LAPI, Axis VAPIX param.cgi) behind HTTP Digest, and
 * Reolink's token-login JSON API (./reolink.ts).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { poisonedDeviceInformation } from './chaos/behaviours.js';
import { type AuthCounter, DigestRealm } from './digest.js';
import { foscamCgi } from './foscam.js';
import type { DeviceProfile, HttpRoute } from './profile.js';
import { reolinkApi } from './reolink.js';
import { RPC2_LOGIN_PATH, rpc2Login } from './rpc2.js';
import { tapoApi } from './tapo.js';
import { xmlEscape } from './xml.js';

const SOAP_NS = 'http://www.w3.org/2003/05/soap-envelope';

const LAB_ENVELOPE =
  `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_NS}" ` +
  'xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema" ' +
  'xmlns:ter="http://www.onvif.org/ver10/error">';

/**
 * A SOAP answer: the lab's own root tag, or the device's recorded one (`onvif.envelope`, sent as
 * recorded and closed by its own name); the body's prefixes are the lab's either way.
 */
const envelopeWith =
  (tag = LAB_ENVELOPE) =>
  (body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>${tag}<SOAP-ENV:Body>${body}</SOAP-ENV:Body></${/^<([^\s>]+)/.exec(tag)?.[1] ?? 'SOAP-ENV:Envelope'}>`;

function onvifReply(
  profile: DeviceProfile,
  request: string,
  counter: AuthCounter,
): { status: number; body: string } {
  const onvif = profile.onvif;
  if (!onvif) return { status: 404, body: '' };
  const envelope = envelopeWith(onvif.envelope);
  if (/GetSystemDateAndTime/.test(request)) {
    const now = new Date();
    return {
      status: 200,
      body: envelope(
        '<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>Manual</tt:DateTimeType>' +
          '<tt:DaylightSavings>false</tt:DaylightSavings><tt:UTCDateTime>' +
          `<tt:Time><tt:Hour>${now.getUTCHours()}</tt:Hour><tt:Minute>${now.getUTCMinutes()}</tt:Minute><tt:Second>${now.getUTCSeconds()}</tt:Second></tt:Time>` +
          `<tt:Date><tt:Year>${now.getUTCFullYear()}</tt:Year><tt:Month>${now.getUTCMonth() + 1}</tt:Month><tt:Day>${now.getUTCDate()}</tt:Day></tt:Date>` +
          '</tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>',
      ),
    };
  }
  if (/GetDeviceInformation/.test(request)) {
    const poisoned = poisonedDeviceInformation(profile.hostile, envelope, profile.hostileOptions?.entityUrl);
    if (poisoned) return { status: 200, body: poisoned };
    const di = onvif.deviceInformation;
    if (di === 'NotAuthorized' || !authorised(request, onvif.account, counter))
      return notAuthorized(envelope);
    const fields = (['Manufacturer', 'Model', 'FirmwareVersion', 'SerialNumber', 'HardwareId'] as const)
      .filter((k) => di[k] !== undefined)
      .map((k) => `<tds:${k}>${xmlEscape(String(di[k]))}</tds:${k}>`)
      .join('');
    return {
      status: 200,
      body: envelope(`<tds:GetDeviceInformationResponse>${fields}</tds:GetDeviceInformationResponse>`),
    };
  }
  if (/GetNetworkInterfaces/.test(request) && onvif.hwAddress) {
    if (!authorised(request, onvif.account, counter)) return notAuthorized(envelope);
    return {
      status: 200,
      body: envelope(
        '<tds:GetNetworkInterfacesResponse><tds:NetworkInterfaces token="eth0"><tt:Enabled>true</tt:Enabled>' +
          `<tt:Info><tt:Name>eth0</tt:Name><tt:HwAddress>${xmlEscape(onvif.hwAddress)}</tt:HwAddress><tt:MTU>1500</tt:MTU></tt:Info>` +
          '</tds:NetworkInterfaces></tds:GetNetworkInterfacesResponse>',
      ),
    };
  }
  return {
    status: 400,
    body: envelope(
      '<SOAP-ENV:Fault><SOAP-ENV:Reason><SOAP-ENV:Text>Action not supported</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>',
    ),
  };
}

const notAuthorized = (envelope: (body: string) => string) => ({
  status: 400,
  body: envelope(
    '<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:Sender</SOAP-ENV:Value><SOAP-ENV:Subcode>' +
      '<SOAP-ENV:Value>ter:NotAuthorized</SOAP-ENV:Value></SOAP-ENV:Subcode></SOAP-ENV:Code>' +
      '<SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">Sender not Authorized</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>',
  ),
});

/** No account: open. With one, a valid UsernameToken is needed; every token sent counts as a login. */
function authorised(
  request: string,
  account: { username: string; password: string } | undefined,
  counter: AuthCounter,
) {
  if (!account) return true;
  if (!/UsernameToken/.test(request)) return false;
  counter.sent++;
  if (validToken(request, account)) return true;
  counter.rejected++;
  return false;
}

/** Body of a credentialed vendor-API route (ISAPI, magicBox, configManager, LAPI, VAPIX, getparam.cgi), or undefined when the path is not one. */
function vendorApiRoute(profile: DeviceProfile, url: string): { body: string; type: string } | undefined {
  const isapi = profile.isapi;
  if (isapi && url === '/ISAPI/System/deviceInfo') return { body: isapi.deviceInfo, type: 'application/xml' };
  if (profile.lapi && url === '/LAPI/V1.0/System/DeviceInfo')
    return { body: profile.lapi.deviceInfo, type: 'application/json' };
  if (isapi?.channels && url === '/ISAPI/ContentMgmt/InputProxy/channels')
    return { body: isapi.channels, type: 'application/xml' };
  const group = profile.vapix ? vapixGroup(url) : undefined;
  if (group !== undefined) {
    const body = profile.vapix?.groups[group];
    return body !== undefined ? { body, type: 'text/plain; charset=iso-8859-1' } : undefined;
  }
  const vivotek = profile.vivotek ? vivotekParams(profile.vivotek.systemInfo, url) : undefined;
  if (vivotek !== undefined) return { body: vivotek, type: 'text/html' };
  const action = /^\/cgi-bin\/magicBox\.cgi\?action=(\w+)$/.exec(url)?.[1];
  const config = /^\/cgi-bin\/configManager\.cgi\?action=getConfig&name=(\w+)$/.exec(url)?.[1];
  const body = action
    ? profile.dahuaCgi?.actions[action]
    : config
      ? profile.dahuaCgi?.configs?.[config]
      : undefined;
  return body !== undefined ? { body, type: 'text/plain;charset=utf-8' } : undefined;
}

/** The group a param.cgi list asks for (`root.Brand` and `Brand` alike), or undefined for any other URL. */
function vapixGroup(url: string): string | undefined {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  if (path !== '/axis-cgi/param.cgi') return undefined;
  const q = new URLSearchParams(query);
  const group = q.get('group');
  return q.get('action') === 'list' && group ? group.replace(/^root\./, '') : undefined;
}

/**
 * A getparam.cgi answer (any access level's directory): one `<parameter>='<value>'` line per
 * `system_info_` parameter asked that the unit has; undefined for any other URL.
 */
function vivotekParams(info: Record<string, string>, url: string): string | undefined {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  if (!/^\/cgi-bin\/(?:anonymous|viewer|operator|admin)\/getparam\.cgi$/.test(path)) return undefined;
  return query
    .split('&')
    .flatMap((name) => {
      const v = info[name.replace(/^system_info_/, '')];
      return name.startsWith('system_info_') && v !== undefined ? [`${name}='${v}'\r\n`] : [];
    })
    .join('');
}

/** WS-Security UsernameToken check: Digest = Base64(SHA-1(nonce + created + password)). */
function validToken(request: string, account: { username: string; password: string }): boolean {
  const tag = (name: string) => new RegExp(`<(?:\\w+:)?${name}\\b[^>]*>([^<]*)<`).exec(request)?.[1];
  const [user, digest, nonce, created] = [tag('Username'), tag('Password'), tag('Nonce'), tag('Created')];
  if (user !== account.username || !digest || !nonce || !created) return false;
  const expected = createHash('sha1')
    .update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created + account.password)]))
    .digest('base64');
  return expected === digest;
}

/** The deepest `below` route whose directory holds `url`. */
function below(routes: readonly HttpRoute[] | undefined, url: string, method = 'GET'): HttpRoute | undefined {
  return (routes ?? [])
    .filter((r) => r.below && url.startsWith(r.path) && (r.method ?? 'GET') === method)
    .sort((a, b) => b.path.length - a.path.length)[0];
}

export function httpHandler(profile: DeviceProfile, counter: AuthCounter = { sent: 0, rejected: 0 }) {
  const onvifPath = profile.onvif?.path ?? '/onvif/device_service';
  const account =
    profile.isapi?.account ??
    profile.dahuaCgi?.account ??
    profile.lapi?.account ??
    profile.vapix?.account ??
    profile.vivotek?.account;
  const realm = account ? new DigestRealm(account, counter) : undefined;
  const pageRealm =
    profile.httpAccount && profile.httpAccount !== account
      ? new DigestRealm(profile.httpAccount, counter)
      : profile.httpAccount
        ? realm
        : undefined;
  const reolink = profile.reolink ? reolinkApi(profile.reolink, counter) : undefined;
  const tapo = profile.tapo ? tapoApi(profile.tapo, counter) : undefined;
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size < 64 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      const url = req.url ?? '/';
      if (profile.httpServer) res.setHeader('Server', profile.httpServer);
      if (req.method === 'POST' && profile.onvif && url === onvifPath) {
        const r = onvifReply(profile, Buffer.concat(chunks).toString('utf8'), counter);
        res.writeHead(r.status, { 'Content-Type': 'application/soap+xml; charset=utf-8' });
        res.end(r.body);
        return;
      }
      // Reolink's JSON API: POST only, the command and token in the query string.
      if (req.method === 'POST' && reolink && url.split('?')[0] === '/cgi-bin/api.cgi') {
        const r = reolink(url, Buffer.concat(chunks).toString('utf8'));
        res.writeHead(r.status, { 'Content-Type': r.type });
        res.end(r.body);
        return;
      }
      // Tapo's local API: POST only, on the TLS port only, as the cameras serve it.
      if (
        req.method === 'POST' &&
        tapo &&
        (req.socket as TLSSocket).encrypted &&
        (url === '/' || url.startsWith('/stok='))
      ) {
        const r = tapo(url, Buffer.concat(chunks).toString('utf8'), req.headers);
        res.writeHead(r.status, { 'Content-Type': r.type });
        res.end(r.body);
        return;
      }
      // Foscam's CGI: the account in the query string, no HTTP authentication.
      const foscam =
        req.method === 'GET' && profile.foscam ? foscamCgi(profile.foscam, url, counter) : undefined;
      if (foscam !== undefined) {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end(foscam);
        return;
      }
      // Dahua's RPC2 login: the recorded challenge to a first step, a refusal to anything with a password.
      if (req.method === 'POST' && profile.dahuaRpc2Login && url === RPC2_LOGIN_PATH) {
        const r = rpc2Login(profile.dahuaRpc2Login, Buffer.concat(chunks).toString('utf8'), counter);
        res.writeHead(r.status, { 'Content-Type': r.type });
        res.end(r.body);
        return;
      }
      // A UPnP description whose recorded LOCATION is on the web server's own port (80).
      const upnp = profile.discovery?.ssdp;
      if (req.method === 'GET' && upnp?.description && upnp.port === 80 && url === upnp.path) {
        res.writeHead(200, { 'Content-Type': 'text/xml' }).end(upnp.description);
        return;
      }
      const api = req.method === 'GET' ? vendorApiRoute(profile, url) : undefined;
      if (api && realm) {
        const check = realm.check('GET', url, req.headers.authorization);
        if (!check.ok) {
          res.writeHead(401, { 'WWW-Authenticate': check.challenge, 'Content-Type': 'text/html' });
          res.end('<html><body>401 Unauthorized</body></html>');
          return;
        }
        res.writeHead(200, { 'Content-Type': api.type });
        res.end(api.body);
        return;
      }
      const route =
        profile.http?.find(
          (r) =>
            (r.path === url || (r.anyQuery && r.path === url.split('?')[0])) &&
            !r.below &&
            (r.method ?? 'GET') === req.method,
        ) ??
        (url === '/index.html' ? profile.http?.find((r) => r.path === '/') : undefined) ??
        below(profile.http, url, req.method);
      const answer = route ?? (profile.httpDefault ? { path: url, ...profile.httpDefault } : undefined);
      if (!answer) {
        res.writeHead(404, { 'Content-Type': 'text/html' });
        res.end('<html><body>404 Not Found</body></html>');
        return;
      }
      if (answer.auth) {
        const check = pageRealm?.check(req.method ?? 'GET', url, req.headers.authorization);
        if (!check?.ok) {
          res.writeHead(401, {
            ...(answer.headers?.Server ? { Server: answer.headers.Server } : {}),
            ...(check ? { 'WWW-Authenticate': check.challenge } : {}),
            'Content-Type': 'text/html',
          });
          res.end('<html><body>401 Unauthorized</body></html>');
          return;
        }
      }
      const body = answer.bodyBase64
        ? Buffer.from(answer.bodyBase64, 'base64')
        : Buffer.from(answer.body ?? '', 'utf8');
      // Header names are sent as written in the capture, so `Server` stays `Server`.
      res.sendDate = false;
      res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(body.length) });
      res.end(body);
    });
  };
}
