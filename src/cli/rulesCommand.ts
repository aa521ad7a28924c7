// `refactor-runbook rules`: lists the rules; `--format json` adds their trigger words (the benchmark greps for them).
import { allRules } from '../core/rules/allRules';
import type { RulesArguments } from './cliArguments';
import type { CliEnvironment } from './cliEnvironment';
import { exitCodes } from './cliEnvironment';
import { describeRules } from './ruleDescriptions';

export function runRulesCommand(args: RulesArguments, environment: CliEnvironment): number {
  const rules = environment.rules ?? allRules;
  const descriptions = describeRules(rules);
  if (args.format === 'json') {
    const triggerWords = new Map(rules.map((rule) => [rule.id as string, rule.triggerWords]));
    const document = descriptions.map((rule) => ({ ...rule, triggerWords: triggerWords.get(rule.id) ?? [] }));
    environment.writeStdout(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    environment.writeStdout(descriptions.map((rule) => `${rule.id} ${rule.name} (${rule.defaultSeverity}): ${rule.description}`).join('\n') + '\n');
  }
  return exitCodes.clean;
}
