/**
 * The site side of issue 14 item 5: failed scans queue in the outbox with the finished ones and
 * go out in order to `POST /api/sites/{site}/failures`; every push carries the schedule interval
 * in `X-Oemscan-Interval-Seconds`; a hub that does not know the failures route does not hold up
 * the scans behind a failure report. A recording hub stands in on 127.0.66.0/24.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportConfig } from '../../src/hub/config.js';
import { Outbox, PushSender, scheduleIntervalSeconds } from '../../src/hub/push.js';
import type { ScanFailure } from '../../src/serve/webhooks.js';
import { openStore } from '../../src/store/index.js';
import { silentLogger } from '../../src/util/log.js';
import { startReceiver } from '../helpers/proxy.js';
import { makeDevice, makeReport } from '../helpers/report.js';

const dir = mkdtempSync(join(tmpdir(), 'oemscan-push-ops-'));
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
  rmSync(dir, { recursive: true, force: true });
});

const cfg = (url: string): ReportConfig => ({
  site: 'north',
  url,
  token: 'north-site-token-0123456789abcdefgh',
  retryBaseMs: 20,
  retryMaxMs: 100,
  timeoutMs: 5000,
});

const failure = (): ScanFailure => ({
  site: 'north',
  scan: { id: randomUUID(), startedAt: '2026-12-05T08:00:00.000Z', finishedAt: '2026-12-05T08:00:01.000Z' },
  trigger: 'schedule',
  error: 'cannot read credentials /etc/oemscan/creds.yaml: EACCES',
});

async function drain(hubUrl: string, fill: (o: Outbox) => void, interval = 900) {
  const store = openStore(join(dir, randomUUID()));
  const outbox = new Outbox(store.db);
  fill(outbox);
  const sender = new PushSender(outbox, cfg(hubUrl), silentLogger, interval);
  sender.start();
  const end = Date.now() + 10000;
  while (outbox.size() > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  await sender.stop();
  const left = outbox.size();
  store.close();
  return left;
}

describe('failed scans and the schedule interval, pushed to the hub', () => {
  it('sends scans and failure reports strictly in queue order, each with the interval header', async () => {
    const hub = await startReceiver('127.0.66.60', { status: () => 201 });
    closers.push(hub.close);
    const a = makeReport([makeDevice('127.0.66.61')]);
    const f = failure();
    const b = makeReport([makeDevice('127.0.66.62')]);
    const left = await drain(hub.url, (o) => {
      o.enqueue('north', a.scan.id, JSON.stringify(a));
      o.enqueueFailure(f);
      o.enqueueFailure(f); // queued once
      o.enqueue('north', b.scan.id, JSON.stringify(b));
    });
    expect(left).toBe(0);
    expect(hub.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      `PUT /api/sites/north/scans/${a.scan.id}`,
      'POST /api/sites/north/failures',
      `PUT /api/sites/north/scans/${b.scan.id}`,
    ]);
    for (const r of hub.received) {
      expect(r.headers['x-oemscan-interval-seconds']).toBe('900');
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(JSON.parse(hub.received[1]?.body ?? '{}')).toEqual(f);
  });

  it('retries a failure report the hub could not take, and drops one an older hub has no route for', async () => {
    let n = 0;
    const hub = await startReceiver('127.0.66.63', {
      // 503 once, then 404 on the failure route (an older hub), 201 for scans.
      status: () => {
        n++;
        return n === 1 ? 503 : n === 2 ? 404 : 201;
      },
    });
    closers.push(hub.close);
    const f = failure();
    const b = makeReport([makeDevice('127.0.66.64')]);
    const left = await drain(hub.url, (o) => {
      o.enqueueFailure(f);
      o.enqueue('north', b.scan.id, JSON.stringify(b));
    });
    expect(left).toBe(0);
    expect(hub.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/sites/north/failures',
      'POST /api/sites/north/failures',
      `PUT /api/sites/north/scans/${b.scan.id}`,
    ]);
  });

  it('keeps a scan queued while the hub refuses it (a 404 on a scan is not an acknowledgement)', async () => {
    const hub = await startReceiver('127.0.66.65', { status: () => 404 });
    closers.push(hub.close);
    const a = makeReport([makeDevice('127.0.66.66')]);
    const store = openStore(join(dir, randomUUID()));
    const outbox = new Outbox(store.db);
    outbox.enqueue('north', a.scan.id, JSON.stringify(a));
    const sender = new PushSender(outbox, cfg(hub.url), silentLogger, 60);
    sender.start();
    while (hub.received.length < 2) await new Promise((r) => setTimeout(r, 20));
    await sender.stop();
    expect(outbox.size()).toBe(1);
    expect(outbox.oldest()).toMatchObject({ kind: 'scan', scanId: a.scan.id });
    store.close();
  });

  it('takes the interval as the longest gap between scheduled runs (0 without a schedule)', () => {
    const from = new Date('2026-12-02T12:00:00Z'); // a Wednesday
    expect(scheduleIntervalSeconds(null)).toBe(0);
    expect(scheduleIntervalSeconds('*/5 * * * *', from)).toBe(300);
    expect(scheduleIntervalSeconds('*/3 * * * * *', from)).toBe(3);
    expect(scheduleIntervalSeconds('0 * * * *', from)).toBe(3600);
    // Weekdays at nine: the weekend is the gap that counts.
    expect(scheduleIntervalSeconds('0 9 * * 1-5', from)).toBe(3 * 86400);
    expect(scheduleIntervalSeconds('not a schedule', from)).toBe(0);
  });
});
