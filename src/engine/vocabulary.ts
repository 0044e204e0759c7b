/**
 * @module engine/vocabulary
 * Canonical vendor and brand names (fingerprints/vocabulary/). A signature may only name
 * a vendor listed here, and a claimed brand string resolves to the company that sells it.
 */
import { join } from 'node:path';
import { SignatureError } from '../errors/index.js';
import { checkKeys, readYamlSource } from './yaml-source.js';

export interface VendorEntry {
  name: string;
  country: string;
  /** Brands the vendor sells as its own (not rebrands): HiLook is Hikvision's own. */
  ownBrands: string[];
  aliases: string[];
  source: string;
}

export interface BrandEntry {
  name: string;
  /** Company that owns the badge, e.g. Lorex; a vendor name when it is an OEM's own brand. */
  company: string;
  aliases: string[];
  /** OEMs publicly reported behind some of this brand's lines: a hint, never a verdict. */
  knownOems: string[];
  source: string;
}

export interface Vocabulary {
  vendors: Map<string, VendorEntry>;
  brands: Map<string, BrandEntry>;
  /** Resolve a claimed manufacturer string (ONVIF, UPnP, scope) to a brand. */
  resolveBrand(claimed: string): BrandEntry | undefined;
  /**
   * The brand a free-text value starts with as a whole word (`DahuaRtsp`, `Avigilon-12045784`,
   * `Panasonic network device`, `AXIS_…`), or undefined: `Axis2` and `Sonyx` name nobody.
   */
  leadingBrand(text: string): { entry: BrandEntry; name: string } | undefined;
}

/**
 * Where the first `n` letters and digits of `text` end, when a word ends there too: at the end,
 * before a non-alphanumeric, or at a lower-to-upper case change (`DahuaRtsp`).
 */
