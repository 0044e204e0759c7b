/**
 * @module hub/config
 * Options of the two roles of issue 14. The hub: `--hub`, the database (`--database` or
 * `OEMSCAN_DATABASE_URL`), the sites it accepts with their tokens (`OEMSCAN_HUB_SITES` as
 * `name=token,name=token`, or `hub.sites` in the config file, a mapping of name to token) and
 * the readers' `OEMSCAN_API_TOKEN`. A site: `--site NAME`, `--report-to URL` (or
 * `OEMSCAN_SITE`, `OEMSCAN_REPORT_TO`) and its token in `OEMSCAN_REPORT_TOKEN`. Tokens come
 * from the environment or the config file only, never from a flag (flags show up in `ps`), and
 * no error message repeats one.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../errors/index.js';
import { DEFAULT_LISTEN, MIN_SECRET_LENGTH, parseListen, type WebhookConfig } from '../serve/config.js';
import { isSiteName } from '../util/site.js';
import { loadHubWebhooks } from './webhooks.js';

export interface HubFlags {
  config?: string;
  database?: string;
  listen?: string;
}

export interface HubConfig {
  databaseUrl: string;
  listen: { host: string; port: number };
  apiToken: string;
  /** Site name -> its token. */
  sites: Map<string, string>;
  shutdownTimeoutMs: number;
  /** Test-only: hold each ingest this long before COMMIT (`OEMSCAN_TEST_HUB_COMMIT_DELAY_MS`). */
  testCommitDelayMs: number;
  /** The estate's webhooks (src/hub/webhooks.ts) and their signing key; none when absent. */
  webhooks?: WebhookConfig[];
  webhookSecret?: string | null;
}

/** `name=token,name=token` (commas or whitespace between pairs). */
export function parseSites(
  text: string,
  where: string,
  into = new Map<string, string>(),
): Map<string, string> {
  for (const pair of text.split(/[\s,]+/).filter(Boolean)) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq) : '';
    const token = eq > 0 ? pair.slice(eq + 1) : '';
    addSite(into, name, token, where);
  }
  return into;
}

function addSite(into: Map<string, string>, name: string, token: string, where: string) {
  if (!isSiteName(name))
    throw new UsageError(
      `${where}: each site must be NAME=TOKEN, the name up to 100 characters without / = , or control characters`,
    );
  if (token.length < MIN_SECRET_LENGTH)
    throw new UsageError(
      `${where}: the token of site "${name}" must be at least ${MIN_SECRET_LENGTH} characters`,
    );
  if (into.has(name)) throw new UsageError(`${where}: site "${name}" is listed twice`);
  into.set(name, token);
}

function readConfigFile(file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  return doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
}

export function loadHubConfig(flags: HubFlags, env: NodeJS.ProcessEnv = process.env): HubConfig {
  const file = flags.config ?? env.OEMSCAN_CONFIG;
  const raw = file ? readConfigFile(file) : {};
  const hub = (raw.hub && typeof raw.hub === 'object' ? raw.hub : {}) as Record<string, unknown>;
  const databaseUrl = flags.database ?? env.OEMSCAN_DATABASE_URL ?? (hub.database as string | undefined);
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new UsageError(
      '--hub needs a PostgreSQL database: --database postgres://USER@HOST:PORT/DB or OEMSCAN_DATABASE_URL',
    );
  const listen = parseListen(flags.listen ?? env.OEMSCAN_LISTEN ?? String(raw.listen ?? DEFAULT_LISTEN));
  const apiToken = env.OEMSCAN_API_TOKEN ?? '';
  if (apiToken.length < MIN_SECRET_LENGTH)
    throw new UsageError(
      `OEMSCAN_API_TOKEN: the API token must be set, at least ${MIN_SECRET_LENGTH} characters`,
    );
  const sites = new Map<string, string>();
  if (env.OEMSCAN_HUB_SITES) parseSites(env.OEMSCAN_HUB_SITES, 'OEMSCAN_HUB_SITES', sites);
  else if (hub.sites && typeof hub.sites === 'object')
    for (const [name, token] of Object.entries(hub.sites as Record<string, unknown>))
      addSite(sites, name, String(token ?? ''), `${file}: hub.sites`);
  for (const token of sites.values())
    if (token === apiToken) throw new UsageError('a site token must differ from OEMSCAN_API_TOKEN');
  const delay = Number(env.OEMSCAN_TEST_HUB_COMMIT_DELAY_MS ?? 0);
  const { webhooks, webhookSecret } = loadHubWebhooks(hub, env, file);
  return {
    webhooks,
    webhookSecret,
    databaseUrl,
    listen,
    apiToken,
    sites,
    shutdownTimeoutMs: 10000,
    testCommitDelayMs: Number.isFinite(delay) && delay > 0 ? Math.min(delay, 600000) : 0,
  };
}

export interface ReportFlags {
  site?: string;
  reportTo?: string;
}

export interface ReportConfig {
  site: string;
  /** The hub's base URL, without credentials, query or fragment. */
  url: string;
  token: string;
  /** Longest wait between two attempts (ms); retries start at `retryBaseMs` and double. */
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
}

/** Undefined when the site does not report to a hub. */
export function loadReportConfig(
  flags: ReportFlags,
  env: NodeJS.ProcessEnv = process.env,
): ReportConfig | undefined {
  const to = flags.reportTo ?? env.OEMSCAN_REPORT_TO;
  if (!to) return undefined;
  // `oemscan serve` always passes its site (flag, OEMSCAN_SITE, config, else the host name).
  const site = flags.site ?? env.OEMSCAN_SITE;
  if (!site) throw new UsageError('--report-to needs the site name (--site)');
  if (!isSiteName(site))
    throw new UsageError(
      `--site: "${site}" is not a site name (up to 100 characters, none of / = , or control characters)`,
    );
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw new UsageError('--report-to: not a URL (http://HOST:PORT or https://HOST)');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash)
    throw new UsageError('--report-to: must be an http(s) URL without credentials, query or fragment');
  const token = env.OEMSCAN_REPORT_TOKEN ?? '';
  if (token.length < MIN_SECRET_LENGTH)
    throw new UsageError(
      `OEMSCAN_REPORT_TOKEN: the site token must be set, at least ${MIN_SECRET_LENGTH} characters`,
    );
  const num = (v: string | undefined, d: number) => {
    const n = Number(v);
    return v && Number.isFinite(n) && n > 0 ? n : d;
  };
  const retryMaxMs = num(env.OEMSCAN_REPORT_RETRY_MAX_MS, 60000);
  return {
    site,
    url: url.href.replace(/\/+$/, ''),
    token,
    retryBaseMs: Math.min(500, retryMaxMs),
    retryMaxMs,
    timeoutMs: 30000,
  };
}
