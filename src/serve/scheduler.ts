/**
 * @module serve/scheduler
 * Fires scans on the cron schedule (croner; 5 fields, or 6 with seconds first). A tick that
 * finds a scan still running is skipped and counted, never queued.
 */
import { Cron } from 'croner';
import type { Logger } from 'pino';

export function startSchedule(expr: string, fire: () => boolean, log: Logger): { stop(): void } {
  const job = new Cron(
    expr,
    { catch: (err) => log.error({ err: String(err) }, 'scheduled run failed') },
    () => {
      if (!fire()) log.warn('scheduled scan skipped: the previous scan is still running');
    },
  );
  log.info({ schedule: expr, next: job.nextRun()?.toISOString() }, 'schedule armed');
  return { stop: () => job.stop() };
}
