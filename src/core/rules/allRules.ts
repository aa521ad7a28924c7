// The rule registry: the one place a rule is named. Every rule id list (the project file's and the settings' schemas,
// suppression comments, the checklist's checks, the CLI's `rules`) is derived from it; tests check that the manifest's
// severityOverrides, the rule pages and the README table list exactly these ids. Adding a rule: its file, its doc page
// (media/rules/), its fixture test and one line here (`npm run new-rule -- RR007 some-name` writes them all).
import { legacyDiscoveryRule } from './legacyDiscoveryRule';
import { nonCanonicalJobOutputRule } from './nonCanonicalJobOutputRule';
import { nonCanonicalPathRule } from './nonCanonicalPathRule';
import { nonStateDictSaveRule } from './nonStateDictSaveRule';
import { invalidSuppressionRule } from './invalidSuppressionRule';
import type { Rule } from './rule';
import type { RuleId } from '../model/finding';
import { silentFallbackRule } from './silentFallbackRule';
import { unsafeTorchLoadRule } from './unsafeTorchLoadRule';

export const allRules: readonly Rule[] = [
  legacyDiscoveryRule,
  nonCanonicalPathRule,
  silentFallbackRule,
  unsafeTorchLoadRule,
  nonStateDictSaveRule,
  nonCanonicalJobOutputRule,
];

/** The ids of the rules above, in order. */
export const ruleIds: readonly RuleId[] = allRules.map((rule) => rule.id);

/** Every id a finding can carry: RR000 (an invalid suppression comment, reported by the pipeline) and the rules'. */
export const reportedRuleIds: readonly RuleId[] = [invalidSuppressionRule.id, ...ruleIds];
