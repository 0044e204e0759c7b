/**
 * @module serve/metrics
 * Prometheus metrics (prom-client) on a registry of the service's own: scan duration and
 * outcome, devices of the latest complete scan by OEM and status, probe errors, webhook
 * deliveries. Counts only: no address or device string is ever a label value except the
 * OEM's canonical vendor name.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Report } from '../report/types.js';
import type { ScanStatus } from '../store/types.js';
import type { DeliveryResult } from './webhooks.js';

export class ServeMetrics {
  readonly registry = new Registry();
  private readonly duration = new Histogram({
    name: 'oemscan_scan_duration_seconds',
    help: 'Wall time of complete scans.',
    buckets: [1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600],
    registers: [this.registry],
  });
  private readonly scans = new Counter({
    name: 'oemscan_scans_total',
    help: 'Scans ended, by final status.',
    labelNames: ['status'],
    registers: [this.registry],
  });
  private readonly skipped = new Counter({
    name: 'oemscan_scheduled_scans_skipped_total',
    help: 'Scheduled runs skipped because a scan was still running.',
    registers: [this.registry],
  });
  private readonly running = new Gauge({
    name: 'oemscan_scan_running',
    help: '1 while a scan is running.',
    registers: [this.registry],
  });
  private readonly lastFinished = new Gauge({
    name: 'oemscan_last_scan_finished_timestamp_seconds',
    help: 'When the latest complete scan finished (Unix time).',
    registers: [this.registry],
  });
  private readonly byOem = new Gauge({
    name: 'oemscan_devices',
    help: 'Devices in the latest complete scan, by OEM (unknown when not established).',
    labelNames: ['oem'],
    registers: [this.registry],
  });
  private readonly byStatus = new Gauge({
    name: 'oemscan_devices_by_status',
    help: 'Devices in the latest complete scan, by status.',
    labelNames: ['status'],
    registers: [this.registry],
  });
  private readonly flagged = new Gauge({
    name: 'oemscan_flagged_devices',
    help: 'Flagged devices in the latest complete scan.',
    registers: [this.registry],
  });
  private readonly probeErrors = new Counter({
    name: 'oemscan_probe_errors_total',
    help: 'Probe errors recorded in complete scans, by probe and status.',
    labelNames: ['probe', 'status'],
    registers: [this.registry],
  });
  private readonly webhooks = new Counter({
    name: 'oemscan_webhook_deliveries_total',
    help: 'Webhook deliveries, by event and result (delivered, rejected, failed after retries).',
    labelNames: ['event', 'result'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  scanStarted() {
    this.running.set(1);
  }

  scanSkipped() {
    this.skipped.inc();
  }

  scanEnded(status: Exclude<ScanStatus, 'running'>, report?: Report) {
    this.running.set(0);
    this.scans.inc({ status });
    if (!report) return;
    this.duration.observe((Date.parse(report.scan.finishedAt) - Date.parse(report.scan.startedAt)) / 1000);
    for (const d of report.devices)
      for (const e of d.errors) this.probeErrors.inc({ probe: e.probe, status: e.status });
    this.latest(report);
  }

  /** The gauges describe the latest complete scan (also set from the store at start). */
  latest(report: Report) {
    this.lastFinished.set(Date.parse(report.scan.finishedAt) / 1000);
    this.byOem.reset();
    for (const d of report.devices) this.byOem.inc({ oem: d.oem.vendor ?? 'unknown' });
    this.byStatus.reset();
    for (const status of ['flagged', 'unverified', 'clear'] as const) {
      this.byStatus.set({ status }, report.devices.filter((d) => d.status === status).length);
    }
    this.flagged.set(report.summary.flagged);
  }

  webhook(event: string, result: DeliveryResult) {
    this.webhooks.inc({ event, result });
  }
}
