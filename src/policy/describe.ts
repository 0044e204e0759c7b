/**
 * @module policy/describe
 * Plain-text listing of policy packs for `oemscan policies`: one block per pack with its id,
 * kind, date, issuer, the vendors it names or its attribute rule, what it covers, the source
 * URL and its scope; and the jurisdiction presets (`--policy uk`) with the packs each selects.
 */
import type { Vocabulary } from '../engine/vocabulary.js';
import { expandPreset, type PolicyPack, type Preset } from './load.js';

const WIDTH = 100;
const INDENT = '  ';
const LABEL = 10;

/** With a vocabulary, an attribute rule also lists the known vendors it selects today. */
export function describePolicies(packs: readonly PolicyPack[], vocab?: Vocabulary): string {
  return `${packs.map((p) => describePack(p, vocab)).join('\n\n')}\n`;
}

/** `Presets (--policy NAME):` then one line per preset with the pack ids it expands to. */
export function describePresets(presets: Map<string, Preset>): string {
  if (presets.size === 0) return '';
  const width = Math.max(...[...presets.keys()].map((n) => n.length));
  const lines = ['Presets (--policy NAME):'];
  for (const p of presets.values()) {
    const text = `${p.description}: ${expandPreset(presets, p.name).join(', ')}`;
    lines.push(`${INDENT}${p.name.padEnd(width)}  ${text}`);
  }
  return `${lines.join('\n')}\n`;
}

function describePack(p: PolicyPack, vocab: Vocabulary | undefined): string {
  const lines = [`${p.id} (v${p.version}): ${p.kind}, ${p.date}`, `${INDENT}${p.title}`];
  lines.push(field('Label', p.jurisdiction ? `${p.jurisdiction}: ${p.label}` : p.label));
  lines.push(field('Issuer', p.issuer));
  if (p.vendors.length > 0) {
    const dated = p.vendors.map((v) => (p.vendorDates[v] ? `${v} (${p.vendorDates[v]})` : v));
    lines.push(field('Vendors', dated.join(', ')));
  }
  if (p.vendorCountries.length > 0) {
    const countries = p.vendorCountries.join(', ');
    const known = vocab
      ? [...vocab.vendors.values()].filter((v) => p.vendorCountries.includes(v.country)).map((v) => v.name)
      : [];
    const now = known.length > 0 ? `; in the vocabulary: ${known.join(', ')}` : '';
    lines.push(field('Rule', `any maker based in ${countries}${now}`));
  }
  lines.push(
    field(
      'Covers',
      `OEM-built products under other badges: ${yes(p.coversOemProducts)}; ` +
        `subsidiaries and affiliates: ${yes(p.coversSubsidiaries)}`,
    ),
  );
  lines.push(field('Source', p.url));
  // Where each vendor (or the attribute rule) is named: the quote, then its primary source.
  for (const [vendor, c] of Object.entries(p.citations)) {
    lines.push(field('Named', `${vendor}: "${c.quote}" ${c.url}`));
  }
  if (p.ruleCitation) lines.push(field('Named', `rule: "${p.ruleCitation.quote}" ${p.ruleCitation.url}`));
  if (p.source !== 'built-in') lines.push(field('File', p.source));
  lines.push(field('Scope', p.scope));
  return lines.join('\n');
}

const yes = (b: boolean) => (b ? 'yes' : 'no');

/** `  Label:    text`, wrapped at WIDTH with continuation lines aligned under the text. */
function field(label: string, text: string): string {
  const head = `${INDENT}${`${label}:`.padEnd(LABEL)}`;
  const pad = ' '.repeat(head.length);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && head.length + line.length + 1 + word.length > WIDTH) {
      out.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  out.push(line);
  return out.map((l, i) => `${i === 0 ? head : pad}${l}`).join('\n');
}
