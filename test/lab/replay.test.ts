/**
 * lab/replay over the wire: a record's values, served as a lab host, are what the real scan
 * records. Every signature example of the replayable unauthenticated fields is served as a
 * one-item record and must come back unchanged (up to evidence normalisation); the device.*
 * items of the real-device records, replayed through each authenticated API, must be seen with
 * the lab account and never without it; pages recorded after login stay behind it.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOffset } from '../../src/cli/commands/lab.js';
import { DEFAULTS } from '../../src/cli/options.js';
import { singleCredential } from '../../src/credentials/load.js';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { cleanValue, type EvidenceField, normaliseValue } from '../../src/evidence/types.js';
import { parseDn, replayProfile } from '../../src/lab/replay.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import { resolvePolicies } from '../../src/policy/load.js';
import { credentialedGet } from '../../src/probes/auth/digest.js';
import { clientRedirect } from '../../src/probes/http/parse.js';
import { httpRequest } from '../../src/probes/net/http.js';
import type { Report } from '../../src/report/types.js';
import { runScan } from '../../src/scan/run.js';
import { resolveTargets } from '../../src/targets/index.js';
import { loadRecords, type RealDeviceRecord, type RecordApi } from '../../src/validation/records.js';

const lib = loadSignatureLibrary();
const off = defaultOffset();
const password = randomBytes(12).toString('hex');

/** Fields a unicast scan asks for wherever the converter serves them. */
const WIRE_FIELDS = new Set<EvidenceField>([
  'http.header.server',
  'http.auth.realm',
  'http.title',
  'http.body',
  'tls.subject',
  'tls.issuer',
  'rtsp.header.server',
  'rtsp.auth.realm',
  'rtsp.head',
  'onvif.envelope',
  'onvif.manufacturer',
  'onvif.model',
  'onvif.firmware',
  'onvif.serial',
  'onvif.hardware-id',
  'wsd.scope',
]);

const exampleRecords: RealDeviceRecord[] = lib.signatures
  .filter((s) => WIRE_FIELDS.has(s.field))
  .flatMap((s) =>
    s.examples.map((e, i) => ({
      name: `${s.id} example ${i}`,
      source: e.source,
      truth: null,
      evidence: [{ field: s.field, value: e.value }],
      file: s.file,
    })),
  );

/** Where the device.* items came from, as the records' sources say (magicBox, ISAPI). */
const deviceFields = (r: RealDeviceRecord) =>
  new Set(r.evidence.filter((e) => e.field.startsWith('device.')).map((e) => e.field)).size;
/** The records richest in device.* items (a dozen is plenty to exercise each API). */
const deviceRecords = loadRecords()
  .filter((r) => deviceFields(r) > 0)
  .sort((a, b) => deviceFields(b) - deviceFields(a) || a.name.localeCompare(b.name))
  .slice(0, 12);
const APIS: RecordApi[] = ['isapi', 'dahua-cgi', 'lapi', 'dvrip', 'onvif', 'reolink', 'vapix'];
const apiRecords = APIS.flatMap((api) =>
  deviceRecords.map((r) => ({ ...r, name: `${r.name} via ${api}`, api })),
);
/** What each API's probe records a device.* item as. */
const seenAs = (api: RecordApi, f: EvidenceField): EvidenceField =>
  api !== 'onvif'
    ? f
    : (({
        'device.manufacturer': 'onvif.manufacturer',
        'device.model': 'onvif.model',
        'device.firmware': 'onvif.firmware',
        'device.serial': 'onvif.serial',
        'device.hardware': 'onvif.hardware-id',
      }[f as string] ?? f) as EvidenceField);

const replays = [...exampleRecords, ...apiRecords].map((r, i) => replayProfile(r, `t-${i}`, password));
const labs: Lab[] = [];
let plain: Report;
let withCreds: Report;

async function scan(ips: string[], credentials: boolean, ports = DEFAULTS.ports) {
  const specs = [...new Set(ips.map((ip) => ip.split('.').slice(0, 3).join('.')))].map((p) => {
    const last = ips.filter((ip) => ip.startsWith(`${p}.`)).map((ip) => Number(ip.split('.')[3]));
    return `${p}.${Math.min(...last)}-${Math.max(...last)}`;
  });
  return runScan({
    targets: await resolveTargets(specs),
    library: lib,
    policies: resolvePolicies(undefined, lib.vocabulary),
    ports,
    portOffset: off,
    // Generous per-request time: hundreds of hosts share this machine with other tests.
    limits: { timeoutMs: 3000, maxBytes: DEFAULTS.maxBytes },
    hostBudgetMs: DEFAULTS.hostBudgetMs,
    concurrency: 128,
    rate: 0,
    maxHostRate: 0,
    log: pino({ level: 'silent' }),
    ...(credentials ? { credentials: singleCredential('validator', password) } : {}),
  });
}

