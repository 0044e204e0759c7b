/**
 * `validate --records PATH`: records from outside this repository (a blind set, a site's own
 * captures) are read from one YAML file or a folder, checked for the fields the scoring needs,
 * and every one is scored as held out, whatever its source; replayed over the wire on loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { defaultOffset } from '../../src/cli/commands/lab.js';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { canonicalTruths, loadRecords, loadRecordsFrom } from '../../src/validation/records.js';
import { metrics, runValidation, selectRecords } from '../../src/validation/run.js';

const dir = mkdtempSync(join(tmpdir(), 'oemscan-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two build-set records of this repository, as a blind set would bring them: a Dahua unit that
// names itself in its RTSP realm, and a recorder that shows nothing but open ports.
const byName = (text: string) => {
  const r = loadRecords().find((x) => x.name.includes(text));
  if (!r) throw new Error(`no record named ${text}`);
  const { file: _file, ...rest } = r;
  return rest;
};
const blind = [byName('ESPEasy#4145'), byName('hs-dvr-telnet#3')];
const file = join(dir, 'blind.yaml');
writeFileSync(file, stringify({ devices: blind }));

describe('records from outside the repository', () => {
  it('reads one file or every YAML file of a folder', () => {
    expect(loadRecordsFrom(file).map((r) => r.name)).toEqual(blind.map((r) => r.name));
    writeFileSync(join(dir, 'more.yml'), stringify({ devices: [blind[0]] }));
    expect(loadRecordsFrom(dir)).toHaveLength(3);
    rmSync(join(dir, 'more.yml'));
  });

  it('reads a truth written as a device or datasheet names the maker', () => {
    const vocab = loadSignatureLibrary().vocabulary;
    const [one] = loadRecordsFrom(file);
    if (!one) throw new Error('no record');
    const as = (truth: string | null) => ({ ...one, truth });
    const { records, notVendors } = canonicalTruths(
      [
        'HIKVISION',
        'Hangzhou Hikvision Digital Technology Co., Ltd.',
        'EZVIZ',
        'Samsung Techwin',
        'Dahua',
        null,
        'Amcrest',
        'Acme',
      ].map(as),
      vocab,
    );
    expect(records.map((r) => r.truth)).toEqual([
      'Hikvision',
      'Hikvision',
      'Hikvision',
      'Hanwha',
      'Dahua',
      null,
      'Amcrest',
      'Acme',
    ]);
    // A badge and an unknown name are kept, and listed: no verdict can equal them.
    expect(notVendors).toEqual(['Acme', 'Amcrest']);
    // A badge is read as the vocabulary writes it; one it lacks is kept as written.
    const badges = canonicalTruths(
      ['LOREX', 'amcrest', 'Acme Cams'].map((brand) => ({ ...one, brand })),
      vocab,
    ).records.map((r) => r.brand);
    expect(badges).toEqual(['Lorex', 'Amcrest', 'Acme Cams']);
  });

  it('takes a number written as text and a value written as a number, as meant', () => {
    const f = join(dir, 'loose.yaml');
    writeFileSync(
      f,
      'devices:\n  - name: loose\n    source: "https://example.org/x"\n    truth: null\n    evidence:\n' +
        '      - { field: tcp.open, value: 554, port: 554 }\n' +
        '      - { field: http.header.server, value: "App-webs/", port: "8080" }\n' +
        '      - { field: http.title, value: "x", path: "doc/page/login.asp" }\n',
    );
    expect(loadRecordsFrom(f)[0]?.evidence).toEqual([
      { field: 'tcp.open', value: '554', port: 554 },
      { field: 'http.header.server', value: 'App-webs/', port: 8080 },
      { field: 'http.title', value: 'x', path: '/doc/page/login.asp' },
    ]);
    writeFileSync(
      f,
      'devices:\n  - name: bad port\n    source: x\n    truth: null\n    evidence:\n      - { field: tcp.open, value: "1", port: "80a" }\n',
    );
    expect(() => loadRecordsFrom(f)).toThrow(/device 1 \(bad port\), item 1: port must be a number/);
    writeFileSync(
      f,
      'devices:\n  - name: odd field\n    source: x\n    truth: null\n    evidence:\n      - { field: constructor, value: "1" }\n',
    );
    expect(() => loadRecordsFrom(f)).toThrow(/"constructor" is not an evidence field name/);
    rmSync(f);
  });

  it('refuses a device without the fields scoring needs', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, stringify({ devices: [{ name: 'x', evidence: [] }] }));
    expect(() => loadRecordsFrom(bad)).toThrow(/device 1 needs name, source and truth/);
    writeFileSync(bad, stringify({ devices: { name: 'x' } }));
    expect(() => loadRecordsFrom(bad)).toThrow(/devices must be a list/);
    rmSync(bad);
  });

  it('holds every record out, whatever its source, and scores it over the wire', async () => {
    const records = loadRecordsFrom(file);
    // Their sources are build-set sources of this repository...
    expect(selectRecords(records, 'all').map((r) => r.set)).toEqual(['build', 'build']);
    // ...but brought in from outside, they are held out.
    expect(selectRecords(records, 'all', true).map((r) => r.set)).toEqual(['validation', 'validation']);
    const results = await runValidation({
      set: 'all',
      prefix: '127.0.57',
      portOffset: defaultOffset(),
      records,
      heldOut: true,
      runs: ['no-credentials'],
      link: false,
    });
    const outcomes = results[0]?.outcomes ?? [];
    expect(outcomes.map((o) => o.set)).toEqual(['validation', 'validation']);
    // The realm is served and read back, so the unit is scored (its truth is null: named nobody
    // or a maker, it cannot be wrong); the recorder's open ports are asked as well.
    expect(metrics(outcomes).devices).toBeGreaterThan(0);
    expect(outcomes.find((o) => o.name.startsWith('ESPEasy'))?.scored).toBe(true);
  }, 60_000);
});
