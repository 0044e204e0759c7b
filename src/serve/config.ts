/**
 * @module serve/config
 * The `oemscan serve` configuration: a YAML or JSON file, overridden by environment variables,
 * overridden by command-line flags. Every problem is reported at once, each with where the
 * value came from (`file:line`, the variable or the flag). Secrets (the API token, the webhook
 * key) come only from the environment and live apart from the config, so logging the config
 * can never leak them.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { Cron } from 'croner';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { loadCredentialsFile } from '../credentials/load.js';
import { loadSignatureLibrary, type SignatureLibrary } from '../engine/load.js';
import { OemscanError, UsageError } from '../errors/index.js';
import { isPolicyFileSpec, type PolicyPack, resolvePolicies } from '../policy/load.js';
import { ENGAGEMENT_KEYS, engagementFrom } from '../report/engagement.js';
import type { Engagement } from '../report/types.js';
import { checkOffset, DEFAULTS, parsePorts } from '../scan/defaults.js';
import type { ScanRequest } from '../scan/prepare.js';
import type { Retention } from '../store/types.js';
import { resolveTargets } from '../targets/index.js';
import { isSiteName } from '../util/site.js';
import { CONFIG_SCHEMA, WEBHOOK_EVENTS, type WebhookEvent } from './config-schema.js';

export interface ServeFlags {
  config?: string;
  targets?: string[];
  schedule?: string;
  data?: string;
  listen?: string;
  policy?: string[];
  credentials?: string;
  site?: string;
}

export interface WebhookConfig {
  url: string;
  /** The events this hook receives (the site server's WEBHOOK_EVENTS, the hub's HUB_WEBHOOK_EVENTS). */
  events: readonly string[];
  attempts: number;
  /** First retry delay in ms; doubled on each further attempt. */
  backoffMs: number;
  timeoutMs: number;
}

export interface ServeConfig {
  /** The config file, when there is one. */
  file: string | null;
  /** This scanner's site name (`--site`, OEMSCAN_SITE, config `site`; default the host name). */
  site: string;
  targets: string[];
  exclude: string[];
  /** Cron expression (5 fields, or 6 with seconds); null: scans run only when triggered. */
  schedule: string | null;
  /** Policy ids or pack files; undefined: every built-in pack. */
  policies: string[] | undefined;
  /** Path of the credentials file for authenticated probes (read by the scan, never stored). */
  credentials: string | null;
  data: string;
  listen: { host: string; port: number };
  retention: Retention;
  shutdownTimeoutMs: number;
  scan: {
    ports: number[];
    portOffset: number;
    timeoutMs: number;
    hostTimeoutMs: number;
    concurrency: number;
    rate: number;
    maxHostRate: number;
    allowPublic: boolean;
    allowLarge: boolean;
    signatures: string[];
    /** Link discovery on these interfaces (default: those whose subnet holds a target). */
    interfaces: string[];
    /** False: no multicast/broadcast discovery. */
    discovery: boolean;
    discoveryWindowMs: number;
  };
  webhooks: WebhookConfig[];
  /** `site`, `client`, `assessor`: the report's cover and sign-off; undefined when none is set. */
  engagement?: Engagement;
}

export interface ServeSecrets {
  apiToken: string;
  webhookSecret: string | null;
}

export interface ServeSetup {
  config: ServeConfig;
  secrets: ServeSecrets;
  library: SignatureLibrary;
  policies: PolicyPack[];
}

/**
 * Environment variables that override a config key (lists are comma- or space-separated).
 * `OEMSCAN_CONFIG` names the file when `--config` is not given.
 */
export const ENV_KEYS = {
  OEMSCAN_TARGETS: 'targets',
  OEMSCAN_EXCLUDE: 'exclude',
  OEMSCAN_SCHEDULE: 'schedule',
  OEMSCAN_POLICIES: 'policies',
  OEMSCAN_CREDENTIALS: 'credentials',
  OEMSCAN_DATA: 'data',
  OEMSCAN_LISTEN: 'listen',
  OEMSCAN_SITE: 'site',
} as const;

export const DEFAULT_LISTEN = '127.0.0.1:8080';
export const DEFAULT_DATA = 'oemscan-data';
/**
 * The shortest secret accepted: the webhook signing key, the API token, the site tokens. The
 * webhook key is an HMAC-SHA256 key, and RFC 2104 section 3 says a key shorter than the hash
 * output (L = 32 bytes for SHA-256) "is strongly discouraged as it would decrease the security
 * strength of the function" (RFC 7518 section 3.2 makes it a MUST for HS256); the bearer tokens
 * get the same floor. `openssl rand -hex 32` gives 64 characters.
 */
