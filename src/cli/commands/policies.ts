/**
 * @module cli/commands/policies
 * `oemscan policies`: list the built-in policy packs with their citations, then the presets.
 */
import type { Command } from 'commander';
import { loadVocabulary, type Vocabulary } from '../../engine/vocabulary.js';
import { UsageError } from '../../errors/index.js';
import { describePolicies, describePresets } from '../../policy/describe.js';
import {
  expandPreset,
  loadPresets,
  type PolicyPack,
  type Preset,
  resolvePolicies,
} from '../../policy/load.js';
import { dataPath } from '../../util/paths.js';
import { collect } from '../options.js';

/**
 * `{ "policies": [pack, ...], "presets": [...] }`: every field of each pack as loaded, plus, for
 * a rule by country, the vocabulary's vendors it selects today (`selects`); each preset with the
 * pack ids it expands to.
 */
export function policiesJson(
  packs: readonly PolicyPack[],
  vocab: Vocabulary,
  presets: Map<string, Preset> = new Map(),
): string {
  const policies = packs.map((p) => ({
    ...p,
    ...(p.vendorCountries.length > 0
      ? {
          selects: [...vocab.vendors.values()]
            .filter((v) => p.vendorCountries.includes(v.country))
            .map((v) => v.name),
        }
      : {}),
  }));
  const presetList = [...presets.values()].map((p) => ({
    name: p.name,
    description: p.description,
    packs: expandPreset(presets, p.name),
  }));
  return `${JSON.stringify({ policies, presets: presetList }, null, 2)}\n`;
}

export function addPoliciesCommand(program: Command) {
  program
    .command('policies')
    .description('list the policy packs (built-in, or the ones given with --policy) and their citations')
    .option(
      '--policy <preset|id|file>',
      'show only these packs: a preset (uk, us, all), built-in ids or your own files (repeatable)',
      collect,
    )
    .option('-f, --format <format>', 'text | json', 'text')
    .action((flags: { policy?: string[]; format: string }) => {
      if (flags.format !== 'text' && flags.format !== 'json')
        throw new UsageError(`unknown format "${flags.format}" for policies (choose from text, json)`);
      const vocab = loadVocabulary(dataPath('fingerprints', 'vocabulary'));
      const packs = resolvePolicies(flags.policy, vocab);
      const presets = loadPresets();
      process.stdout.write(
        flags.format === 'json'
          ? policiesJson(packs, vocab, presets)
          : `${describePolicies(packs, vocab)}\n${describePresets(presets)}`,
      );
    });
}
