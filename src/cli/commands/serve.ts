/**
 * @module cli/commands/serve
 * `oemscan serve`: scheduled scans with history, API, dashboard, webhooks and metrics until
 * SIGTERM or SIGINT; `oemscan healthcheck` asks a running one whether it is up. Shutdown is bounded: past `shutdownTimeout` plus a margin the process
 * exits anyway (the running scan is then marked incomplete at the next start).
 * The service and hub modules (Fastify, PostgreSQL, SQLite, metrics) load only when one of
 * these commands runs, so `oemscan scan` never pays for them.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { UsageError } from '../../errors/index.js';
import type { ServeFlags } from '../../serve/config.js';
import { collect } from '../options.js';

const EXIT_MARGIN_MS = 5000;

export function addServeCommand(program: Command, logger: () => Logger) {
  program
    .command('serve')
    .description('scan on a schedule, keep the history, serve the API, dashboard and metrics')
    .option('--config <file>', 'YAML or JSON config file')
    .option('--targets <list>', 'targets, comma-separated (repeatable; overrides the config)', collect)
    .option('--schedule <cron>', 'cron expression, e.g. "0 */6 * * *" (6 fields: seconds first)')
    .option('--data <dir>', 'folder for the SQLite history (default ./oemscan-data)')
    .option('--listen <host:port>', 'API and dashboard address (default 127.0.0.1:8080)')
    .option(
      '--policy <preset|id|file>',
      'policies: uk, us, all, a pack id or file (repeatable; default all)',
      collect,
    )
    .option('--credentials <file>', 'credentials file for authenticated probes')
    .option('--hub', 'run the central hub on PostgreSQL that site scanners report to (no scanning)')
    .option('--database <url>', 'the hub database, postgres://USER@HOST:PORT/DB (or $OEMSCAN_DATABASE_URL)')
    .option(
      '--site <name>',
      "this scanner's site name in the API, at a hub and on the report cover (default $OEMSCAN_SITE, else the host name)",
    )
    .option('--report-to <url>', 'push each finished scan to this hub, token in $OEMSCAN_REPORT_TOKEN')
    .action(async (flags: ServeFlags & { hub?: boolean; database?: string; reportTo?: string }) => {
      const log = logger();
      let service: { url: string; stop(): Promise<void> };
      let shutdownTimeoutMs: number;
      if (flags.hub) {
        const scanning = (
          ['targets', 'schedule', 'data', 'policy', 'credentials', 'site', 'reportTo'] as const
        )
          .filter((k) => flags[k] !== undefined)
          .map((k) => `--${k === 'reportTo' ? 'report-to' : k}`);
        if (scanning.length)
          throw new UsageError(`--hub does not scan: ${scanning.join(', ')} belong to a site scanner`);
        const { loadHubConfig } = await import('../../hub/config.js');
        const { startHub } = await import('../../hub/service.js');
        const config = loadHubConfig(flags);
        shutdownTimeoutMs = config.shutdownTimeoutMs;
        service = await startHub(config, log);
      } else {
        const { hub: _h, database: _d, reportTo: _r, ...serveFlags } = flags;
        const { loadReportConfig } = await import('../../hub/config.js');
        const { loadServeConfig } = await import('../../serve/config.js');
        const { startService } = await import('../../serve/service.js');
        const setup = await loadServeConfig(serveFlags);
        const report = loadReportConfig({
          site: setup.config.site,
          ...(flags.reportTo ? { reportTo: flags.reportTo } : {}),
        });
        shutdownTimeoutMs = setup.config.shutdownTimeoutMs;
        service = await startService(setup, log, report);
      }
      process.stderr.write(`oemscan serve: listening on ${service.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log.info({ signal }, 'shutting down');
          setTimeout(() => {
            log.error('shutdown took too long; exiting');
            process.exit(1);
          }, shutdownTimeoutMs + EXIT_MARGIN_MS).unref();
          service.stop().then(resolve, resolve);
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
    });
}

/** For a container HEALTHCHECK: GET /healthz on the listen address; exit 0 when it answers 200. */
export function addHealthcheckCommand(program: Command, setCode: (code: number) => void) {
  program
    .command('healthcheck')
    .description('exit 0 when the local `oemscan serve` answers /healthz (for container health checks)')
    .option('--listen <host:port>', 'the service address (default $OEMSCAN_LISTEN or 127.0.0.1:8080)')
    .action(async (flags: { listen?: string }) => {
      const { DEFAULT_LISTEN, parseListen } = await import('../../serve/config.js');
      const { host, port } = parseListen(flags.listen ?? (process.env.OEMSCAN_LISTEN || DEFAULT_LISTEN));
      // A wildcard listen address is reached through loopback.
      const target =
        host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
      try {
        const res = await fetch(`http://${target}:${port}/healthz`, { signal: AbortSignal.timeout(3000) });
        setCode(res.ok ? 0 : 1);
      } catch {
        setCode(1);
      }
    });
}