export const MIN_SECRET_LENGTH = 32;
/** The same floor, under its earlier name. */
export const MIN_TOKEN_LENGTH = MIN_SECRET_LENGTH;

type Raw = Record<string, unknown>;
type Path = (string | number)[];

const list = (s: string) => s.split(/[\s,]+/).filter(Boolean);

/** Where each value came from, for error messages. */
class Origins {
  private overrides = new Map<string, string>();
  constructor(
    private readonly file: string | null,
    private readonly lineOf: (path: Path) => number | undefined,
  ) {}
  override(key: string, source: string) {
    this.overrides.set(key, source);
  }
  where(path: Path): string {
    const o = this.overrides.get(String(path[0]));
    if (o) return o;
    if (!this.file) return 'config';
    const line = this.lineOf(path);
    return line ? `${this.file}:${line}` : this.file;
  }
}

function readFile(file: string): { raw: Raw; lineOf: (path: Path) => number | undefined } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  // YAML 1.2 reads JSON too, and keeps positions for both.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? 1;
    throw new UsageError(`${file}:${line}: ${err.message.split('\n')[0]}`);
  }
  const raw = doc.toJS() as unknown;
  if (raw === null || raw === undefined) throw new UsageError(`${file}: config is empty`);
  if (!isMap(doc.contents) || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(`${file}:1: config must be a mapping of keys (targets, schedule, ...)`);
  }
  const lineOf = (path: Path) => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { raw: raw as Raw, lineOf };
}

/** Paths in the file are relative to the file; from flags and variables, to the working directory. */
function resolvePaths(raw: Raw, base: string) {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  for (const key of ['data', 'credentials'] as const)
    if (typeof raw[key] === 'string') raw[key] = abs(raw[key]);
  const files = (v: unknown, pick: (s: string) => string) =>
    Array.isArray(v) ? v.map((s) => (typeof s === 'string' ? pick(s) : s)) : v;
  raw.targets = files(raw.targets, (s) => (s.startsWith('@') ? `@${abs(s.slice(1))}` : s));
  raw.exclude = files(raw.exclude, (s) => (s.startsWith('@') ? `@${abs(s.slice(1))}` : s));
  raw.policies = files(raw.policies, (s) => (isPolicyFileSpec(s) ? abs(s) : s));
  const scan = raw.scan as Raw | undefined;
  if (scan && typeof scan === 'object') scan.signatures = files(scan.signatures, abs);
}

function layer(
  flags: ServeFlags,
  env: NodeJS.ProcessEnv,
): { raw: Raw; origins: Origins; file: string | null } {
  const name = flags.config ?? (env.OEMSCAN_CONFIG || undefined);
  const file = name ? resolve(name) : null;
  const fromFile = file ? readFile(file) : { raw: {}, lineOf: () => undefined };
  const raw = fromFile.raw;
  if (file) resolvePaths(raw, dirname(file));
  const origins = new Origins(name ?? null, fromFile.lineOf);
  const cwd = process.cwd();
  const set = (key: string, value: unknown, source: string) => {
    const one: Raw = { [key]: value };
    resolvePaths(one, cwd);
    raw[key] = one[key];
    origins.override(key, source);
  };
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    set(key, ['targets', 'exclude', 'policies'].includes(key) ? list(v) : v, name);
  }
  const flagged: [keyof ServeFlags, string, string][] = [
    ['targets', 'targets', '--targets'],
    ['schedule', 'schedule', '--schedule'],
    ['data', 'data', '--data'],
    ['listen', 'listen', '--listen'],
    ['policy', 'policies', '--policy'],
    ['credentials', 'credentials', '--credentials'],
    ['site', 'site', '--site'],
  ];
  for (const [flag, key, name] of flagged) {
    const v = flags[flag];
    if (v === undefined) continue;
    set(key, Array.isArray(v) ? v.flatMap(list) : v, name);
  }
  return { raw, origins, file };
}

let validateShape: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

