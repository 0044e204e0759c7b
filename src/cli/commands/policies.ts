/**
 * @module cli/commands/policies
 * `oemscan policies`: list the built-in policy packs with their citations, then the presets.
 */
import type { Command } from 'commander';
import { loadVocabulary } from '../../engine/vocabulary.js';
import { describePolicies, describePresets } from '../../policy/describe.js';
import { loadPresets, resolvePolicies } from '../../policy/load.js';
import { dataPath } from '../../util/paths.js';
import { collect } from '../options.js';

export function addPoliciesCommand(program: Command) {
  program
    .command('policies')
    .description('list the policy packs (built-in, or the ones given with --policy) and their citations')
    .option(
      '--policy <preset|id|file>',
      'show only these packs: a preset (uk, us, all), built-in ids or your own files (repeatable)',
      collect,
    )
    .action((flags: { policy?: string[] }) => {
      const vocab = loadVocabulary(dataPath('fingerprints', 'vocabulary'));
      const packs = describePolicies(resolvePolicies(flags.policy, vocab), vocab);
      process.stdout.write(`${packs}\n${describePresets(loadPresets())}`);
    });
}
