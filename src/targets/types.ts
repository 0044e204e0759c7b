/**
 * @module targets/types
 * The public shapes of the targets module: what the CLI passes in and what the scanner gets.
 */

export interface TargetOptions {
  /** Tokens to leave out, same syntax as targets (including @file). */
  exclude?: string[];
  /** Accept a spec, or a total, larger than a /16. */
  allowLarge?: boolean;
  /** Accept addresses outside private, loopback, link-local and CGNAT space. */
  allowPublic?: boolean;
  /** Hostname -> IPv4 addresses. Default: dns.promises.lookup with all IPv4 answers. */
  resolve?: (host: string) => Promise<string[]>;
  /** Reads an @file list. Default: fs.promises.readFile as UTF-8. */
  readFile?: (path: string) => Promise<string>;
}

export interface TargetSet {
  /** The tokens as the user wrote them (for the report's scan.targets). */
  specs: string[];
  /** Number of addresses after exclusion. */
  count: number;
  /** Each address once, ascending within a spec, specs in the order given, exclusions left out. Lazy. */
  addresses(): Iterable<string>;
  /** True when ip is one of the scan's own targets (so a device can't steer the scanner elsewhere). O(log n). */
  has(ip: string): boolean;
  /** Hostname the user gave for an address, if any. */
  hostnameOf(ip: string): string | undefined;
}
