/** Types of scripts/hub-load.mjs for the TypeScript tests that import it. */
import type { Device } from '../src/report/types.js';

export const CLI: string;
export const DEFAULTS: Readonly<{
  sites: number;
  scans: number;
  devices: number;
  readers: number;
  timeLimitS: number;
  host: string;
  labPrefix: string;
  labPortOffset: number;
  idleReadS: number;
}>;
export const ROUTES: Readonly<{ ingest: string; sites: string; flagged: string; page: string }>;

export type RouteKey = 'ingest' | 'sites' | 'flagged' | 'page';
export interface Latency {
  n: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}
export interface SiteCounts {
  site: string;
  apiScans: number | null;
  apiDevices: number | null;
  apiFlagged: number | null;
  devicesTotal: number;
  flaggedTotal: number;
  dbScans: number;
  dbDeviceRows: number;
}
export interface HubLoadResult {
  config: {
    sites: number;
    scansPerSite: number;
    devicesPerScan: [number, number];
    readers: number;
    timeLimitS: number;
    templateDevices: number;
  };
  sent: { scans: number; devices: number; bytes: number };
  ingest: {
    seconds: number;
    scansPerS: number;
    devicesPerS: number;
    mbPerS: number;
    results: { stored: number; duplicate: number };
  };
  latencyMs: Record<RouteKey, Latency>;
  idleLatencyMs: Record<Exclude<RouteKey, 'ingest'>, Latency>;
  reads: { load: number; idle: number };
  failed: Record<RouteKey, number>;
  failedTotal: number;
  failures: { route: string; path: string; status: number | null; body: string }[];
  mismatches: { site: string; field: string; sent: number; hub: number | null }[];
  counts: SiteCounts[];
  /** What each site sent: scans, devices over all scans, and its newest scan's counts. */
  expected: {
    site: string;
    scans: number;
    devices: number;
    latest: { devices: number; flagged: number };
  }[];
  hub: {
    cpuS: number | null;
    peakRssMb: number | null;
    logLines: number;
    exit: { code: number | null; signal: string | null };
  };
  /** Seconds per phase: lab scan, building the reports, hub start, load (ingest + idle reads), final check and stop. */
  phases: Record<string, number>;
  wallS: number;
}

export interface HubLoadOptions {
  databaseUrl: string;
  sites?: number;
  scans?: number;
  devices?: number;
  readers?: number;
  timeLimitS?: number;
  host?: string;
  port?: number;
  labPrefix?: string;
  labPortOffset?: number;
  idleReadS?: number;
  /** Also write the hub's log lines (pino JSON) to this file. */
  hubLog?: string;
  /** Devices to build the estates from instead of scanning the lab. */
  template?: Device[];
}

export function runHubLoad(opts: HubLoadOptions): Promise<HubLoadResult>;
export function scanLabTemplate(opts?: { prefix?: string; portOffset?: number }): Promise<Device[]>;
export function estateDevice(template: Device[], site: number, n: number): Device;
export function formatTable(r: HubLoadResult): string;
export function latencyStats(samples: number[]): Latency;
export function freePort(host: string): Promise<number>;
export function startThrowawayPostgres(): Promise<{ url: string; stop(): Promise<void> }>;
