/**
 * What the probes really emit is what their descriptors declare: every simulated device of the
 * lab (the loopback fleet, the LAN lab's discovery-only devices, the credentialed profiles, and a
 * real-device record replayed behind each vendor API) is scanned on loopback 127.0.51.x, once
 * without and once with its account, and every evidence item (the cameras a recorder lists
 * included) must carry a field its own probe's descriptor names.
 * The neighbour-table MAC (`arp`) is the host scan's, not a probe's: its field must be declared
 * by some probe. Every probe that runs per host must have been seen, so the check covers them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/credentials/secret.js';
import type { Evidence } from '../../src/evidence/types.js';
import { lanProfiles } from '../../src/lab/lan.js';
import { deviceAccount } from '../../src/lab/profile.js';
import { loadCredentialedProfiles } from '../../src/lab/profiles.js';
import { replayProfile } from '../../src/lab/replay.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import { ALL_PROBES, connectProbe, DEFAULT_TCP_PORTS, PROBES } from '../../src/probes/registry.js';
import { scanHost } from '../../src/scan/host.js';
import { silentLogger } from '../../src/util/log.js';
import { loadRecords } from '../../src/validation/records.js';
import { withPassword } from '../helpers/canary.js';
import { probeContext } from '../helpers/context.js';

const PREFIX = '127.0.51';
const OFFSET = 12000;
const PASSWORD = 'descriptor-fields-7c1e';

/** One real-device record per vendor API the lab replays, served behind that API (src/lab/replay.ts). */
const replayed = [
  'isapi',
  'dahua-cgi',
  'lapi',
  'dvrip',
  'reolink',
  'vapix',
  'vivotek',
  'foscam',
  'tapo',
].flatMap((api, i) => {
  const r = loadRecords().find((x) => x.evidence.some((e) => e.field.startsWith('device.')));
  return r ? [replayProfile({ ...r, api }, `desc-${i}`, PASSWORD).profile] : [];
});
/**
 * The vendors' binary ports: Dahua's login realm over DHIP (TCP 5000) and its private protocol
 * (TCP 37777), the realm of the recorded RPC2_Login challenge (mageni, Q-See); Hikvision's SDK
 * port (TCP 8000), a frame nmap-service-probes records; Reolink's Baichuan port (TCP 9000), a
 * camera's recorded login answer (test/fixtures/reolink/baichuan-login.yaml).
 */
const dhipRealm = replayProfile(
  {
    name: 'vendor binary ports',
    source: 'test/fixtures/real-devices/dahua-rpc2-login.yaml (mageni Q-See IP camera)',
    truth: null,
    file: 'test',
    evidence: [
      { field: 'dhip.realm', value: 'Login to 4C045ADPAG60CD' },
      { field: 'dvrip.realm', value: 'Login to 4C045ADPAG60CD' },
      { field: 'hiksdk.answer', value: '000000100000000d0000000d00000000' },
      { field: 'baichuan.answer', value: 'f0debc0a01000000910000000000000101dd1466' },
    ],
  },
  'desc-dhip',
  PASSWORD,
).profile;
const profiles = [
  ...lanProfiles(),
  ...loadCredentialedProfiles().map((p) => withPassword(p, PASSWORD)),
  ...replayed,
  dhipRealm,
  // A description shown only after the RTSP login (rtsp-login's field).
  ...loadRecords()
    .filter((r) => r.name === 'gortsplib SDP case: Hikvision HIK Media Server')
    .map((r) => replayProfile(r, 'desc-rtsp-login', PASSWORD).profile),
  // A Tapo camera's TP-Link discovery answer (tdp-unicast's fields).
  ...loadRecords()
    .filter((r) => r.evidence.some((e) => e.field === 'tdp.device-type'))
    .slice(0, 1)
    .map((r) => replayProfile(r, 'desc-tdp', PASSWORD).profile),
];
let lab: Lab;
const seen: Evidence[] = [];

beforeAll(async () => {
  lab = await startLab({ prefix: PREFIX, portOffset: OFFSET, profiles });
  for (const withCredentials of [false, true])
    await Promise.all(
      lab.devices.map(async (d) => {
        const acc = withCredentials ? deviceAccount(d.profile) : undefined;
        const r = await scanHost(d.ip, undefined, {
          ports: DEFAULT_TCP_PORTS,
          portOffset: OFFSET,
          limits: { timeoutMs: 2000, maxBytes: 256 * 1024 },
          hostBudgetMs: 20000,
          inScope: (ip) => ip.startsWith(`${PREFIX}.`),
          log: silentLogger,
          ...(acc ? { credentials: { username: acc.username, password: new Secret(acc.password) } } : {}),
        });
        seen.push(...r.evidence, ...(r.channels ?? []).flatMap((c) => c.evidence));
      }),
    );
  // The host scan keeps open ports as services, not the connect check's evidence: ask it directly.
  const web = lab.devices[0]?.ip ?? `${PREFIX}.11`;
  seen.push(...(await connectProbe.run({ ip: web, port: 80 + OFFSET }, probeContext())).evidence);
}, 60_000);

afterAll(async () => lab?.stop());

describe('emitted fields are declared', () => {
  it('every item carries a field its probe declares', () => {
    const declared = new Map(PROBES.map((d) => [d.name, new Set(Object.keys(d.fields))]));
    const anyProbe = new Set(PROBES.flatMap((d) => Object.keys(d.fields)));
    const undeclared = [
      ...new Set(
        seen
          .filter((e) => !(e.probe === 'arp' ? anyProbe : declared.get(e.probe))?.has(e.field))
          .map((e) => `${e.probe}: ${e.field}`),
      ),
    ];
    expect(seen.length).toBeGreaterThan(100);
    expect(undeclared).toEqual([]);
  });

  it('every per-host probe was heard from', () => {
    const probes = new Set(seen.map((e) => e.probe));
    expect(ALL_PROBES.map((p) => p.name).filter((n) => !probes.has(n))).toEqual([]);
  });
});
