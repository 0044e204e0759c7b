/**
 * @module cli/commands/serve
 * `oemscan serve`: scheduled scans with history, API, dashboard, webhooks and metrics until
 * SIGTERM or SIGINT. Shutdown is bounded: past `shutdownTimeout` plus a margin the process
 * exits anyway (the running scan is then marked incomplete at the next start).
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { loadServeConfig, type ServeFlags } from '../../serve/config.js';
import { startService } from '../../serve/service.js';
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
    .option('--policy <id|file>', 'policy pack (repeatable; default all built-in)', collect)
    .option('--credentials <file>', 'credentials file for authenticated probes')
    .action(async (flags: ServeFlags) => {
      const log = logger();
      const setup = await loadServeConfig(flags);
      const service = await startService(setup, log);
      process.stderr.write(`oemscan serve: listening on ${service.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log.info({ signal }, 'shutting down');
          setTimeout(() => {
            log.error('shutdown took too long; exiting');
            process.exit(1);
          }, setup.config.shutdownTimeoutMs + EXIT_MARGIN_MS).unref();
          service.stop().then(resolve, resolve);
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
    });
}
