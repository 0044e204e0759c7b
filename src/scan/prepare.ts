/**
 * @module scan/prepare
 * The one preparation step every shell runs before a scan (`oemscan scan`, each scan of
 * `oemscan serve`, and later a hub's site scanner): check the ports, load the credentials,
 * resolve the targets and plan link discovery on the interfaces that hold them, and load the
 * signatures and policies. Its result goes straight into runScan, so two shells given the same
 * request run the same scan. Errors are UsageErrors that name the option.
 */
import type { Logger } from 'pino';
import { type CredentialResolver, loadCredentialsFile, singleCredential } from '../credentials/load.js';
import { localInterfaces } from '../discovery/interfaces.js';
import { planScan } from '../discovery/plan.js';
import { loadSignatureLibrary, type SignatureLibrary } from '../engine/load.js';
import { UsageError } from '../errors/index.js';
import { defaultPolicySpecs } from '../policy/defaults.js';
import { type PolicyPack, resolvePolicies } from '../policy/load.js';
import type { TargetOptions } from '../targets/types.js';
import { checkOffset, DEFAULTS } from './defaults.js';
import type { ScanOptions } from './run.js';

export interface ScanRequest {
  /** Target tokens (addresses, ranges, CIDRs, names, @file); none: the attached subnets. */
  targets: readonly string[];
  exclude?: readonly string[];
  allowLarge?: boolean;
  allowPublic?: boolean;
  /** Reads an @file target list (the CLI's also reads `-` from stdin). */
  readTargetFile?: TargetOptions['readFile'];
  /** Name -> IPv4 addresses (tests inject one). */
  resolveName?: TargetOptions['resolve'];
  /** Link discovery on these interfaces (default: those whose subnet holds a target). */
  interfaces?: readonly string[];
  /** False: no multicast/broadcast discovery at all. Default true. */
  discovery?: boolean;
  discoverOnly?: boolean;
  discoveryWindowMs?: number;
  /** A credentials file (JSON or YAML), loaded afresh by every preparation. */
  credentialsFile?: string;
  /** One user for every target; its password must come with it (from the environment, never argv). */
  username?: string;
  password?: string;
  /** Site signature folders, added to the built-in ones. */
  signatures?: readonly string[];
  /** Policy presets, ids or files; undefined: OEMSCAN_POLICIES, else the config file's, else all. */
  policies?: readonly string[];
  /** Config file whose `policies` key sets the default. */
  configFile?: string;
  ports?: readonly number[];
  portOffset?: number;
  timeoutMs?: number;
  hostBudgetMs?: number;
  concurrency?: number;
  rate?: number;
  maxHostRate?: number;
}

/** What the scan decides with: loaded once by a long-running service, per run by the CLI. */
export interface ScanRules {
  library: SignatureLibrary;
  policies: PolicyPack[];
}

/** runScan's options minus what only the caller knows (id, log, signal, callbacks). */
export type PreparedScan = Omit<
  ScanOptions,
  'id' | 'log' | 'signal' | 'onProgress' | 'onDevice' | 'neighbours'
>;

export interface PrepareDeps {
  /** Signatures and policies already loaded (the service loads them at start). */
  rules?: ScanRules;
  /** The interface lister (tests inject one). */
  listInterfaces?: Parameters<typeof planScan>[4];
  env?: NodeJS.ProcessEnv;
}

export function loadScanRules(
  req: Pick<ScanRequest, 'signatures' | 'policies' | 'configFile'>,
  env: NodeJS.ProcessEnv = process.env,
): ScanRules {
  const library = loadSignatureLibrary(undefined, req.signatures ?? []);
  const policies = resolvePolicies(
    req.policies ?? defaultPolicySpecs(req.configFile, env),
    library.vocabulary,
  );
  return { library, policies };
}

/** Passwords come from a file or the environment, never the command line, which every local user can read. */
export function loadCredentials(
  req: Pick<ScanRequest, 'credentialsFile' | 'username' | 'password'>,
  log: Logger,
): CredentialResolver | undefined {
  if (req.credentialsFile && req.username)
    throw new UsageError('use either --credentials or --username, not both');
  if (req.credentialsFile)
    return loadCredentialsFile(req.credentialsFile, { warn: (message) => log.warn(message) });
  if (!req.username) return undefined;
  if (req.password === undefined)
    throw new UsageError('--username needs the password in the OEMSCAN_PASSWORD environment variable');
  return singleCredential(req.username, req.password);
}

export async function prepareScan(
  req: ScanRequest,
  log: Logger,
  deps: PrepareDeps = {},
): Promise<PreparedScan> {
  const ports = [...(req.ports ?? DEFAULTS.ports)];
  const portOffset = req.portOffset ?? 0;
  checkOffset(portOffset, ports);
  const credentials = loadCredentials(req, log);
  const plan = await planScan(
    req.targets,
    {
      interfaces: req.interfaces ?? [],
      discoverOnly: Boolean(req.discoverOnly),
      discovery: req.discovery !== false,
    },
    {
      exclude: [...(req.exclude ?? [])],
      allowLarge: Boolean(req.allowLarge),
      allowPublic: Boolean(req.allowPublic),
      ...(req.readTargetFile ? { readFile: req.readTargetFile } : {}),
      ...(req.resolveName ? { resolve: req.resolveName } : {}),
    },
    log,
    deps.listInterfaces ?? localInterfaces,
  );
  const { library, policies } = deps.rules ?? loadScanRules(req, deps.env);
  return {
    targets: plan.targets,
    library,
    policies,
    ports,
    portOffset,
    limits: { timeoutMs: req.timeoutMs ?? DEFAULTS.timeoutMs, maxBytes: DEFAULTS.maxBytes },
    hostBudgetMs: req.hostBudgetMs ?? DEFAULTS.hostBudgetMs,
    concurrency: req.concurrency ?? DEFAULTS.concurrency,
    rate: req.rate ?? DEFAULTS.rate,
    maxHostRate: req.maxHostRate ?? DEFAULTS.maxHostRate,
    ...(credentials ? { credentials } : {}),
    ...(plan.discovery
      ? { discovery: { ...plan.discovery, windowMs: req.discoveryWindowMs ?? DEFAULTS.discoveryWindowMs } }
      : {}),
    ...(req.discoverOnly ? { discoverOnly: true } : {}),
  };
}
