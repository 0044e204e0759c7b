/**
 * @module policy/defaults
 * Which policies `scan` and `identify` apply when `--policy` is not given, in the same order of
 * precedence as `oemscan serve`: the OEMSCAN_POLICIES variable, else the `policies` key of the
 * config file (`--config FILE`, else OEMSCAN_CONFIG: the file `serve` reads, YAML or JSON), else
 * nothing, which means the `all` preset. Only `policies` is read from the file here; the rest
 * of it is the service's business.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { UsageError } from '../errors/index.js';
import { isPolicyFileSpec } from './load.js';

const MAX_CONFIG_BYTES = 1 << 20;

const list = (s: string) => s.split(/[\s,]+/).filter(Boolean);

export function defaultPolicySpecs(
  configFile?: string,
  env: NodeJS.ProcessEnv = process.env,
): string[] | undefined {
  const fromEnv = env.OEMSCAN_POLICIES;
  if (fromEnv) return list(fromEnv);
  const file = configFile ?? (env.OEMSCAN_CONFIG || undefined);
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (text.length > MAX_CONFIG_BYTES) throw new UsageError(`config ${file} is larger than 1 MiB`);
  const doc = parseDocument(text);
  const err = doc.errors[0];
  if (err) throw new UsageError(`${file}:${err.linePos?.[0]?.line ?? 1}: ${err.message.split('\n')[0]}`);
  const raw = doc.toJS() as unknown;
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(`${file}:1: config must be a mapping of keys (policies, targets, ...)`);
  }
  const policies = (raw as Record<string, unknown>).policies;
  if (policies === undefined || policies === null) return undefined;
  const specs =
    typeof policies === 'string'
      ? list(policies)
      : Array.isArray(policies) && policies.every((p) => typeof p === 'string' && p)
        ? (policies as string[])
        : undefined;
  if (!specs || specs.length === 0) {
    throw new UsageError(`${file}: policies must be a list of presets, pack ids or pack files`);
  }
  // Pack files in the config are relative to the config, as `serve` reads them.
  const base = dirname(resolve(file));
  return specs.map((s) => (isPolicyFileSpec(s) && !isAbsolute(s) ? resolve(base, s) : s));
}
