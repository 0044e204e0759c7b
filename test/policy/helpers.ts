import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVocabulary } from '../../src/engine/vocabulary.js';
import { dataPath } from '../../src/util/paths.js';
import type { Verdict } from '../../src/verdict/decide.js';

export const vocab = loadVocabulary(dataPath('fingerprints', 'vocabulary'));

/** A hand-made verdict: who built it, the badge it carries, and whether that badge is a rebrand. */
export function verdict(
  vendor: string | null,
  brand: string | null,
  rebranded = false,
  confidence = 0.9,
): Verdict {
  return {
    oem: { vendor, confidence, rebranded, basis: 'test', alternatives: [] },
    brand,
    brandClaimed: brand,
    model: null,
    firmware: null,
    serial: null,
    type: 'camera',
  };
}

/** Writes files into a fresh temporary directory and returns their paths by name. */
export function tempFiles(files: Record<string, string>): { dir: string; path: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'oemscan-policy-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, path: (name) => join(dir, name) };
}

/** A minimal valid user pack; `extra` lines are appended. */
export const userPackYaml = (extra = '') => `id: acme-internal
version: 3
title: ACME internal camera rule
issuer: ACME security office
date: 2024-05-01
url: https://intranet.example.com/policy/cameras
kind: procurement
vendors:
  - Hikvision
  - Dahua
coversSubsidiaries: true
coversOemProducts: false
scope: Our own buying rule.
${extra}`;
