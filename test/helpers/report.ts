/**
 * Small hand-built devices and reports for the store, events and API tests (real scans are
 * exercised by the integration tests).
 */
import { randomUUID } from 'node:crypto';
import { type Device, REPORT_SCHEMA, type Report } from '../../src/report/types.js';
import { summarise } from '../../src/scan/run.js';

export function makeDevice(ip: string, over: Partial<Device> = {}): Device {
  const status = over.status ?? 'unverified';
  return {
    ip,
    hostname: null,
    mac: null,
    type: 'camera',
    brand: null,
    brandClaimed: null,
    model: null,
    firmware: null,
    serial: null,
    oem: {
      vendor: status === 'unverified' ? null : 'Axis',
      confidence: 0.9,
      rebranded: false,
      basis: '',
      alternatives: [],
    },
    status,
    services: [],
    evidence: [
      {
        field: 'http.header.server',
        value: 'x',
        probe: 'http',
        port: 80,
        transport: 'tcp',
        observedAt: '2026-01-01T00:00:00.000Z',
      },
    ],
    flags:
      status === 'flagged'
        ? [
            {
              policy: 'us-ndaa-889',
              vendor: 'Hikvision',
              match: 'direct',
              confidence: 0.9,
              reason: 'test',
              reference: 'https://example.org/ndaa',
            },
          ]
        : [],
    errors: [],
    ...over,
  };
}

export function makeReport(devices: Device[], startedAt = new Date().toISOString()): Report {
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'oemscan', version: '0.1.0' },
    scan: {
      id: randomUUID(),
      startedAt,
      finishedAt: new Date(Date.parse(startedAt) + 1500).toISOString(),
      targets: ['127.0.30.0/24'],
      policies: ['us-ndaa-889'],
    },
    devices,
    summary: summarise(devices, 254),
  };
}
