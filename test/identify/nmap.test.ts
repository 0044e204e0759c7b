/**
 * nmap XML import without nmap: the recorded real run over the lab
 * (test/fixtures/nmap/lab-scripts.xml, made by the command in test/integration/nmap-live.test.ts;
 * lab-scripts.hosts.json says which profile served each address),
 * entity decoding, the discovery scripts' output as nmap's own documentation prints it, and
 * hostile files (entity bombs, oversized script output, a file cut short, garbage).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { identify } from '../../src/identify/index.js';
import { MAX_SCRIPT_OUTPUT, parseNmapDocument, parseNmapXml } from '../../src/identify/nmap.js';
import { decodeXmlEntities, servicefpReplies } from '../../src/identify/nmap-text.js';
import { loadProfiles } from '../../src/lab/profiles.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/nmap/${name}`, import.meta.url), 'utf8');
const RECORDED = fixture('lab-scripts.xml');
const FLEET = fixture('lab-fleet.xml');
const lib = loadSignatureLibrary();

/** As nmap writes an attribute: XML-escaped, newlines as `&#xa;`. */
const attr = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#xa;');

const run = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n<nmaprun scanner="nmap">${body}</nmaprun>`;
const host = (ip: string, inner: string, extraAddr = '') =>
  `<host><status state="up"/><address addr="${ip}" addrtype="ipv4"/>${extraAddr}<hostnames></hostnames><ports>${inner}</ports></host>`;

describe('decodeXmlEntities', () => {
  it('decodes numeric references and the five XML entities in one pass', () => {
    expect(decodeXmlEntities('a&#xa;b&#45;&#45;c&lt;&gt;&amp;&apos;&quot;')).toBe('a\nb--c<>&\'"');
    // One pass: an escaped reference stays text.
    expect(decodeXmlEntities('&amp;#xa;&amp;lt;')).toBe('&#xa;&lt;');
    expect(decodeXmlEntities('&#x1F600;')).toBe('\u{1F600}');
  });

  it('expands nothing else and never yields a forbidden character', () => {
    expect(decodeXmlEntities('&nbsp;&a;&#;&#x;')).toBe('&nbsp;&a;&#;&#x;');
    expect(decodeXmlEntities('&#0;&#xD800;&#x110000;&#9999999;')).toBe('\ufffd\ufffd\ufffd\ufffd');
  });

  it('never returns more than it was given', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom('&#xa;', '&#45;', '&amp;', '&lt;', '&#x10FFFF;', '&#1;', '&'),
            fc.string(),
          ),
          {
            maxLength: 40,
          },
        ),
        (parts) => {
          const s = parts.join('');
          expect(decodeXmlEntities(s).length).toBeLessThanOrEqual(s.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a recorded real nmap run over the lab', () => {
  const { hosts, warnings } = parseNmapDocument(RECORDED);
  const report = identify('lab-scripts.xml', hosts, lib, []);
  // Which lab profile answered on each address in that run (`oemscan lab --manifest`), so a
  // profile added to the fleet later does not shift the mapping; expectations are today's.
  const served = JSON.parse(fixture('lab-scripts.hosts.json')) as Record<string, string>;
  const profiles = loadProfiles();
  const profileAt = (ip: string) => profiles.find((p) => p.id === served[ip]);

  it('is real nmap output with multi-line script output as entities', () => {
    expect(RECORDED).toMatch(/<nmaprun scanner="nmap" args="nmap [^"]*-&#45;script http-headers/);
    expect(RECORDED).toContain('&#xa;');
    expect(warnings).toEqual([]);
    expect(hosts).toHaveLength(15);
  });

  it('reads the certificate issuer, the SSDP answer and raw replies', () => {
    const dahua = hosts.find((h) => profileAt(h.ip)?.id === 'dahua-camera');
    const items = dahua?.evidence.map((e) => `${e.port}/${e.transport} ${e.field}=${e.value}`);
    expect(items).toContain(
      '443/tcp tls.issuer=C=CN, ST=Zhejiang, L=Hangzhou, O=ZheJiang Dahua Technology CO.,LTD., OU=NVR, CN=NVR',
    );
    expect(items?.some((i) => i.startsWith('1900/udp ssdp.server=') && i.includes('Dahua'))).toBe(true);
    const vivotek = hosts.find((h) => profileAt(h.ip)?.id === 'vivotek-camera');
    expect(vivotek?.evidence.map((e) => `${e.field}=${e.value}`)).toEqual(
      expect.arrayContaining([
        'http.header.server=Vivotek Network Camera',
        'http.auth.realm=Remote-Motion CCD Network Camera',
      ]),
    );
  });

  it('names the maker the lab profile expects for every device it identifies, and the expected set', () => {
    const named = report.devices.filter((d) => d.oem.vendor);
    for (const d of named) {
      const p = profileAt(d.ip);
      expect(`${p?.id} ${d.oem.vendor}`).toBe(`${p?.id} ${p?.expect.vendor}`);
      if (p?.expect.brand && p.expect.brand !== p.expect.vendor) expect(d.brand).toBe(p.expect.brand);
    }
    // The devices whose root page, certificate, RTSP OPTIONS or SSDP answer name the maker
    // (the live-scan comparison is test/integration/nmap-live.test.ts).
    expect(named.map((d) => profileAt(d.ip)?.id).sort()).toEqual([
      'dahua-camera',
      'hikvision-nvr',
      'interlogix-truvision-dvr',
      'mobotix-camera',
      'vivotek-camera',
    ]);
  });
});

describe('the repository fleet file (nmap 7.93, test/fixtures/nmap/lab-fleet.xml)', () => {
  it('decodes the issuer of the Dahua certificate device and identifies it', () => {
    const hosts = parseNmapXml(FLEET);
    const d = hosts.find((h) => h.ip === '127.0.18.12');
    expect(d?.evidence.find((e) => e.field === 'tls.issuer')?.value).toBe(
      'C=CN, ST=Zhejiang, L=Hangzhou, O=ZheJiang Dahua Technology CO.,LTD., OU=NVR, CN=NVR',
    );
    const report = identify('lab-fleet.xml', hosts, lib, []);
    expect(report.devices.find((x) => x.ip === '127.0.18.12')?.oem.vendor).toBe('Dahua');
  });

  it('reads the raw replies in servicefp when no script printed them', () => {
    const bare = FLEET.replace(/<script id="[^"]*"[^>]*\/>/g, '').replace(
      /<script id=[\s\S]*?<\/script>/g,
      '',
    );
    expect(bare).not.toContain('<script');
    const nvr = parseNmapXml(bare).find((h) => h.ip === '127.0.18.16');
    expect(nvr?.evidence.filter((e) => e.field === 'http.header.server').map((e) => e.value)).toContain(
      'DNVRS-Webs',
    );
    const fp = /servicefp="([^"]*Server:\\x20DNVRS-Webs[^"]*)"/.exec(FLEET)?.[1] ?? '';
    const get = servicefpReplies(decodeXmlEntities(fp)).find((r) => r.probe === 'GetRequest');
    expect(get?.text).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: DNVRS-Webs\r\nETag: "0-5e0-1e0"\r\n/);
  });
});

describe('discovery scripts and the MAC address', () => {
  // The @output examples of nmap/nmap scripts/broadcast-upnp-info.nse @000f6dc4d9078745ce2dbcdb5957d5d99f21fb4e
  // and scripts/broadcast-wsdd-discover.nse @6c7c8c93d623ae6c6f12e0a9ce8f39761fd81797, verbatim
  // without the "| " margin, in a <prescript> as nmap writes prerule output.
  const upnp = [
    '',
    '  1.2.3.50',
    '      Debian/4.0 DLNADOC/1.50 UPnP/1.0 MiniDLNA/1.0',
    '      Location:  http://1.2.3.50:8200/rootDesc.xml',
    '      Webserver:  Debian/4.0 DLNADOC/1.50 UPnP/1.0 MiniDLNA/1.0',
    '      Name: BUBBA|TWO DLNA Server',
    '      Manufacturer: Justin Maggard',
    '      Model Descr: MiniDLNA on Debian',
    '      Model Name: Windows Media Connect compatible (MiniDLNA)',
    '      Model Version: 1',
    '  1.2.3.114',
    '      Linux/2.6 UPnP/1.0 KDL-32EX701/1.7',
    '      Location:  http://1.2.3.114:52323/dmr.xml',
    '      Webserver:  Linux/2.6 UPnP/1.0 KDL-32EX701/1.7',
    '      Name: BRAVIA KDL-32EX701',
    '      Manufacturer: Sony Corporation',
    '      Model Name: KDL-32EX701',
  ].join('\n');
  const wsdd = [
    '',
    '  Devices',
    '    1.2.3.116',
    '        Message id: 9ea97e41-e874-faa7-fe28-deadbeefceb3',
    '        Address: http://1.2.3.116:50000',
    '        Type: Device wprt:PrintDeviceType',
    '    1.2.3.131',
    '        Message id: 4d971368-291c-1218-30f1-deadbeefceb3',
    '        Address: http://1.2.3.131:5357/deadbeef-ea5c-4b9a-a68d-deadbeefceb3/',
    '        Type: Device pub:Computer',
  ].join('\n');
  const xml = run(
    `<prescript><script id="broadcast-upnp-info" output="${attr(upnp)}"/><script id="broadcast-wsdd-discover" output="${attr(wsdd)}"/></prescript>`,
  );

  it('maps broadcast-upnp-info and broadcast-wsdd-discover to the SSDP/UPnP and WS-Discovery fields', () => {
    const hosts = parseNmapXml(xml);
    const at = (ip: string) => hosts.find((h) => h.ip === ip)?.evidence.map((e) => `${e.field}=${e.value}`);
    expect(at('1.2.3.114')).toEqual([
      'ssdp.server=Linux/2.6 UPnP/1.0 KDL-32EX701/1.7',
      'http.header.server=Linux/2.6 UPnP/1.0 KDL-32EX701/1.7',
      'upnp.friendly-name=BRAVIA KDL-32EX701',
      'upnp.manufacturer=Sony Corporation',
      'upnp.model-name=KDL-32EX701',
    ]);
    expect(at('1.2.3.50')).toContain('upnp.model-description=MiniDLNA on Debian');
    expect(at('1.2.3.50')).toContain('upnp.model-number=1');
    expect(at('1.2.3.116')).toEqual([
      'wsd.xaddr=http://1.2.3.116:50000',
      'wsd.types=Device wprt:PrintDeviceType',
    ]);
    expect(hosts.find((h) => h.ip === '1.2.3.116')?.services).toEqual([
      { port: 3702, transport: 'udp', service: 'ws-discovery', status: 'ok' },
    ]);
  });

  it('reads wsdd-discover on a host port: the same lines without the address (nselib/wsdd.lua)', () => {
    const unicast = ['', '  Devices', ...wsdd.split('\n').slice(3, 6)].join('\n');
    const doc = run(
      host(
        '1.2.3.116',
        `<port protocol="udp" portid="3702"><state state="open|filtered"/><service name="ws-discovery"/><script id="wsdd-discover" output="${attr(unicast)}"/></port>`,
      ),
    );
    const [h] = parseNmapXml(doc);
    expect(h?.evidence.map((e) => `${e.port}/${e.transport} ${e.field}=${e.value}`)).toEqual([
      '3702/udp wsd.xaddr=http://1.2.3.116:50000',
      '3702/udp wsd.types=Device wprt:PrintDeviceType',
    ]);
    expect(h?.services).toEqual([{ port: 3702, transport: 'udp', service: 'ws-discovery', status: 'ok' }]);
  });

  it('takes the MAC (not nmap vendor label) and lets the OUI table name the maker', () => {
    // MAC of the Hikvision DS-2CD2143G0-I in src/lab/profiles/hikvision-camera.yaml (its ONVIF
    // MAC/ scope); vendor text as nmap's nmap-mac-prefixes names 5803FB.
    const doc = run(
      host(
        '127.0.56.40',
        '<port protocol="tcp" portid="80"><state state="open"/><service name="http"/></port>',
        '<address addr="58:03:FB:8A:57:9B" addrtype="mac" vendor="Hangzhou Hikvision Digital Technology"/>',
      ),
    );
    const hosts = parseNmapXml(doc);
    expect(hosts[0]?.evidence.map((e) => `${e.field}=${e.value}`)).toEqual(['mac.address=58:03:fb:8a:57:9b']);
    const d = identify('x', hosts, lib, []).devices[0];
    expect(d?.mac).toBe('58:03:fb:8a:57:9b');
    expect(d?.oem.vendor).toBe('Hikvision');
    expect(d?.evidence[0]?.signature).toMatch(/^oui\./);
  });

  it('reads an open port nmap found no protocol on as a hint, as a scan does, and not one it identified', () => {
    const port = (service: string) =>
      `<port protocol="tcp" portid="37777"><state state="open"/>${service}</port>`;
    const silent = parseNmapXml(
      run(host('127.0.56.42', port('<service name="unknown" method="table" conf="3"/>'))),
    );
    expect(silent[0]?.evidence.map((e) => `${e.field}=${e.value}`)).toEqual(['tcp.open=37777']);
    expect(identify('x', silent, lib, []).devices[0]?.oem).toMatchObject({ vendor: 'Dahua', probable: true });
    const web = parseNmapXml(
      run(host('127.0.56.43', port('<service name="http" method="probed" conf="10"/>'))),
    );
    expect(web[0]?.evidence).toEqual([]);
  });
});

describe('hostile files', () => {
  const documented = /^(not valid nmap XML|not an nmap XML file)/;

  it('expands no DTD entity (billion laughs stays text)', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE nmaprun [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>' +
      `<nmaprun>${host('127.0.56.41', '<port protocol="tcp" portid="80"><state state="open"/><service name="http"/><script id="http-title" output="&c;&c;&c;"/></port>').replace(/^<\?xml[^>]*>/, '')}</nmaprun>`;
    const started = Date.now();
    let hosts: ReturnType<typeof parseNmapXml> = [];
    try {
      hosts = parseNmapXml(bomb);
    } catch (err) {
      expect((err as Error).message).toMatch(documented);
    }
    expect(Date.now() - started).toBeLessThan(2000);
    for (const h of hosts) for (const e of h.evidence) expect(e.value).not.toMatch(/aaaaaaaaaa/);
  });

  it('cuts an oversized script output and records the cut on the host', () => {
    const huge = `Server: x&#xa;${'A: b&#xa;'.repeat(MAX_SCRIPT_OUTPUT / 4)}`;
    const doc = run(
      host(
        '127.0.56.42',
        `<port protocol="tcp" portid="80"><state state="open"/><service name="http"/><script id="http-headers" output="${huge}"/></port>`,
      ),
    );
    const [h] = parseNmapXml(doc);
    expect(h?.errors).toEqual([expect.objectContaining({ probe: 'nmap', port: 80, status: 'too-large' })]);
    expect(h?.evidence.map((e) => e.field)).toEqual(['http.header.server']);
  });

  it('keeps the finished hosts of a file cut short mid-scan, with a warning', () => {
    const cut = RECORDED.slice(0, RECORDED.indexOf('127.0.56.20'));
    const { hosts, warnings } = parseNmapDocument(cut);
    expect(warnings).toEqual([expect.stringMatching(/cut short/)]);
    expect(hosts.map((h) => h.ip)).toContain('127.0.56.15');
    expect(hosts.map((h) => h.ip)).not.toContain('127.0.56.20');
  });

  it('skips malformed ports and addresses without throwing', () => {
    const doc = run(
      host(
        '127.0.56.43',
        '<port protocol="tcp" portid="eighty"><state state="open"/></port><port protocol="sctp" portid="80"/>',
      ) +
        host('not-an-ip', '<port protocol="tcp" portid="80"><state state="open"/></port>') +
        host(
          '127.0.56.44',
          '<port protocol="tcp" portid="80"><state state="open"/><service name="http"/><script/><script id="ssl-cert"><table key="issuer"><elem/></table></script></port>',
        ),
    );
    const hosts = parseNmapXml(doc);
    expect(hosts.map((h) => h.ip)).toEqual(['127.0.56.44']);
  });

  it('quotes nothing of the file in its error', () => {
    expect(() => parseNmapXml('<nmaprun><host secret="hunter2"')).toThrow(documented);
    expect(() => parseNmapXml('<nmaprun><host secret="hunter2"')).not.toThrow(/hunter2/);
  });

  it('refuses garbage with its documented error', () => {
    for (const bad of ['<', '<nmaprun', '<a><b></a>', '<?xml version="1.0"?><html></html>'])
      expect(() => parseNmapXml(bad)).toThrow(documented);
  });
});
