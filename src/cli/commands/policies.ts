/**
 * @module cli/commands/policies
 * `oemscan policies`: list the built-in policy packs with their citations.
 */
import type { Command } from 'commander';
import { loadVocabulary, type Vocabulary } from '../../engine/vocabulary.js';
import { UsageError } from '../../errors/index.js';
import { describePolicies } from '../../policy/describe.js';
import { type PolicyPack, resolvePolicies } from '../../policy/load.js';
import { dataPath } from '../../util/paths.js';
import { collect } from '../options.js';

/**
 * `{ "policies": [pack, ...] }`: every field of each pack as loaded, plus, for a rule by
 * country, the vocabulary's vendors it selects today (`selects`).
 */
export function policiesJson(packs: readonly PolicyPack[], vocab: Vocabulary): string {
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
  return `${JSON.stringify({ policies }, null, 2)}\n`;
}

export function addPoliciesCommand(program: Command) {
  program
    .command('policies')
    .description('list the policy packs (built-in, or the ones given with --policy) and their citations')
    .option(
      '--policy <id|file>',
      'show only these packs, built-in ids or your own files (repeatable)',
      collect,
    )
    .option('-f, --format <format>', 'text | json', 'text')
    .action((flags: { policy?: string[]; format: string }) => {
      if (flags.format !== 'text' && flags.format !== 'json')
        throw new UsageError(`unknown format "${flags.format}" for policies (choose from text, json)`);
      const vocab = loadVocabulary(dataPath('fingerprints', 'vocabulary'));
      const packs = resolvePolicies(flags.policy, vocab);
      process.stdout.write(
        flags.format === 'json' ? policiesJson(packs, vocab) : describePolicies(packs, vocab),
      );
    });
}
