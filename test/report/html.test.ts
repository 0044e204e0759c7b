/**
 * The HTML handover report, rendered from hand-built reports (no network): structure, the OEM
 * chart, and that no device-supplied string can become markup, script or a fetch.
 */
import { describe, expect, it } from 'vitest';
import { oemBars } from '../../src/report/html/chart.js';
import { escapeHtml, renderHtml, safeHref } from '../../src/report/html.js';
import type { Device, ReportEvidence } from '../../src/report/types.js';
import { REPORT_SCHEMA, type Report } from '../../src/report/types.js';
import { makeDevice } from '../helpers/report.js';

const AT = '2025-03-04T09:15:02.120Z';
const BSCC = 'uk-bscc-2022';
const GOV_UK =
  'https://gov.uk/government/publications/never-again-the-uks-responsibility-to-act-on-atrocities-in-xinjiang-and-beyond/letter-from-bscc-to-hikvision-21-march-2022-accessible';
const HOSTILE_TITLE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

function ev(
  field: ReportEvidence['field'],
  value: string,
  more: Partial<ReportEvidence> = {},
): ReportEvidence {
  return { field, value, probe: 'onvif', port: 80, transport: 'tcp', observedAt: AT, ...more };
}

/** A device that has shown nothing yet; each test fixture below fills in what it saw. */
function device(ip: string, over: Partial<Device>): Device {
  return makeDevice(ip, {
    type: 'unknown',
    oem: {
      vendor: null,
      confidence: 0,
      rebranded: false,
      basis: 'no vendor-specific evidence',
      alternatives: [],
    },
    evidence: [],
    ...over,
  });
}

/** Lorex LNB8973B: ONVIF says LOREX, the firmware string is Dahua's. */
const lorex = device('192.168.1.108', {
  type: 'camera',
  brand: 'Lorex',
  brandClaimed: 'LOREX',
  model: 'LNB8973B',
  firmware: '2.460.0001.5.R, Build Date 2017-08-11',
  serial: 'ND021808019141',
  oem: {
    vendor: 'Dahua',
    confidence: 0.89,
    rebranded: true,
    basis: '2 independent signals for Dahua',
    alternatives: [],
  },
  status: 'flagged',
  services: [{ port: 80, transport: 'tcp', service: 'onvif', status: 'ok' }],
  evidence: [
    ev('onvif.manufacturer', 'LOREX', {
      request: 'GetDeviceInformation',
      signature: 'lorex.onvif-manufacturer',
      strength: 'brand',
      brand: 'Lorex',
    }),
    ev('onvif.firmware', '2.460.0001.5.R, Build Date 2017-08-11', {
      signature: 'dahua.onvif-firmware',
      strength: 'oem',
      vendor: 'Dahua',
    }),
    ev('http.auth.realm', 'Login to ND021811019863', {
      probe: 'http',
      signature: 'dahua.http-realm.login-to',
      strength: 'oem',
      vendor: 'Dahua',
    }),
  ],
  flags: [
    {
      policy: BSCC,
      vendor: 'Dahua',
      match: 'oem',
      confidence: 0.89,
      reason:
        'Built by Dahua sold as Lorex; named by Biometrics and Surveillance Camera Commissioner (2022-03-08).',
      reference: GOV_UK,
    },
  ],
});

const hikvision = device('192.168.1.64', {
  type: 'camera',
  brand: 'Hikvision',
  brandClaimed: 'HIKVISION',
  model: 'DS-2CD2143G0-I',
  firmware: 'V5.5.61 build 180718',
  oem: {
    vendor: 'Hikvision',
    confidence: 1,
    rebranded: false,
    basis: '9 independent signals for Hikvision',
    alternatives: [],
  },
  status: 'flagged',
  evidence: [
    ev('http.header.server', 'App-webs/', {
      probe: 'http',
      signature: 'hikvision.http-server.app-webs',
      vendor: 'Hikvision',
    }),
  ],
  flags: [
    {
      policy: BSCC,
      vendor: 'Hikvision',
      match: 'direct',
      confidence: 1,
      reason: 'Built by Hikvision; named by Biometrics and Surveillance Camera Commissioner (2022-03-08).',
      reference: 'https://ipvm.com/reports/uk-surveillance-money-values',
    },
  ],
});

const nginx = device('192.168.1.20', {
  hostname: 'files.site.local',
  services: [{ port: 80, transport: 'tcp', service: 'http', status: 'ok' }],
  evidence: [
    ev('http.header.server', 'nginx/1.22.1', { probe: 'http', request: 'GET /' }),
    ev('http.title', 'Welcome to nginx!', { probe: 'http', request: 'GET /' }),
  ],
});

const hostile = device('192.168.1.66', {
  hostname: '"><b>host</b>',
  brandClaimed: `'"><svg onload=alert(3)>`,
  model: '<iframe src=//evil.example>',
  evidence: [ev('http.title', HOSTILE_TITLE, { probe: 'http', request: 'GET /' })],
  errors: [
    { probe: 'rtsp', port: 554, status: 'protocol-error', message: 'bad status line "<marquee>RTSP"\u0007' },
  ],
});

