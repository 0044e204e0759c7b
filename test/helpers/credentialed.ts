/**
 * What the tests of the credentialed probes share: an admin account, scan options, throwaway
 * HTTP servers that stand for foreign or badly behaved devices (closed after the file), and the
 * real records of one `api:` replayed over the wire, scanned with and without credentials.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import pino, { type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOffset } from '../../src/cli/commands/lab.js';
import { DEFAULTS } from '../../src/cli/options.js';
import { type CredentialResolver, singleCredential } from '../../src/credentials/load.js';
import { Secret } from '../../src/credentials/secret.js';
import type { SignatureLibrary } from '../../src/engine/load.js';
import type { AuthenticatedExpectation } from '../../src/lab/profile.js';
import { replayProfile } from '../../src/lab/replay.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import { resolvePolicies } from '../../src/policy/load.js';
import type { Probe } from '../../src/probes/types.js';
import type { Device, Report } from '../../src/report/types.js';
import { runScan } from '../../src/scan/run.js';
import { resolveTargets } from '../../src/targets/index.js';
import { loadRecords } from '../../src/validation/records.js';
import { expectNoSecret } from './canary.js';
import { probeContext } from './context.js';

/** Probe credentials for the user `admin`. */
export const adminCreds = (password: string) => ({ username: 'admin', password: new Secret(password) });

/** Options for `runScan` of a lab on the default port offset (targets still to add). */
export const scanOptions = (
  library: SignatureLibrary,
  credentials?: CredentialResolver,
  log: Logger = pino({ level: 'silent' }),
) => ({
  library,
  policies: resolvePolicies(undefined, library.vocabulary),
  ports: DEFAULTS.ports,
  portOffset: defaultOffset(),
  limits: { timeoutMs: 3000, maxBytes: DEFAULTS.maxBytes },
  hostBudgetMs: DEFAULTS.hostBudgetMs,
  concurrency: 32,
  rate: 0,
  maxHostRate: 0,
  log,
  ...(credentials ? { credentials } : {}),
});

const servers: Server[] = [];

export const closeHttpDevices = async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
};

/**
 * An HTTP server on `ip` (a loopback address the test file owns), any port; the target to probe
 * it at. The file closes them all with `afterAll(closeHttpDevices)`.
 */
export async function httpDevice(ip: string, listener: RequestListener) {
  const srv = createServer(listener);
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, ip, r));
  const port = (srv.address() as { port: number }).port;
  return { ip, port, scheme: 'http' as const };
}

/** One request as a {@link recordingDevice} saw it. */
export interface SeenRequest {
  url: string;
  body: string;
}

/**
 * An {@link httpDevice} that keeps every request it is sent, as `read` makes of it, in order,
 * and answers each by `answer` (status 200 unless it says).
 */
export async function recordingDevice<T>(
  ip: string,
  type: string,
  read: (req: SeenRequest) => T,
  answer: (req: T) => { status?: number; body: string | Buffer },
) {
  const seen: T[] = [];
  const target = await httpDevice(ip, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = read({ url: req.url ?? '/', body: Buffer.concat(chunks).toString() });
      seen.push(entry);
      const a = answer(entry);
      res.writeHead(a.status ?? 200, { 'Content-Type': type });
      res.end(a.body);
    });
  });
  return { target, seen };
}

/**
 * The real records whose device.* items come from `api`, replayed as lab devices from
 * `${prefix}.100` on (started before the enclosing describe's tests, stopped after), with
 * `scan`: both scans of them, without and with the records' account, and what went wrong: a
 * device.* item missing with credentials or seen without, another maker than `vendor`, or the
 * probe that asks `api` (`probe`, by default the API's name) running without credentials.
 */
