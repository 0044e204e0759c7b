/**
 * @module hub/silence
 * `site.silent`: a site that has sent nothing (no scan, no failure report) for longer than its
 * schedule allows. Each site sends its schedule interval with every push
 * (`X-Oemscan-Interval-Seconds`, the longest gap between its scheduled runs); it is allowed two
 * intervals plus a minute (one missed run, the scan's own duration and the push's retries), so a
 * site scanning hourly is silent after 2 h 1 min without news. A site without a schedule
 * (interval 0) or that never pushed is never silent. A timer at the hub checks every minute and
 * announces each silence episode once: the announcement is recorded (`hub_silence`) with the
 * site's last news it concerned, and a new episode begins only once the site has been heard again.
 */

import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { WebhookSender } from '../serve/webhooks.js';

/** Seconds without news after which a site with this schedule interval is silent. */
export function silenceAllowanceSeconds(intervalSeconds: number): number {
  return 2 * intervalSeconds + 60;
}

export interface SilentSite {
  site: string;
  intervalSeconds: number;
  /** When the hub last heard from the site (a scan or a failure report). */
  lastReceivedAt: string;
  silentSeconds: number;
}

const LAST_NEWS = `GREATEST(
  (SELECT max(received_at) FROM hub_scans x WHERE x.site = s.name),
  (SELECT max(received_at) FROM hub_failures f WHERE f.site = s.name))`;

/**
 * Sites silent at `now` (a minimal stand-in for the store method hubapi adds; same rule, see
 * {@link silenceAllowanceSeconds}).
 */
export async function silentSites(pool: Pool, now = new Date()): Promise<SilentSite[]> {
  const { rows } = await pool.query<{ name: string; interval_seconds: number; last_at: Date }>(
    `SELECT * FROM (SELECT s.name, s.interval_seconds, ${LAST_NEWS} AS last_at
       FROM hub_sites s WHERE s.interval_seconds > 0) a
     WHERE a.last_at IS NOT NULL AND a.last_at < $1::timestamptz - (2 * a.interval_seconds + 60) * interval '1 second'
     ORDER BY a.name`,
    [now],
  );
  return rows.map((r) => ({
    site: r.name,
    intervalSeconds: r.interval_seconds,
    lastReceivedAt: r.last_at.toISOString(),
    silentSeconds: Math.floor((now.getTime() - r.last_at.getTime()) / 1000),
  }));
}

export class SilenceWatch {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly sender: WebhookSender,
    private readonly log: Logger,
    private readonly everyMs = 60000,
  ) {}

  start() {
    this.timer ??= setInterval(() => {
      // One check at a time: a slow database must not pile them up.
      this.running ??= this.check()
        .catch((err) => this.log.error({ err: (err as Error).message }, 'silence check failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.everyMs);
    this.timer.unref();
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Announces the silence episodes that began by `now` and were not announced yet; returns their sites. */
  async check(now = new Date()): Promise<string[]> {
    const announced: string[] = [];
    for (const s of await silentSites(this.pool, now)) {
      // Claimed in the database, so two hubs on one database announce an episode once.
      const claim = await this.pool.query(
        `INSERT INTO hub_silence (site, notified_at, last_received_at) VALUES ($1, $2, $3)
         ON CONFLICT (site) DO UPDATE SET notified_at = EXCLUDED.notified_at,
           last_received_at = EXCLUDED.last_received_at
         WHERE hub_silence.last_received_at < EXCLUDED.last_received_at
         RETURNING site`,
        [s.site, now, s.lastReceivedAt],
      );
      if (!claim.rowCount) continue;
      this.log.warn(
        { site: s.site, lastReceivedAt: s.lastReceivedAt, intervalSeconds: s.intervalSeconds },
        'site silent: nothing received for longer than its schedule allows',
      );
      this.sender.emit({ event: 'site.silent', ...s });
      announced.push(s.site);
    }
    return announced;
  }
}