const axis = device('192.168.1.90', {
  type: 'camera',
  brand: 'Axis',
  model: 'M5525-E',
  firmware: '8.40.1.1',
  oem: {
    vendor: 'Axis',
    confidence: 1,
    rebranded: false,
    basis: '3 independent signals for Axis',
    alternatives: [],
  },
  status: 'clear',
});

function report(devices: Device[]): Report {
  const byOem: Record<string, number> = {};
  for (const d of devices) if (d.oem.vendor) byOem[d.oem.vendor] = (byOem[d.oem.vendor] ?? 0) + 1;
  const count = (s: Device['status']) => devices.filter((d) => d.status === s).length;
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'oemscan', version: '0.1.0' },
    scan: {
      id: '5b0c6a8e-2f1d-4c1e-9d0a-6f3e2b7c9a14',
      startedAt: AT,
      finishedAt: '2025-03-04T09:15:09.870Z',
      targets: ['192.168.1.0/24'],
      policies: [BSCC],
      options: { ports: [80, 443, 554], portOffset: 0, timeoutMs: 1500, concurrency: 64 },
    },
    // Deliberately not in status order: the renderer must put flagged first.
    devices,
    summary: {
      addresses: 254,
      responsive: devices.length,
      devices: devices.length,
      flagged: count('flagged'),
      unverified: count('unverified'),
      clear: count('clear'),
      byOem,
    },
  };
}

const fleet = report([nginx, axis, lorex, hostile, hikvision]);
const out = renderHtml(fleet);

const hrefs = (s: string) => [...s.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

describe('escapeHtml and safeHref', () => {
  it('escapes the five HTML specials and shows control characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(escapeHtml('a\u0000b\u001bc\td\ne')).toBe('a\\x00b\\x1bc\td\ne');
    expect(escapeHtml('Zhejiang 大华')).toBe('Zhejiang 大华');
  });

  it('accepts only absolute http(s) URLs', () => {
    expect(safeHref(GOV_UK)).toBe(GOV_UK);
    expect(safeHref('HTTPS://ipvm.com/x')).toBe('https://ipvm.com/x');
    for (const bad of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<b>',
      '//evil.example',
      '/x',
      'file:///etc/passwd',
      'https://',
    ])
      expect(safeHref(bad), bad).toBeNull();
  });
});

