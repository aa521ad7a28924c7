// The rules as users see them (ids, names, default severities, descriptions), including the RR000 pseudo-rule.
import { suppressionRuleMetadata } from '../core/analysis/suppressions';
import type { Rule } from '../core/rules/rule';
import type { RuleDescription } from './checkReport';

export function describeRules(rules: readonly Rule[]): RuleDescription[] {
  const described: RuleDescription[] = [...rules]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((rule) => ({ id: rule.id, name: rule.name, defaultSeverity: rule.defaultSeverity, description: rule.description }));
  return [...described, { ...suppressionRuleMetadata }];
}