beforeAll(async () => {
  for (let k = 0; k * 240 < replays.length; k++)
    labs.push(
      await startLab({
        prefix: `127.0.${46 + k}`,
        first: 11,
        portOffset: off,
        profiles: replays.slice(k * 240, (k + 1) * 240).map((r) => r.profile),
      }),
    );
  const ips = labs.flatMap((l) => l.devices.map((d) => d.ip));
  let t = Date.now();
  plain = await scan(ips, false);
  console.log(`${ips.length} hosts without credentials: ${Date.now() - t} ms`);
  t = Date.now();
  withCreds = await scan(ips, true);
  console.log(`with credentials: ${Date.now() - t} ms`);
}, 60_000);

afterAll(async () => {
  for (const l of labs) await l.stop();
});

const dnKey = (dn: string) =>
  dn.replace(/(^|, )([A-Za-z]+)=/g, (_, sep, t: string) => `${sep}${t.toLowerCase()}=`);
const index = new Map<Report, Map<string, Report['devices'][number]>>();
const seen = (report: Report, i: number) => {
  let byIp = index.get(report);
  if (!byIp) {
    byIp = new Map(report.devices.filter((d) => !d.via).map((d) => [d.ip, d]));
    index.set(report, byIp);
  }
  const ip = labs.flatMap((l) => l.devices)[i]?.ip ?? '';
  return byIp.get(ip)?.evidence ?? [];
};