function shapeErrors(raw: Raw, origins: Origins): string[] {
  validateShape ??= new Ajv({ allErrors: true, strict: false }).compile(CONFIG_SCHEMA);
  if (validateShape(raw)) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of validateShape.errors ?? []) {
    // A `oneOf` failure repeats each branch's complaint; the summary line is enough.
    if (e.schemaPath.includes('/oneOf/')) continue;
    const path: Path = e.instancePath
      .split('/')
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    let msg = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      path.push(String(e.params.additionalProperty));
      msg = 'unknown key';
    } else if (e.keyword === 'required') {
      path.push(String(e.params.missingProperty));
      msg = 'is required';
    } else if (e.keyword === 'enum') {
      msg = `must be one of ${(e.params.allowedValues as string[]).join(', ')}`;
    } else if (e.keyword === 'oneOf') {
      msg = 'must be a port list: "80,443,8000-8010" or [80, 443]';
    }
    const line = `${origins.where(path)}: ${path.join('.') || '(top level)'}: ${msg}`;
    if (!seen.has(line)) out.push(line);
    seen.add(line);
  }
  return out;
}

export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(value);
  const port = Number(m?.[3]);
  if (!m || port < 1 || port > 65535)
    throw new UsageError(`must be HOST:PORT (e.g. ${DEFAULT_LISTEN}), got "${value}"`);
  return { host: (m[1] ?? m[2]) as string, port };
}

function checkSchedule(expr: string) {
  try {
    new Cron(expr, { paused: true });
  } catch (err) {
    throw new UsageError(`invalid cron expression "${expr}": ${(err as Error).message}`);
  }
}

function readSecrets(env: NodeJS.ProcessEnv, needWebhookSecret: boolean, errors: string[]): ServeSecrets {
  const apiToken = env.OEMSCAN_API_TOKEN ?? '';
  if (!apiToken) errors.push('OEMSCAN_API_TOKEN: the API token must be set in this environment variable');
  else if (apiToken.length < MIN_SECRET_LENGTH)
    errors.push(`OEMSCAN_API_TOKEN: the API token must be at least ${MIN_SECRET_LENGTH} characters`);
  const webhookSecret = env.OEMSCAN_WEBHOOK_SECRET || null;
  if (needWebhookSecret && !webhookSecret)
    errors.push('OEMSCAN_WEBHOOK_SECRET: webhooks are configured, so their signing key must be set');
  else if (webhookSecret && webhookSecret.length < MIN_SECRET_LENGTH)
    errors.push(
      `OEMSCAN_WEBHOOK_SECRET: the webhook signing key must be at least ${MIN_SECRET_LENGTH} characters`,
    );
  return { apiToken, webhookSecret };
}

/**
 * Loads, merges and checks everything `serve` needs before it starts: the config, the
 * secrets, and the signature library and policies the scans will use.
 */