describe('renderHtml', () => {
  it('is one self-contained document with a restrictive CSP', () => {
    expect(out.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(out).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(out).toContain('<title>oemscan handover report');
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<(img|iframe|link|object|embed|svg\s+onload)\b/i);
    const tags = out.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(100);
    for (const tag of tags) expect(tag).not.toMatch(/\s(src|srcset|action|formaction|style|on\w+)\s*=/i);
    expect(out).not.toMatch(/@import|url\(/i);
  });

  it('has no URL except the flag reference links', () => {
    const refs = [GOV_UK, 'https://ipvm.com/reports/uk-surveillance-money-values'];
    expect(
      hrefs(out)
        .filter((h) => !h?.startsWith('#'))
        .sort(),
    ).toEqual(refs.sort());
    const withoutRefLinks = out.replace(/<a class="ref" href="https:\/\/[^"]+"[^>]*>[^<]*<\/a>/g, '');
    expect(withoutRefLinks).not.toMatch(/https?:\/\//i);
    for (const h of hrefs(out).filter((x) => x?.startsWith('#')))
      expect(out).toContain(`id="${h?.slice(1)}"`);
  });

  it('shows hostile device strings as escaped text only', () => {
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(out).toContain('&#39;&quot;&gt;&lt;svg onload=alert(3)&gt;');
    expect(out).toContain('&quot;&gt;&lt;b&gt;host&lt;/b&gt;');
    expect(out).toContain('&lt;iframe src=//evil.example&gt;');
    expect(out).toContain('bad status line &quot;&lt;marquee&gt;RTSP&quot;\\x07');
    expect(out).not.toContain(HOSTILE_TITLE);
  });

  it('has the header: scan id, times, targets, policies, tool version', () => {
    const head = out.slice(0, out.indexOf('id="summary"'));
    for (const s of [
      'oemscan handover report',
      fleet.scan.id,
      '2025-03-04 09:15:02 UTC',
      '2025-03-04 09:15:09 UTC',
      '192.168.1.0/24',
      BSCC,
      'oemscan 0.1.0',
    ])
      expect(head, s).toContain(s);
  });

  it('summarises counts and says unknown is not compliant', () => {
    const summary = out.slice(out.indexOf('id="summary"'), out.indexOf('id="flagged"'));
    expect(summary).toMatch(/<div class="n">254<\/div><div class="l">addresses scanned/);
    expect(summary).toMatch(/<div class="n">5<\/div><div class="l">responsive/);
    expect(summary).toMatch(/<div class="n">2<\/div><div class="l">flagged/);
    expect(summary).toMatch(/<div class="n">2<\/div><div class="l">unverified/);
    expect(summary).toMatch(/<div class="n">1<\/div><div class="l">clear/);
    expect(summary).toContain('unverified = OEM could not be established; unknown is not compliant');
  });

  it('charts OEM share as inline SVG with labelled counts and unknown last', () => {
    expect(oemBars(fleet)).toEqual([
      { label: 'Axis', count: 1, kind: 'known' },
      { label: 'Dahua', count: 1, kind: 'flagged' },
      { label: 'Hikvision', count: 1, kind: 'flagged' },
      { label: 'unknown', count: 2, kind: 'unknown' },
    ]);
    const svg = out.slice(out.indexOf('<svg'), out.indexOf('</svg>'));
    expect(svg).toContain('role="img"');
    expect(svg).toContain('Devices by OEM: Axis 1, Dahua 1, Hikvision 1, unknown 2');
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(svg).toMatch(/>unknown<\/text><rect [^>]+><\/rect><text class="count"[^>]*>2 \(40%\)</);
    expect(svg).not.toContain('xmlns');
  });

  it('orders the sections and puts flagged devices first', () => {
    const at = (s: string) => out.indexOf(s);
    const ids = ['summary', 'flagged', 'unverified', 'clear', 'errors', 'metadata'].map((id) =>
      at(`id="${id}"`),
    );
    expect(ids.every((n) => n > 0)).toBe(true);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(at('id="device-1"')).toBeGreaterThan(ids[1] ?? 0);
    expect(out.match(/<section class="device flagged"/g)).toHaveLength(2);
    // Flagged sections follow report order among flagged devices; others are not given sections.
    expect(at('<span class="ip mono">192.168.1.108')).toBeLessThan(at('<span class="ip mono">192.168.1.64'));
    expect(out).not.toContain('<span class="ip mono">192.168.1.20');
    const unverified = out.slice(ids[2], ids[3]);
    expect(unverified).toContain('192.168.1.20');
    expect(unverified).toContain('files.site.local');
    expect(unverified).toContain('192.168.1.66');
    expect(out.slice(ids[3], ids[4])).toContain('M5525-E');
    expect(out.slice(ids[4], ids[5])).toContain('protocol-error');
    expect(out.slice(ids[5])).toContain('1500 ms');
  });

  it('gives each flagged device its identity, flags with citations, and evidence', () => {
    const start = out.indexOf('id="device-1"');
    const section = out.slice(start, out.indexOf('</section>', start));
    for (const s of [
      '192.168.1.108',
      'camera',
      'Lorex',
      'claims “LOREX”',
      'Dahua',
      'confidence 0.89',
      'rebranded',
      'LNB8973B',
      '2.460.0001.5.R, Build Date 2017-08-11',
      'ND021808019141',
      BSCC,
      'match: oem',
      'Built by Dahua sold as Lorex',
      `href="${GOV_UK}"`,
      'lorex.onvif-manufacturer',
      'dahua.http-realm.login-to',
      'Login to ND021811019863',
      'GetDeviceInformation',
    ])
      expect(section, s).toContain(s);
    expect(section.match(/<tr/g)).toHaveLength(4); // header + 3 evidence rows
    expect(out).toContain('match: direct');
  });

  it('renders unsafe references and URL-valued evidence as text, not links', () => {
    const odd = structuredClone(lorex);
    const flag = odd.flags[0];
    if (flag) flag.reference = 'javascript:alert(document.domain)';
    odd.evidence.push(
      ev('wsd.xaddr', 'http://192.168.1.108/onvif/device_service', {
        probe: 'ws-discovery',
        port: 3702,
        transport: 'udp',
      }),
    );
    const html = renderHtml(report([odd]));
    expect(hrefs(html).filter((h) => !h?.startsWith('#'))).toEqual([]);
    expect(html).toContain('<span class="ref-text">javascript:alert(document.domain)</span>');
    expect(html).toContain('<td class="value mono">http://192.168.1.108/onvif/device_service</td>');
  });

  it('shortens very long device values without splitting an entity', () => {
    const long = device('192.168.1.30', {
      evidence: [ev('http.body', '<'.repeat(5000), { probe: 'http' })],
      status: 'flagged',
    });
    const html = renderHtml(report([long]));
    expect(html).toContain(`${'&lt;'.repeat(400)}<span class="clipped">… (4600 more characters)</span>`);
  });

  it('renders an empty scan and is deterministic', () => {
    const empty = renderHtml(report([]));
    expect(empty).toContain('No device was flagged');
    expect(empty).toContain('No responsive devices');
    expect(empty).not.toContain('<svg');
    const noOptions = report([axis]);
    delete noOptions.scan.options;
    expect(renderHtml(noOptions)).toContain('Scan settings');
    expect(renderHtml(fleet)).toBe(out);
  });
});