function replayedRecords(api: string, prefix: string, library: SignatureLibrary, probe = api) {
  const password = randomBytes(12).toString('hex');
  const built = loadRecords()
    .filter((r) => r.api === api)
    .map((record, i) => ({ record, replay: replayProfile(record, `${api}-${i}`, password) }));
  // A record whose values cannot make up any answer the probe reads (a firmware version alone,
  // where the probe first reads the product list) has nothing to replay; the lab says why.
  const incomplete = built.filter(
    (b) => !b.replay.served.some((s) => s.field.startsWith('device.')) && b.replay.notReplayable.length > 0,
  );
  const kept = built.filter((b) => !incomplete.includes(b));
  const records = kept.map((b) => b.record);
  const replays = kept.map((b) => b.replay);
  let lab: Lab | undefined;
  beforeAll(async () => {
    lab = await startLab({
      prefix,
      first: 100,
      portOffset: defaultOffset(),
      profiles: replays.map((r) => r.profile),
    });
  });
  afterAll(async () => lab?.stop());

  async function scan(vendor: string | null): Promise<{ failures: string[]; report: Report }> {
    const targets = await resolveTargets([`${prefix}.100-${100 + records.length - 1}`]);
    const plain = await runScan({ ...scanOptions(library), targets });
    const report = await runScan({
      ...scanOptions(library, singleCredential('validator', password)),
      targets,
    });
    const failures: string[] = [];
    replays.forEach((rep, i) => {
      const ip = `${prefix}.${100 + i}`;
      const open = plain.devices.find((d) => d.ip === ip)?.evidence ?? [];
      const auth = report.devices.find((d) => d.ip === ip);
      for (const item of rep.served.filter((s) => s.field.startsWith('device.'))) {
        const got = auth?.evidence.some(
          (e) => e.field === item.field && e.value === item.value && e.authenticated,
        );
        const leaked = open.some((e) => e.field === item.field && e.value === item.value);
        if (!got || leaked) failures.push(`${records[i]?.name}: ${item.field} with=${got} without=${leaked}`);
      }
      if ((auth?.oem.vendor ?? null) !== vendor)
        failures.push(`${records[i]?.name}: named ${auth?.oem.vendor}`);
      if (open.some((e) => e.probe === probe))
        failures.push(`${records[i]?.name}: ${probe} ran without credentials`);
    });
    return { failures, report };
  }
  /** The records' device.* items the lab cannot serve (none should be). */
  const notServed = replays.flatMap((r) => r.notReplayable.filter((n) => n.field.startsWith('device.')));
  const incompleteReasons = incomplete.flatMap((b) => b.replay.notReplayable.map((n) => n.reason));
  return { records, replays, password, notServed, incompleteReasons, scan };
}

export type ReplayedRecords = ReturnType<typeof replayedRecords>;

/**
 * The suite every credentialed API's real records get: at least `minRecords` of them, every
 * device.* item served (and `served` true of each replayed profile), each item back only with
 * credentials and the device named `vendor` then (null: a badge's own make, no maker named), the
 * password in no report; `more` adds tests on the same replay.
 */
export function describeReplayedRecords(
  api: string,
  prefix: string,
  vendor: string | null,
  library: SignatureLibrary,
  opts: {
    minRecords: number;
    /** The probe that asks the API, when its name is not the API's (the default). */
    probe?: string;
    served: (r: ReplayedRecords['replays'][number]) => boolean;
    more?: (replay: ReplayedRecords) => void;
  },
) {
  describe(`api: ${api} records replayed over the wire`, () => {
    const replay = replayedRecords(api, prefix, library, opts.probe);

    it('serves every device.* item of the records (none left as "no probe asks it")', () => {
      expect(replay.records.length).toBeGreaterThanOrEqual(opts.minRecords);
      expect(replay.notServed).toEqual([]);
      // Records left out only for recording too little for an answer, never for a question not asked.
      for (const reason of replay.incompleteReasons) expect(reason).toBe(`not enough for a ${api} answer`);
      for (const r of replay.replays) expect(opts.served(r), r.profile.id).toBe(true);
    });

    it(`gives each record's device.* items back only with credentials, and names ${vendor ?? 'no maker'} then`, async () => {
      const { failures, report } = await replay.scan(vendor);
      expect(failures).toEqual([]);
      expectNoSecret(JSON.stringify(report), 'report', [replay.password]);
    }, 60_000);

    opts.more?.(replay);
  });
}

/** `probe`, with credentials, on a server at `ip` that never answers: a timeout, within its budget. */
export async function expectTimeBudget(probe: Probe, ip: string, password: string) {
  const target = await httpDevice(ip, () => {});
  const started = Date.now();
  const r = await probe.run(
    target,
    probeContext({ credentials: adminCreds(password), limits: { timeoutMs: 300, maxBytes: 32 * 1024 } }),
  );
  expect(r.status).toBe('timeout');
  expect(Date.now() - started).toBeLessThan(2000);
}

/** What a lab profile's `expect` speaks of (maker, badge, type, flag), as a reported device states it. */
export const concluded = (d: Device | undefined) => ({
  vendor: d?.oem.vendor,
  brand: d?.brand,
  type: d?.type,
  flagged: d?.status === 'flagged',
});

/** A reported device concludes what a profile's `expectAuthenticated` says: maker, badge, type, flag, model. */
export function expectAuthenticatedVerdict(
  d: Device | undefined,
  want: AuthenticatedExpectation | undefined,
) {
  expect({ ...concluded(d), model: d?.model }).toEqual({
    vendor: want?.vendor,
    brand: want?.brand,
    type: want?.type,
    flagged: want?.flagged,
    model: want?.model,
  });
}