export async function loadServeConfig(
  flags: ServeFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServeSetup> {
  const { raw, origins, file } = layer(flags, env);
  const errors = shapeErrors(raw, origins);
  const at = (path: Path, fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof OemscanError)) throw err;
      errors.push(`${origins.where(path)}: ${path.join('.')}: ${err.message}`);
    }
  };
  const scan = (raw.scan ?? {}) as Raw;
  const webhooksRaw = (Array.isArray(raw.webhooks) ? raw.webhooks : []) as Raw[];
  const secrets = readSecrets(env, webhooksRaw.length > 0, errors);
  if (errors.length) throw configError(errors);

  let listen = { host: '', port: 0 };
  at(['listen'], () => {
    listen = parseListen(String(raw.listen ?? DEFAULT_LISTEN));
  });
  if (typeof raw.schedule === 'string') at(['schedule'], () => checkSchedule(raw.schedule as string));
  // Loaded in full (and again at every scan, so a rotated password is picked up): a broken
  // credentials file stops the service at start, not at the first scheduled scan.
  if (typeof raw.credentials === 'string')
    at(['credentials'], () => loadCredentialsFile(raw.credentials as string));
  const data = String(raw.data ?? resolve(DEFAULT_DATA));
  at(['data'], () => {
    if (existsSync(data) && !statSync(data).isDirectory()) throw new UsageError(`${data} is not a directory`);
  });
  let ports = DEFAULTS.ports;
  const portOffset = (scan.portOffset as number | undefined) ?? 0;
  at(['scan', 'ports'], () => {
    if (scan.ports !== undefined)
      ports = parsePorts(Array.isArray(scan.ports) ? scan.ports.join(',') : String(scan.ports));
    checkOffset(portOffset, ports);
  });
  const webhooks: WebhookConfig[] = webhooksRaw.map((w, i) => {
    at(['webhooks', i, 'url'], () => checkWebhookUrl(String(w.url)));
    return {
      url: String(w.url),
      events: (w.events as WebhookEvent[] | undefined) ?? [...WEBHOOK_EVENTS],
      attempts: (w.attempts as number | undefined) ?? 5,
      backoffMs: (w.backoff as number | undefined) ?? 2000,
      timeoutMs: (w.timeout as number | undefined) ?? 10000,
    };
  });
  let engagement: Engagement | undefined;
  for (const key of ENGAGEMENT_KEYS)
    at([key], () => {
      const one = engagementFrom({ [key]: raw[key] }, () => 'the value');
      if (one) engagement = { ...engagement, ...one };
    });
  const config: ServeConfig = {
    file,
    site: (raw.site as string | undefined)?.trim() || defaultSite(),
    targets: raw.targets as string[],
    exclude: (raw.exclude as string[] | undefined) ?? [],
    schedule: (raw.schedule as string | undefined) ?? null,
    policies: raw.policies as string[] | undefined,
    credentials: (raw.credentials as string | undefined) ?? null,
    data,
    listen,
    retention: (raw.retention as Retention | undefined) ?? {},
    shutdownTimeoutMs: (raw.shutdownTimeout as number | undefined) ?? 10000,
    scan: {
      ports,
      portOffset,
      timeoutMs: (scan.timeout as number | undefined) ?? DEFAULTS.timeoutMs,
      hostTimeoutMs: (scan.hostTimeout as number | undefined) ?? DEFAULTS.hostBudgetMs,
      concurrency: (scan.concurrency as number | undefined) ?? DEFAULTS.concurrency,
      rate: (scan.rate as number | undefined) ?? DEFAULTS.rate,
      maxHostRate: (scan.maxHostRate as number | undefined) ?? DEFAULTS.maxHostRate,
      allowPublic: Boolean(scan.allowPublic),
      allowLarge: Boolean(scan.allowLarge),
      signatures: (scan.signatures as string[] | undefined) ?? [],
      interfaces: (scan.interfaces as string[] | undefined) ?? [],
      discovery: scan.discovery !== false,
      discoveryWindowMs: (scan.discoveryWindow as number | undefined) ?? DEFAULTS.discoveryWindowMs,
    },
    webhooks,
    ...(engagement ? { engagement } : {}),
  };
  let library: SignatureLibrary | undefined;
  let policies: PolicyPack[] = [];
  at(['scan', 'signatures'], () => {
    library = loadSignatureLibrary(undefined, config.scan.signatures);
  });
  if (library) {
    const lib = library;
    at(['policies'], () => {
      policies = resolvePolicies(config.policies, lib.vocabulary);
    });
  }
  // Targets are resolved again before every scan (names can move); this catches mistakes now.
  try {
    await resolveTargets(config.targets, {
      exclude: config.exclude,
      allowLarge: config.scan.allowLarge,
      allowPublic: config.scan.allowPublic,
    });
  } catch (err) {
    if (!(err instanceof OemscanError)) throw err;
    errors.push(`${origins.where(['targets'])}: targets: ${err.message}`);
  }
  if (errors.length || !library) throw configError(errors);
  return { config, secrets, library, policies };
}

/** The site name when none is configured: this machine's host name, else "default". */
export function defaultSite(): string {
  const name = hostname().trim();
  return isSiteName(name) ? name : 'default';
}

/**
 * The service's scan as the shared preparation step's request (src/scan/prepare.ts): the same
 * step `oemscan scan` runs, so both shells scan alike (link discovery included).
 */
export function scanRequestOf(config: ServeConfig): ScanRequest {
  return {
    targets: config.targets,
    exclude: config.exclude,
    allowLarge: config.scan.allowLarge,
    allowPublic: config.scan.allowPublic,
    interfaces: config.scan.interfaces,
    discovery: config.scan.discovery,
    discoveryWindowMs: config.scan.discoveryWindowMs,
    ...(config.credentials ? { credentialsFile: config.credentials } : {}),
    signatures: config.scan.signatures,
    ...(config.policies ? { policies: config.policies } : {}),
    ports: config.scan.ports,
    portOffset: config.scan.portOffset,
    timeoutMs: config.scan.timeoutMs,
    hostBudgetMs: config.scan.hostTimeoutMs,
    concurrency: config.scan.concurrency,
    rate: config.scan.rate,
    maxHostRate: config.scan.maxHostRate,
  };
}

export function checkWebhookUrl(value: string) {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`"${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError('must be an http or https URL');
  if (url.username || url.password)
    throw new UsageError('must not carry credentials; requests are signed with OEMSCAN_WEBHOOK_SECRET');
}

function configError(errors: string[]) {
  return new UsageError(`invalid serve configuration:\n  ${errors.join('\n  ')}`);
}