describe('replayed records over the wire', () => {
  it('parses recorded certificate names in order, with values that hold commas', () => {
    const dns = lib.signatures.filter((s) => s.field.startsWith('tls.')).flatMap((s) => s.examples);
    expect(dns.length).toBeGreaterThan(0);
    for (const e of dns) {
      const name = parseDn(e.value);
      expect(name?.attributes?.map((a) => `${a.type}=${a.value}`).join(', '), e.value).toBe(e.value);
    }
  });

  it('serves every signature example of the unauthenticated fields exactly as recorded', () => {
    const failures: string[] = [];
    exampleRecords.forEach((r, i) => {
      for (const item of replays[i]?.served ?? []) {
        const want = normaliseValue(item.field, item.value);
        // A known difference of the scan, not of the replay: a tiny page with a script redirect
        // is followed.
        if (item.field === 'http.body' && clientRedirect(item.value)) continue;
        const got = seen(plain, i).filter((e) => e.field === item.field);
        const ok = got.some((e) => {
          // A matched body is reported as an excerpt around the match.
          if (item.field === 'http.body') {
            const part = e.value.replace(/^…|…$/g, '');
            return want.includes(part) || part.includes(want);
          }
          // Node names DN attributes its own way (`serialNumber`, not `SERIALNUMBER`).
          if (item.field.startsWith('tls.')) return dnKey(e.value) === dnKey(want);
          return e.value === want;
        });
        if (!ok) failures.push(`${r.name}: ${item.field} ${JSON.stringify(want)} not seen`);
      }
    });
    expect(failures).toEqual([]);
  });

  it('answers device.* items through each API only with the lab account', () => {
    expect(apiRecords.length).toBeGreaterThan(0);
    const failures: string[] = [];
    apiRecords.forEach((r, j) => {
      const i = exampleRecords.length + j;
      const served = (replays[i]?.served ?? []).filter((s) => s.field.startsWith('device.'));
      for (const item of served) {
        const field = seenAs(r.api as RecordApi, item.field);
        const want = cleanValue(item.value);
        const auth = seen(withCreds, i).some((e) => e.field === field && e.value === want && e.authenticated);
        const open = seen(plain, i).some((e) => e.field === field && e.value === want);
        if (!auth || open) failures.push(`${r.name}: ${field} ${want} with=${auth} without=${open}`);
      }
    });
    expect(failures).toEqual([]);
  });

  const example = (field: EvidenceField) =>
    lib.signatures.find((s) => s.field === field)?.examples[0]?.value ?? '';

  it('keeps a page recorded after login behind the lab account', async () => {
    const title = example('http.title');
    const record: RealDeviceRecord = {
      name: 'auth page',
      source: 'test',
      truth: null,
      file: 'test',
      evidence: [
        { field: 'http.header.server', value: example('http.header.server') },
        { field: 'http.title', value: title, path: '/doc/page/main.asp', auth: true },
      ],
    };
    const { profile, served } = replayProfile(record, 'auth-page', password);
    expect(served).toHaveLength(2);
    const lab = await startLab({ prefix: '127.0.44', portOffset: off, profiles: [profile] });
    try {
      const url = `http://${lab.devices[0]?.ip}:${80 + off}/doc/page/main.asp`;
      const opts = { timeoutMs: 2000, maxBytes: 65536, signal: new AbortController().signal };
      const open = await httpRequest({ url, ...opts });
      expect(open.status).toBe(401);
      expect(open.body.toString()).not.toContain(title);
      const creds = singleCredential('validator', password)('127.0.0.1');
      if (!creds) throw new Error('no credentials');
      const { value } = await credentialedGet(url, creds, {
        connectSlot: async () => {},
        limits: { timeoutMs: 2000, maxBytes: 65536 },
        signal: opts.signal,
      });
      expect(value.status).toBe(200);
      expect(value.body.toString()).toContain(`<title>${title}</title>`);
    } finally {
      await lab.stop();
    }
  });

  it("serves a realm on its whole directory and a port's Server header on every answer", async () => {
    const realm = example('http.auth.realm');
    const server = example('http.header.server');
    const record: RealDeviceRecord = {
      name: 'realm below',
      source: 'test',
      truth: null,
      file: 'test',
      evidence: [
        { field: 'http.auth.realm', value: realm, path: '/axis-cgi/com/ptz.cgi' },
        { field: 'http.header.server', value: server, path: '/axis-cgi/com/ptz.cgi' },
      ],
    };
    const { profile } = replayProfile(record, 'realm-below', password);
    const lab = await startLab({ prefix: '127.0.44', portOffset: off, profiles: [profile] });
    try {
      const get = (path: string) =>
        httpRequest({
          url: `http://${lab.devices[0]?.ip}:${80 + off}${path}`,
          timeoutMs: 2000,
          maxBytes: 65536,
          signal: new AbortController().signal,
        });
      const sibling = await get('/axis-cgi/param.cgi?action=list');
      expect(sibling.status).toBe(401);
      expect(String(sibling.headers['www-authenticate'])).toContain(`realm="${realm}"`);
      const outside = await get('/index.htm');
      expect(outside.status).toBe(404);
      expect(outside.headers.server).toBe(server);
    } finally {
      await lab.stop();
    }
  });

  it('serves ONVIF and RTSP on their recorded ports, where a scan asks for them', async () => {
    // The ports are where real units serve these: Tapo's ONVIF service port 2020 (frigate#9905),
    // RTSP on 8554 (GeoVision, OVISS) and 10554 (Hikvision DS-7600), CamioCam/rtsp paths.csv.
    const record = (name: string, evidence: RealDeviceRecord['evidence']): RealDeviceRecord => ({
      name,
      source: 'test',
      truth: null,
      file: 'test',
      evidence,
    });
    const onvif = record('onvif', [
      { field: 'onvif.manufacturer', value: example('onvif.manufacturer'), port: 2020 },
      { field: 'onvif.model', value: example('onvif.model'), port: 2020 },
      { field: 'wsd.scope', value: example('wsd.scope') },
    ]);
    const rtspAlt = record('rtsp 8554', [
      { field: 'rtsp.header.server', value: example('rtsp.header.server'), port: 8554 },
    ]);
    const rtspHik = record('rtsp 10554', [
      { field: 'rtsp.auth.realm', value: example('rtsp.auth.realm'), port: 10554 },
    ]);
    const records = [onvif, rtspAlt, rtspHik];
    const profiles = records.map((r, i) => replayProfile(r, `port-${i}`, password).profile);
    expect(profiles[0]?.onvif?.port).toBe(2020);
    const lab = await startLab({ prefix: '127.0.44', portOffset: off, profiles });
    try {
      const report = await scan(
        lab.devices.map((d) => d.ip),
        false,
      );
      records.forEach((r, i) => {
        const ip = lab.devices[i]?.ip;
        const evidence = report.devices.find((d) => d.ip === ip && !d.via)?.evidence ?? [];
        for (const item of r.evidence.filter((e) => e.port !== undefined)) {
          const at = evidence.filter((e) => e.field === item.field && e.value === cleanValue(item.value));
          expect(
            at.map((e) => (e.port ?? 0) - off),
            `${r.name}: ${item.field}`,
          ).toContain(item.port);
        }
      });
      // WS-Discovery names the device service's own port, as a Tapo's XAddrs do.
      const xaddrs = report.devices.find((d) => d.ip === lab.devices[0]?.ip)?.evidence ?? [];
      expect(xaddrs.filter((e) => e.field === 'wsd.xaddr').map((e) => e.value)).toEqual([
        `http://${lab.devices[0]?.ip}:${2020 + off}/onvif/device_service`,
      ]);
      // The port an XAddr names on the device itself is asked even when the scan's list lacks it.
      const ip = lab.devices[0]?.ip ?? '';
      const narrow = await scan([ip], false, [554]);
      const device = narrow.devices.find((d) => d.ip === ip);
      expect(
        device?.evidence.filter((e) => e.field === 'onvif.model').map((e) => (e.port ?? 0) - off),
      ).toEqual([2020]);
      expect(device?.services.map((x) => [x.port - off, x.service])).toContainEqual([2020, 'onvif']);
    } finally {
      await lab.stop();
    }
  });

  it('counts what cannot be served on loopback instead of faking it', () => {
    const { served, notReplayable } = replayProfile(
      {
        name: 'mac and favicon',
        source: 'test',
        truth: null,
        file: 'test',
        evidence: [
          { field: 'mac.address', value: 'c0-56-e3-fe-42-92' }, // sadp-captures.yaml (sergei.nz)
          { field: 'http.favicon.md5', value: example('http.favicon.md5') },
          { field: 'device.model', value: 'DS-2CD2432F-IW' }, // same capture; no `api` given
        ],
      },
      'nr',
      password,
    );
    expect(served).toEqual([]);
    expect(notReplayable.map((n) => n.field)).toEqual(['mac.address', 'http.favicon.md5', 'device.model']);
    // A field no probe records (a blind set's own name for the Server header) says so.
    const foreign = replayProfile(
      {
        name: 'foreign field',
        source: 'test',
        truth: null,
        file: 'test',
        evidence: [{ field: 'http.server' as EvidenceField, value: 'DNVRS-Webs' }],
      },
      'nf',
      password,
    );
    expect(foreign.notReplayable).toEqual([
      { field: 'http.server', value: 'DNVRS-Webs', reason: 'not an evidence field oemscan records' },
    ]);
  });

  it('serves SADP on loopback only where the source shows an answer to a unicast inquiry', () => {
    // sadp-captures.yaml (wue-iot-note): the DS-2CD2022WD-I that answered netcat's inquiry.
    const record: RealDeviceRecord = {
      name: 'sadp',
      source: 'test',
      truth: null,
      file: 'test',
      evidence: [{ field: 'sadp.model', value: 'DS-2CD2022WD-I' }],
    };
    const groupOnly = replayProfile(record, 'sadp-group', password);
    expect(groupOnly.notReplayable.map((n) => n.field)).toEqual(['sadp.model']);
    const unicast = replayProfile({ ...record, sadpUnicast: true }, 'sadp-unicast', password);
    expect(unicast.served.map((i) => i.field)).toEqual(['sadp.model']);
    expect(unicast.profile.discovery).toMatchObject({
      sadpUnicast: true,
      sadp: { DeviceDescription: 'DS-2CD2022WD-I' },
    });
  });

  it('on a link, gives the recorded MAC to the interface in one spelling, never a group address', () => {
    const record = (value: string): RealDeviceRecord => ({
      name: value,
      source: 'test',
      truth: null,
      file: 'test',
      evidence: [{ field: 'mac.address', value }],
    });
    // sadp-captures.yaml (sergei.nz) and dahua-owner-reports.yaml spell them these ways.
    for (const [value, mac] of [
      ['c0-56-e3-fe-42-92', 'c0:56:e3:fe:42:92'],
      ['52544CF39633', '52:54:4c:f3:96:33'],
    ] as const) {
      const onLink = replayProfile(record(value), 'l', password, { link: true });
      expect(onLink.mac).toBe(mac);
      expect(onLink.served.map((i) => i.value)).toEqual([value]);
      expect(replayProfile(record(value), 'l', password).mac).toBeUndefined();
    }
    // An interface cannot carry a multicast (group) address: still not replayable.
    const group = replayProfile(record('01:00:5e:00:00:fb'), 'l', password, { link: true });
    expect(group.mac).toBeUndefined();
    expect(group.notReplayable.map((n) => n.field)).toEqual(['mac.address']);
  });
});
