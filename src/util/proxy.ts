/**
 * @module util/proxy
 * What the environment says about proxies, fit for a log line: the proxy URLs webhook deliveries
 * and pushes to a hub will use (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, each also lower-case; axios
 * reads the same variables) with any user:password removed, and NO_PROXY as it is. Scans never
 * use them (src/probes/net/http.ts sets `proxy: false`).
 */

function withoutCredentials(value: string): string {
  try {
    const u = new URL(value.includes('://') ? value : `http://${value}`);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unparseable)';
  }
}

const read = (env: NodeJS.ProcessEnv, name: string) => env[name.toLowerCase()] || env[name] || '';

/** Undefined when no proxy variable is set. */
export function proxySummary(
  env: NodeJS.ProcessEnv = process.env,
): { https?: string; http?: string; all?: string; noProxy?: string } | undefined {
  const out: { https?: string; http?: string; all?: string; noProxy?: string } = {};
  const https = read(env, 'HTTPS_PROXY');
  const http = read(env, 'HTTP_PROXY');
  const all = read(env, 'ALL_PROXY');
  const no = read(env, 'NO_PROXY');
  if (https) out.https = withoutCredentials(https);
  if (http) out.http = withoutCredentials(http);
  if (all) out.all = withoutCredentials(all);
  if (no && (https || http || all)) out.noProxy = no;
  return Object.keys(out).length ? out : undefined;
}
