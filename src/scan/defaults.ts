/**
 * @module scan/defaults
 * Scan defaults and the parsing/checking of the numeric and list options shared by every shell
 * that runs a scan (`oemscan scan`, `oemscan serve`, the validation runner). Nothing here knows
 * about a command line: errors are UsageErrors whose message names the option.
 */
import { UsageError } from '../errors/index.js';
import { ALL_PROBES, DEFAULT_TCP_PORTS } from '../probes/registry.js';

export const DEFAULTS = {
  timeoutMs: 1500,
  hostBudgetMs: 20000,
  concurrency: 64,
  /** New connections per second: a /24 sweep stays well under what a site switch or IDS notices. */
  rate: 1000,
  /** New connections per second to one device: embedded web servers handle this comfortably. */
  maxHostRate: 50,
  maxBytes: 256 * 1024,
  /** SSDP devices may wait up to MX (3 s, node-ssdp's M-SEARCH) before answering. */
  discoveryWindowMs: 3000,
  ports: [...DEFAULT_TCP_PORTS] as number[],
};

export function intOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

/** `80,443,8000-8010` -> ports. */
export function parsePorts(value: string): number[] {
  const out = new Set<number>();
  for (const part of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    const a = Number(m?.[1]);
    const b = Number(m?.[2] ?? m?.[1]);
    if (!m || a < 1 || b > 65535 || a > b) throw new UsageError(`bad port or port range "${part}"`);
    if (b - a > 65535) throw new UsageError(`port range "${part}" is too large`);
    for (let p = a; p <= b; p++) out.add(p);
  }
  if (out.size === 0) throw new UsageError('--ports needs at least one port');
  return [...out].sort((x, y) => x - y);
}

/**
 * Every standard port a unicast probe contacts at port + offset: the TCP ports of each probe
 * and the UDP ports of the datagram probes (WS-Discovery 3702, SSDP 1900, DHIP 37810, ...).
 */
export function probePorts(): number[] {
  return [...new Set(ALL_PROBES.flatMap((p) => p.defaultPorts))].sort((a, b) => a - b);
}

/** The offset must keep every port the scan will contact (the chosen TCP ports and each probe's own) valid. */
export function checkOffset(
  offset: number,
  ports: readonly number[],
  standard: readonly number[] = probePorts(),
) {
  const max = Math.max(...ports, ...standard) + offset;
  if (max > 65535) throw new UsageError(`--port-offset ${offset} pushes port ${max} past 65535`);
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];
