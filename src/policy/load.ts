/**
 * @module policy/load
 * Policy packs are data (src/policy/packs/*.yaml): issuer, date, citation and the vendors
 * they name. Loaded and validated once; `--policy ID` chooses among them.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Vocabulary } from '../engine/vocabulary.js';
import { checkKeys, readYamlSource } from '../engine/yaml-source.js';
import { SignatureError, UsageError } from '../errors/index.js';
import { dataPath } from '../util/paths.js';

export interface PolicyPack {
  id: string;
  version: number;
  title: string;
  issuer: string;
  date: string;
  url: string;
  vendors: string[];
  coversSubsidiaries: boolean;
  coversOemProducts: boolean;
  scope: string;
  references: string[];
}

const KEYS = [
  'id',
  'version',
  'title',
  'issuer',
  'date',
  'url',
  'vendors',
  'coversSubsidiaries',
  'coversOemProducts',
  'scope',
  'references',
];

export function loadPolicyPacks(vocab: Vocabulary, dir = dataPath('src', 'policy', 'packs')): PolicyPack[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const src = readYamlSource(join(dir, f), `src/policy/packs/${f}`);
      const p = src.root;
      checkKeys(p, KEYS, src.file, 1);
      for (const k of ['id', 'title', 'issuer', 'url', 'scope'] as const) {
        if (typeof p[k] !== 'string' || !p[k]) throw new SignatureError(src.file, 1, `policy needs "${k}"`);
      }
      const vendors = Array.isArray(p.vendors) ? p.vendors.map(String) : [];
      for (const v of vendors) {
        if (!vocab.vendors.has(v)) throw new SignatureError(src.file, 1, `unknown vendor "${v}"`);
      }
      return {
        id: p.id as string,
        version: Number(p.version ?? 1),
        title: p.title as string,
        issuer: p.issuer as string,
        date: String(p.date),
        url: p.url as string,
        vendors,
        coversSubsidiaries: p.coversSubsidiaries === true,
        coversOemProducts: p.coversOemProducts === true,
        scope: p.scope as string,
        references: Array.isArray(p.references) ? p.references.map(String) : [],
      };
    });
}

export function selectPolicies(packs: PolicyPack[], ids: string[] | undefined): PolicyPack[] {
  if (!ids || ids.length === 0) return packs;
  return ids.map((id) => {
    const p = packs.find((x) => x.id === id);
    if (!p) throw new UsageError(`unknown policy "${id}" (known: ${packs.map((x) => x.id).join(', ')})`);
    return p;
  });
}