function wordEnd(text: string, n: number): number | undefined {
  let seen = 0;
  let i = 0;
  for (; i < text.length && seen < n; i++) if (/[A-Za-z0-9]/.test(text[i] ?? '')) seen++;
  if (seen < n) return undefined;
  const next = text[i];
  if (next === undefined || !/[A-Za-z0-9]/.test(next)) return i;
  return /[a-z]/.test(text[i - 1] ?? '') && /[A-Z]/.test(next) ? i : undefined;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export function loadVocabulary(dir: string): Vocabulary {
  const vendors = new Map<string, VendorEntry>();
  const brands = new Map<string, BrandEntry>();
  const byAlias = new Map<string, BrandEntry>();
  const addAlias = (alias: string, entry: BrandEntry, file: string, line: number) => {
    const key = norm(alias);
    const prior = byAlias.get(key);
    if (prior && prior.name !== entry.name) {
      throw new SignatureError(file, line, `alias "${alias}" already belongs to ${prior.name}`);
    }
    byAlias.set(key, entry);
  };

  const vsrc = readYamlSource(join(dir, 'vendors.yaml'), 'fingerprints/vocabulary/vendors.yaml');
  for (const { value, line } of vsrc.items('vendors')) {
    const v = entryOf(value, ['name', 'country', 'source'], ['ownBrands', 'aliases'], vsrc.file, line);
    const entry: VendorEntry = {
      name: v.name as string,
      country: v.country as string,
      ownBrands: strList(v.ownBrands),
      aliases: strList(v.aliases),
      source: v.source as string,
    };
    if (vendors.has(entry.name)) throw new SignatureError(vsrc.file, line, `duplicate vendor ${entry.name}`);
    vendors.set(entry.name, entry);
    // The vendor's own name and its own sub-brands are badges whose company is the vendor.
    const own = [
      { name: entry.name, aliases: entry.aliases },
      ...entry.ownBrands.map((name) => ({ name, aliases: [] })),
    ];
    for (const { name, aliases } of own) {
      const badge: BrandEntry = {
        name,
        company: entry.name,
        aliases,
        knownOems: [entry.name],
        source: entry.source,
      };
      brands.set(name, badge);
      for (const a of [name, ...aliases]) addAlias(a, badge, vsrc.file, line);
    }
  }

  const bsrc = readYamlSource(join(dir, 'brands.yaml'), 'fingerprints/vocabulary/brands.yaml');
  for (const { value, line } of bsrc.items('brands')) {
    const b = entryOf(value, ['name', 'company', 'source'], ['aliases', 'knownOems'], bsrc.file, line);
    const entry: BrandEntry = {
      name: b.name as string,
      company: b.company as string,
      aliases: strList(b.aliases),
      knownOems: strList(b.knownOems),
      source: b.source as string,
    };
    for (const oem of entry.knownOems) {
      if (!vendors.has(oem))
        throw new SignatureError(bsrc.file, line, `unknown vendor "${oem}" in knownOems`);
    }
    if (brands.has(entry.name)) throw new SignatureError(bsrc.file, line, `duplicate brand ${entry.name}`);
    brands.set(entry.name, entry);
    for (const a of [entry.name, ...entry.aliases]) addAlias(a, entry, bsrc.file, line);
  }

  /** The entry an alias names: exactly, else the longest alias the text starts with. */
  const lookup = (key: string): BrandEntry | undefined => {
    const exact = byAlias.get(key);
    if (exact) return exact;
    // Manufacturer fields often carry a suffix ("HIKVISION Co., Ltd", "Axis Communications AB").
    let best: BrandEntry | undefined;
    let bestLen = 0;
    for (const [alias, entry] of byAlias) {
      if (alias.length >= 3 && key.startsWith(alias) && alias.length > bestLen) {
        best = entry;
        bestLen = alias.length;
      }
    }
    return best;
  };

  return {
    vendors,
    brands,
    leadingBrand(text) {
      const key = norm(text);
      let best: { entry: BrandEntry; name: string } | undefined;
      for (const [alias, entry] of byAlias) {
        if (alias.length < 3 || !key.startsWith(alias) || (best && norm(best.name).length >= alias.length))
          continue;
        const end = wordEnd(text.trimStart(), alias.length);
        if (end !== undefined) best = { entry, name: text.trimStart().slice(0, end) };
      }
      return best;
    },
    resolveBrand(claimed) {
      const key = norm(claimed);
      if (!key) return undefined;
      const named = lookup(key);
      if (named) return named;
      // A Chinese company's registered name leads with its place ("Hangzhou Ezviz Software
      // Co.,Ltd.", "ZHEJIANG DAHUA ZHILIAN CO.,LTD"): read the name after it.
      const afterPlace = norm(claimed.replace(CN_PLACE, ''));
      return afterPlace && afterPlace !== key ? lookup(afterPlace) : undefined;
    },
  };
}

/**
 * Province or city names that lead a Chinese enterprise's registered name, which is made of
 * "administrative division + trade name + industry + organisational form" (Regulations on the
 * Administration of Enterprise Name Registration, State Council Decree No. 734 (2020), Art. 6).
 */
const CN_PLACE =
  /^\s*(?:(?:zhejiang|hangzhou|shenzhen|guangdong|guangzhou|dongguan|foshan|zhuhai|huizhou|beijing|shanghai|tianjin|chongqing|fujian|xiamen|fuzhou|jiangsu|nanjing|suzhou|wuxi|hubei|wuhan|sichuan|chengdu|shandong|qingdao|jinan|anhui|hefei|ningbo|hunan|changsha|henan|zhengzhou|hebei|shaanxi|xian|liaoning|dalian|shenyang)\b[\s,.-]*)+/i;

/** Checks a vocabulary entry: known keys only, required ones present as non-empty strings. */
function entryOf(value: unknown, required: string[], optional: string[], file: string, line: number) {
  const obj = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  checkKeys(obj, [...required, ...optional], file, line);
  const missing = required.filter((k) => typeof obj[k] !== 'string' || !obj[k]);
  if (missing.length) throw new SignatureError(file, line, `entry needs ${missing.join(', ')}`);
  return obj;
}

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
