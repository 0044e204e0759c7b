/**
 * The HTML handover document, rendered from hand-built reports (no network): its parts and
 * their order (cover, summary per policy, findings by policy, remediation once per class,
 * sign-off, evidence appendix), the OEM chart of cameras and recorders, the engagement block,
 * and that no device-supplied string can become markup, script or a fetch.
 */
import { describe, expect, it } from 'vitest';
import { engagementFrom } from '../../src/report/engagement.js';
import { oemBars } from '../../src/report/html/chart.js';
import { policyLineText } from '../../src/report/html/policy-line.js';
import { REMEDIATION, remediationFor } from '../../src/report/html/remediation.js';
import { escapeHtml, renderHtml, safeHref } from '../../src/report/html.js';
import type { Device, Flag, ReportEvidence } from '../../src/report/types.js';
import { REPORT_SCHEMA, type Report } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
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

  it('summarises cameras and recorders apart from other hosts, and says unknown is not compliant', () => {
    const summary = out.slice(out.indexOf('id="summary"'), out.indexOf('id="findings"'));
    // lorex, hikvision and axis are cameras; nginx and the hostile page are hosts nothing identifies.
    expect(summary).toMatch(/<div class="n">3<\/div><div class="l">cameras &amp; recorders/);
    expect(summary).toMatch(/<div class="n">2<\/div><div class="l">flagged/);
    expect(summary).toMatch(/<div class="n">0<\/div><div class="l">unverified/);
    expect(summary).toMatch(/<div class="n">1<\/div><div class="l">clear/);
    expect(summary).toMatch(/<div class="n">2<\/div><div class="l">other hosts/);
    expect(summary).toContain('unverified = OEM could not be established; unknown is not compliant');
  });

  it('gives one summary paragraph per selected policy: devices under it, directly and behind a badge', () => {
    const two = report([lorex, hikvision, axis]);
    two.scan.policies = [BSCC, 'us-ndaa-889'];
    const page = renderHtml(two, {
      policies: [
        { id: BSCC, title: 'UK Biometrics and Surveillance Camera Commissioner advice', kind: 'advisory' },
        { id: 'us-ndaa-889', title: 'US NDAA FY2019 §889', coversOemProducts: true },
      ],
    });
    const paras = [...page.matchAll(/<p class="policy-para">(.*?)<\/p>/g)].map((m) => m[1] ?? '');
    expect(paras).toHaveLength(2);
    expect(paras[0]).toContain('UK Biometrics and Surveillance Camera Commissioner advice');
    expect(paras[0]).toContain(
      '2 devices fall under it, 1 directly (Hikvision) and 1 behind another brand’s badge (Lorex built by Dahua).',
    );
    expect(paras[1]).toContain('US NDAA FY2019 §889');
    expect(paras[1]).toContain('no device found falls under it');
  });

  it('charts the OEM share of cameras and recorders only, unknown last', () => {
    expect(oemBars(fleet)).toEqual([
      { label: 'Axis', count: 1, kind: 'known' },
      { label: 'Dahua', count: 1, kind: 'flagged' },
      { label: 'Hikvision', count: 1, kind: 'flagged' },
    ]);
    const svg = out.slice(out.indexOf('<svg'), out.indexOf('</svg>'));
    expect(svg).toContain('role="img"');
    expect(svg).toContain('Cameras and recorders by OEM: Axis 1, Dahua 1, Hikvision 1');
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).not.toContain('xmlns');
    // An unverified camera is "unknown"; the web server next to it is not counted at all.
    const mystery = device('192.168.1.70', { type: 'camera', status: 'unverified' });
    const withUnknown = renderHtml(report([axis, mystery, nginx]));
    expect(oemBars(report([axis, mystery, nginx]))).toEqual([
      { label: 'Axis', count: 1, kind: 'known' },
      { label: 'unknown', count: 1, kind: 'unknown' },
    ]);
    expect(withUnknown).toMatch(/>unknown<\/text><rect [^>]+><\/rect><text class="count"[^>]*>1 \(50%\)</);
  });

  it('orders the document: cover, summary, findings by policy, remediation, sign-off, appendix', () => {
    const at = (s: string) => out.indexOf(s);
    const ids = [
      'cover',
      'summary',
      'findings',
      'policy-1',
      'flagged',
      'unverified',
      'other-hosts',
      'clear',
      'remediation',
      'signoff',
      'appendix',
      'errors',
    ].map((id) => at(`id="${id}"`));
    expect(ids.every((n) => n > 0)).toBe(true);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(out.match(/<section class="device flagged"/g)).toHaveLength(2);
    // Cards follow report order among flagged devices; other devices get no card.
    expect(at('<span class="ip mono">192.168.1.108')).toBeLessThan(at('<span class="ip mono">192.168.1.64'));
    expect(out).not.toContain('<span class="ip mono">192.168.1.20');
    // Hosts that are not cameras are listed apart from the unverified cameras.
    const slice = (a: string, b: string) => out.slice(at(`id="${a}"`), at(`id="${b}"`));
    expect(slice('unverified', 'other-hosts')).not.toContain('192.168.1.20');
    expect(slice('other-hosts', 'clear')).toContain('192.168.1.20');
    expect(slice('other-hosts', 'clear')).toContain('files.site.local');
    expect(slice('other-hosts', 'clear')).toContain('192.168.1.66');
    expect(slice('clear', 'remediation')).toContain('M5525-E');
    expect(out.slice(at('id="errors"'))).toContain('protocol-error');
    // The scan settings are on the cover.
    expect(slice('cover', 'summary')).toContain('1500 ms per connection');
  });

  it('gives each flagged device one card: identity, one policy line, remediation references, a link to its evidence', () => {
    const start = out.indexOf('id="device-1"');
    const card = out.slice(start, out.indexOf('</section>', start));
    for (const s of [
      '192.168.1.108',
      'camera badged <strong>Lorex</strong>',
      'claims “LOREX”',
      'Dahua',
      'confidence 0.89',
      'rebranded',
      'LNB8973B',
      '2.460.0001.5.R, Build Date 2017-08-11',
      'ND021808019141',
      '<span class="policy-line">UK: BSCC 2022</span>',
      'href="#remediation-replace"',
      'href="#remediation-isolate"',
      'href="#remediation-hygiene"',
      'href="#evidence-1">Appendix A.1</a>',
    ])
      expect(card, s).toContain(s);
    expect(card).not.toContain('href="#remediation-verify"');
    // The policy's citation is given once, in its group, not in every card.
    expect(card).not.toContain(GOV_UK);
    const group = out.slice(out.indexOf('id="policy-1"'), out.indexOf('id="flagged"'));
    expect(group).toContain(`href="${GOV_UK}"`);
    expect(group).toMatch(/Directly \(1\):<\/li><li><a class="mono" href="#device-2">192\.168\.1\.64<\/a>/);
    expect(group).toMatch(
      /Behind another brand’s badge \(1\):<\/li><li><a class="mono" href="#device-1">192\.168\.1\.108/,
    );
  });

  it('keeps each device’s evidence chain and full policy reasoning in the appendix', () => {
    const start = out.indexOf('id="evidence-1"');
    const chain = out.slice(start, out.indexOf('</section>', start));
    for (const s of [
      '192.168.1.108',
      '2 independent signals for Dahua',
      'Built by Dahua sold as Lorex',
      'named by Biometrics and Surveillance Camera Commissioner (2022-03-08)',
      'behind a badge',
      'lorex.onvif-manufacturer',
      'dahua.http-realm.login-to',
      'Login to ND021811019863',
    ])
      expect(chain, s).toContain(s);
    expect(chain.match(/<tr/g)).toHaveLength(3); // the 3 evidence rows
    // Every device has a chain: 5 devices, 5 chains.
    expect(out.match(/<section class="chain"/g)).toHaveLength(5);
  });

  it('writes the remediation guidance once per class and refers each device to the classes that apply', () => {
    for (const r of REMEDIATION) {
      expect(out.match(new RegExp(`id="remediation-${r.id}"`, 'g'))).toHaveLength(1);
      for (const step of r.steps) expect(out.split(escapeHtml(step)).length - 1, step).toBe(1);
    }
    expect(remediationFor(lorex)).toEqual(['replace', 'isolate', 'hygiene']);
    expect(remediationFor({ ...lorex, oem: { ...lorex.oem, probable: true } })).toEqual([
      'replace',
      'isolate',
      'hygiene',
      'verify',
    ]);
    expect(remediationFor(axis)).toEqual(['hygiene']);
    expect(remediationFor(device('192.168.1.70', { type: 'camera', status: 'unverified' }))).toEqual([
      'isolate',
      'hygiene',
      'verify',
    ]);
    expect(remediationFor(nginx)).toEqual(['verify']);
    const verify = out.slice(out.indexOf('id="remediation-verify"'), out.indexOf('id="signoff"'));
    expect(verify).toContain('Applies to (2):');
  });

  it('puts site, client and assessor on the cover and the sign-off, escaped', () => {
    const r = report([lorex, axis]);
    r.scan.engagement = { site: 'Riverside Depot', client: 'Example <b>Logistics</b>', assessor: 'J. Smith' };
    const page = renderHtml(r);
    const cover = page.slice(page.indexOf('id="cover"'), page.indexOf('id="summary"'));
    for (const s of [
      'Riverside Depot',
      'Example &lt;b&gt;Logistics&lt;/b&gt;',
      'J. Smith',
      '2025-03-04',
      '192.168.1.0/24',
    ])
      expect(cover, s).toContain(s);
    const signoff = page.slice(page.indexOf('id="signoff"'), page.indexOf('id="appendix"'));
    expect(signoff).toContain('<span class="sign-line">J. Smith</span>');
    expect(signoff).toContain('<span class="sign-line">2025-03-04</span>');
    expect(signoff).toContain('Accepted for the client (Example &lt;b&gt;Logistics&lt;/b&gt;)');
    expect(
      signoff.match(/<span class="sign-label">Signature<\/span><span class="sign-line"><\/span>/g),
    ).toHaveLength(2);
    expect(page).toContain('<title>oemscan handover report — Riverside Depot — ');
    // Without an engagement the cover says so rather than leaving blanks.
    expect(out.slice(0, out.indexOf('id="summary"'))).toContain(
      '<dt>Client</dt><dd><span class="none">not stated</span>',
    );
  });

  it('says the policy line once per device, grouped by jurisdiction, with the shared formatter', () => {
    const ids = ['us-ndaa-889', 'uk-bscc-2022', 'us-fcc-covered-list', 'uk-cabinet-office-2022'];
    const r = report([]);
    r.scan.policies = ['uk-bscc-2022', 'uk-cabinet-office-2022', 'us-ndaa-889', 'us-fcc-covered-list'];
    const flags = [...ids, 'us-ndaa-889'].map((id) => ({ ...(lorex.flags[0] as Flag), policy: id }));
    expect(policyLineText(r, { flags })).toBe(
      'UK: BSCC 2022, Cabinet Office 2022 · US: NDAA §889, FCC Covered List',
    );
    expect(policyLineText(r, { flags: [] })).toBe('');
    // A user's pack with its own label and jurisdiction, passed by the caller.
    const own = { ...(lorex.flags[0] as Flag), policy: 'site-rules' };
    expect(policyLineText(r, { flags: [own] })).toBe('site-rules');
    expect(
      policyLineText(r, { flags: [own] }, [
        { id: 'site-rules', title: 'Site rules', label: 'Site', jurisdiction: 'ACME' },
      ]),
    ).toBe('ACME: Site');
    // In the document: one line per card.
    expect(out).toContain('<span class="policy-line">UK: BSCC 2022</span>');
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
        // Matched, so the appendix's evidence chain shows it.
        signature: 'onvif.wsd-xaddr',
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
    expect(html).toContain(`${'&lt;'.repeat(160)}<span class="clipped">… (4840 more characters)</span>`);
  });

  it('renders an empty scan and is deterministic', () => {
    const empty = renderHtml(report([]));
    expect(empty).toContain('No device was flagged');
    expect(empty).toContain('No responsive devices');
    expect(empty).not.toContain('<svg');
    const noOptions = report([axis]);
    delete noOptions.scan.options;
    expect(renderHtml(noOptions)).toContain('not recorded (report re-identified from a file)');
    expect(renderHtml(fleet)).toBe(out);
  });
});

describe('engagement (--site, --client, --assessor)', () => {
  it('trims, drops empty values, and refuses control characters and overlong text', () => {
    expect(engagementFrom({ site: '  Riverside   Depot ', client: '', assessor: undefined })).toEqual({
      site: 'Riverside Depot',
    });
    expect(engagementFrom({})).toBeUndefined();
    expect(() => engagementFrom({ client: 'Acme\u001b[31m' })).toThrow(
      /--client must not contain control characters/,
    );
    expect(() => engagementFrom({ assessor: 'x'.repeat(201) })).toThrow(/--assessor is longer than 200/);
  });

  it('is part of the report schema (revision 1.1), and reports without it still validate', () => {
    const r = report([lorex]);
    expect(validateReport(r).valid).toBe(true);
    r.scan.engagement = { site: 'Riverside Depot', client: 'Example Logistics Ltd', assessor: 'J. Smith' };
    expect(validateReport(r).errors).toEqual([]);
    expect(validateReport({ ...r, scan: { ...r.scan, engagement: { site: '' } } }).valid).toBe(false);
    expect(validateReport({ ...r, scan: { ...r.scan, engagement: { signature: 'x' } } }).valid).toBe(false);
  });
});
