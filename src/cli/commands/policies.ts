/**
 * @module cli/commands/policies
 * `oemscan policies`: list the built-in policy packs with their citations.
 */
import type { Command } from 'commander';
import { loadVocabulary } from '../../engine/vocabulary.js';
import { describePolicies } from '../../policy/describe.js';
import { resolvePolicies } from '../../policy/load.js';
import { dataPath } from '../../util/paths.js';
import { collect } from '../options.js';

export function addPoliciesCommand(program: Command) {
  program
    .command('policies')
    .description('list the policy packs (built-in, or the ones given with --policy) and their citations')
    .option(
      '--policy <id|file>',
      'show only these packs, built-in ids or your own files (repeatable)',
      collect,
    )
    .action((flags: { policy?: string[] }) => {
      const vocab = loadVocabulary(dataPath('fingerprints', 'vocabulary'));
      process.stdout.write(describePolicies(resolvePolicies(flags.policy, vocab), vocab));
    });
}
