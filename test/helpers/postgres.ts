/**
 * A throwaway PostgreSQL cluster for tests: `initdb` into a temp directory, `pg_ctl start` on
 * 127.0.0.1 with a free port and the unix socket inside that directory, and `stop()` stops that
 * cluster (by its data directory, so only the one started here) and deletes it. As root, initdb
 * refuses to run, so the cluster runs as the `postgres` OS user (through `runuser`).
 *
 * Missing binaries: `postgresAvailable()` says why; tests call `requirePostgres()` which throws
 * a clear error in CI (`CI` set) and returns false elsewhere, so a developer without PostgreSQL
 * sees the tests reported as skipped, never silently passing in CI.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

function binDir(): string | undefined {
  if (process.env.OEMSCAN_PG_BIN && existsSync(join(process.env.OEMSCAN_PG_BIN, 'initdb')))
    return process.env.OEMSCAN_PG_BIN;
  return BIN_DIRS.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
}

/** Undefined when PostgreSQL can be started here, else the reason it cannot. */
export function postgresMissing(): string | undefined {
  if (!binDir())
    return `PostgreSQL server binaries (initdb, pg_ctl) not found in ${BIN_DIRS.join(', ')} or $OEMSCAN_PG_BIN; install Debian's "postgresql" package (.ci/run does)`;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      return 'running as root but there is no "postgres" OS user to run the test cluster as';
    }
  }
  return undefined;
}

/** True when PostgreSQL is usable; in CI a missing PostgreSQL is an error, never a skip. */
export function requirePostgres(): boolean {
  const why = postgresMissing();
  if (!why) return true;
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI: ${why}`);
  return false;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface PgCluster {
  /** `postgres://postgres@127.0.0.1:PORT/oemscan` */
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export async function startPostgres(database = 'oemscan'): Promise<PgCluster> {
  const bin = binDir();
  if (!bin) throw new Error(postgresMissing());
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'oemscan-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    return asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe', cwd: dir })
      : execFileSync(full, args, { stdio: 'pipe', cwd: dir });
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=on -c max_connections=50`;
  run('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '20', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/${database}`, port, dir, stop };
}
