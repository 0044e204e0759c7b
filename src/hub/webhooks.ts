/**
 * @module hub/webhooks
 * The estate's webhooks, fired by the hub (issue 14, item 5), delivered and signed exactly as
 * the site server's (src/serve/webhooks.ts: `X-Oemscan-Signature`, retries, proxies):
 * - `device.flagged`: a site's scan just ingested has flagged devices its previous scan at the
 *   hub had not (the first scan of a site is compared with nothing, as at the site);
 * - `scan.failed`: a site reported a failed scan (`POST /api/sites/{site}/failures`);
 * - `site.silent`: a site has sent nothing for longer than its schedule allows (src/hub/silence.ts),
 *   once per silence episode.
 * Configured like the site server's: `hub.webhooks` in the config file (url, events, attempts,
 * backoff, timeout) and/or `OEMSCAN_HUB_WEBHOOKS` (URLs, comma- or space-separated, every event,
 * default retries), signed with `OEMSCAN_WEBHOOK_SECRET` (at least 32 characters).
 */

import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { UsageError } from '../errors/index.js';
import type { Report } from '../report/types.js';
import { checkWebhookUrl, MIN_SECRET_LENGTH, type WebhookConfig } from '../serve/config.js';
import { scanEvents } from '../serve/events.js';
import type { ScanFailure, WebhookSender } from '../serve/webhooks.js';

export const HUB_WEBHOOK_EVENTS = ['device.flagged', 'scan.failed', 'site.silent'] as const;
export type HubWebhookEvent = (typeof HUB_WEBHOOK_EVENTS)[number];

const DEFAULTS = { attempts: 5, backoffMs: 2000, timeoutMs: 10000 };
const LIMITS = { attempts: [1, 20], backoff: [10, 600000], timeout: [100, 120000] } as const;

function int(v: unknown, key: keyof typeof LIMITS, where: string): number | undefined {
  if (v === undefined) return undefined;
  const [min, max] = LIMITS[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new UsageError(`${where}.${key}: must be an integer from ${min} to ${max}`);
  return v;
}

function checked(url: string, where: string): string {
  try {
    checkWebhookUrl(url);
  } catch (err) {
    // The message never repeats the URL: its path may be the hook's secret.
    throw new UsageError(`${where}: ${(err as Error).message.replace(/^"[^"]*" /, '')}`);
  }
  return url;
}

/**
 * The hub's webhooks and signing key from its config file's `hub` mapping and the environment;
 * every error names where the value came from, never a URL or the key.
 */
export function loadHubWebhooks(
  hub: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  file: string | undefined,
): { webhooks: WebhookConfig[]; webhookSecret: string | null } {
  const webhooks: WebhookConfig[] = [];
  const raw = hub.webhooks;
  if (raw !== undefined && !Array.isArray(raw))
    throw new UsageError(
      `${file}: hub.webhooks: must be a list of {url, events, attempts, backoff, timeout}`,
    );
  for (const [i, w] of (Array.isArray(raw) ? raw : []).entries()) {
    const where = `${file}: hub.webhooks.${i}`;
    if (!w || typeof w !== 'object' || typeof (w as { url?: unknown }).url !== 'string')
      throw new UsageError(`${where}: each webhook needs a url`);
    const h = w as Record<string, unknown>;
    for (const key of Object.keys(h))
      if (!['url', 'events', 'attempts', 'backoff', 'timeout'].includes(key))
        throw new UsageError(`${where}.${key}: unknown key`);
    const events = h.events ?? [...HUB_WEBHOOK_EVENTS];
    if (
      !Array.isArray(events) ||
      events.length === 0 ||
      events.some((e) => !(HUB_WEBHOOK_EVENTS as readonly unknown[]).includes(e))
    )
      throw new UsageError(`${where}.events: must be a list of ${HUB_WEBHOOK_EVENTS.join(', ')}`);
    webhooks.push({
      url: checked(h.url as string, `${where}.url`),
      events: events as string[],
      attempts: int(h.attempts, 'attempts', where) ?? DEFAULTS.attempts,
      backoffMs: int(h.backoff, 'backoff', where) ?? DEFAULTS.backoffMs,
      timeoutMs: int(h.timeout, 'timeout', where) ?? DEFAULTS.timeoutMs,
    });
  }
  const fromEnv = (env.OEMSCAN_HUB_WEBHOOKS ?? '').split(/[\s,]+/).filter(Boolean);
  for (const [i, url] of fromEnv.entries())
    webhooks.push({
      url: checked(url, `OEMSCAN_HUB_WEBHOOKS (entry ${i + 1})`),
      events: [...HUB_WEBHOOK_EVENTS],
      ...DEFAULTS,
    });
  const webhookSecret = env.OEMSCAN_WEBHOOK_SECRET || null;
  if (webhooks.length && !webhookSecret)
    throw new UsageError('OEMSCAN_WEBHOOK_SECRET: webhooks are configured, so their signing key must be set');
  if (webhookSecret && webhookSecret.length < MIN_SECRET_LENGTH)
    throw new UsageError(
      `OEMSCAN_WEBHOOK_SECRET: the webhook signing key must be at least ${MIN_SECRET_LENGTH} characters`,
    );
  return { webhooks, webhookSecret };
}

/** The newest scan of `site` at the hub that started before `report` (undefined: none). */
async function previousReport(pool: Pool, site: string, report: Report): Promise<Report | undefined> {
  const { rows } = await pool.query<{ report: Report }>(
    `SELECT report FROM hub_scans WHERE site = $1 AND id <> $2 AND started_at < $3
     ORDER BY started_at DESC, received_seq DESC LIMIT 1`,
    [site, report.scan.id, report.scan.startedAt],
  );
  return rows[0]?.report;
}

/** Turns what the hub receives into estate events. */
export class HubEvents {
  constructor(
    private readonly pool: Pool,
    private readonly sender: WebhookSender,
    private readonly log: Logger,
  ) {}

  /**
   * After a scan was stored: `device.flagged` with the devices newly flagged since the site's
   * previous scan at the hub. Never throws (the scan is already acknowledged).
   */
  async ingested(site: string, report: Report, result: string): Promise<void> {
    if (result !== 'stored') return;
    try {
      const previous = await previousReport(this.pool, site, report);
      const flagged = scanEvents(previous, report).find((e) => e.event === 'newly-flagged');
      if (!flagged) return;
      const { id, startedAt, finishedAt } = report.scan;
      this.sender.emit({
        event: 'device.flagged',
        site,
        scan: { id, startedAt, finishedAt },
        previousScan: previous?.scan.id ?? null,
        devices: flagged.devices,
      });
    } catch (err) {
      this.log.error(
        { site, scan: report.scan.id, err: (err as Error).message },
        'device.flagged not decided',
      );
    }
  }

  /** A site reported a failed scan (first time the hub hears of it). */
  failed(failure: ScanFailure) {
    this.sender.notifyFailure(failure);
  }
}
