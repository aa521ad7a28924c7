// Suppression comments. `# refactor-runbook: ignore[RR001] <reason>` (or `<!-- refactor-runbook: ignore[RR006]
// <reason> -->` in Markdown) and ruff-style `# noqa: RR001 <reason>` silence the listed rules on the comment's line,
// or on the next line when the comment stands alone. A bare `# noqa` (no codes) is deliberately not honoured: legacy
// repos have many of those for other linters, and they must not hide these findings. A suppression without a
// reason (or with the unfilled placeholder) silences nothing; it, one naming an unknown rule, and one that silences
// nothing on its line are reported as RR000, so every accepted exception is explained and alive.
import { findingMessage } from '../rules/findingMessage';
import type { Finding, RuleId, SourceRange } from '../model/finding';
import { ruleIds } from '../rules/allRules';
import { invalidSuppressionRule } from '../rules/invalidSuppressionRule';
import type { FileLanguage } from '../model/fileLanguage';
import type { SourceText } from '../text/sourceText';
import { suppressionReasonPlaceholder } from './suppressionPlacement';
import { suppressionCommentsOn } from './suppressionComments';

/** The pseudo-rule RR000, listed with the real rules in `--help`, `rules` and SARIF. */
export const suppressionRuleMetadata = invalidSuppressionRule;
export const suppressionRuleId = invalidSuppressionRule.id;
export const suppressionRuleName = invalidSuppressionRule.name;

export interface Suppression {
  /** 1-based line whose findings it silences. */
  readonly targetLine: number;
  readonly ruleIds: readonly RuleId[];
  readonly reason: string;
  /** False for an empty reason or the unfilled placeholder: such a comment silences nothing (it is reported). */
  readonly hasReason: boolean;
  /** Where the comment is, for RR000 findings. */
  readonly range: SourceRange;
}

export interface SuppressionProblem {
  readonly range: SourceRange;
  readonly message: string;
}

/**
 * Words whose absence proves a file has no suppression comment for these rules (a cheap check before the line scan):
 * every `ignore[...]` names the tool and every relevant noqa names an RR0 code. Plain "noqa" would match most
 * Python repositories.
 */
export const suppressionTriggerWords: readonly string[] = ['refactor-runbook', 'RR0'];

const knownIds = new Set<string>(ruleIds);

export interface SuppressionScan {
  readonly suppressions: readonly Suppression[];
  readonly problems: readonly SuppressionProblem[];
}

export function scanSuppressions(source: SourceText, language: FileLanguage): SuppressionScan {
  const suppressions: Suppression[] = [];
  const problems: SuppressionProblem[] = [];
  if (!suppressionTriggerWords.some((word) => source.text.includes(word))) {
    return { suppressions, problems };
  }
  // Every suppression comment has one of these words on its line: only those lines are read.
  const candidateLines = new Set<number>();
  for (const word of ['refactor-runbook', 'noqa']) {
    for (let at = source.text.indexOf(word); at >= 0; at = source.text.indexOf(word, at + word.length)) {
      candidateLines.add(source.lineIndexAt(at));
    }
  }
  for (const lineIndex of [...candidateLines].sort((a, b) => a - b)) {
    const line = source.lineText(lineIndex);
    for (const match of suppressionCommentsOn(line, language)) {
      const range = source.rangeAt(lineIndex, match.column, match.column + match.text.length);
      const unknown = match.ids.filter((id) => !knownIds.has(id));
      const known = match.ids.filter((id): id is RuleId => knownIds.has(id));
      if (match.ids.length === 0) {
        problems.push({ range, message: findingMessage('Suppression names no rule', 'write the rule ids to silence, e.g. `ignore[RR001] <reason>`') });
      }
      if (unknown.length > 0) {
        problems.push({ range, message: findingMessage(`Suppression names unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`, `use one of ${ruleIds.join(', ')} or remove the comment`) });
      }
      if (known.length > 0 && match.reason === suppressionReasonPlaceholder) {
        problems.push({ range, message: findingMessage(`Suppression of ${known.join(', ')} still has the ${suppressionReasonPlaceholder} placeholder, so it silences nothing`, 'replace it with why the finding is accepted') });
      }
      if (known.length > 0 && match.reason === '') {
        const example = match.kind === 'noqa' ? `# noqa: ${known.join(', ')} converted by scripts/convert_ckpt.py` : `ignore[${known.join(',')}] converted by scripts/convert_ckpt.py`;
        problems.push({ range, message: findingMessage(`Suppression of ${known.join(', ')} has no reason, so it silences nothing`, `say why the finding is accepted, e.g. \`${example}\``) });
      }
      if (known.length > 0) {
        const hasReason = match.reason !== '' && match.reason !== suppressionReasonPlaceholder;
        suppressions.push({ targetLine: match.standsAlone ? lineIndex + 2 : lineIndex + 1, ruleIds: known, reason: match.reason, hasReason, range });
      }
    }
  }
  return { suppressions, problems };
}

function silences(suppression: Suppression, finding: Finding): boolean {
  return suppression.hasReason && suppression.targetLine === finding.range.line && (suppression.ruleIds as readonly string[]).includes(finding.rule);
}

/** Findings not silenced by any suppression. A suppression without a reason silences nothing (and is reported). */
export function withoutSuppressed<T extends Finding>(findings: readonly T[], suppressions: readonly Suppression[]): T[] {
  if (suppressions.length === 0) {
    return [...findings];
  }
  return findings.filter((finding) => !suppressions.some((suppression) => silences(suppression, finding)));
}

/**
 * A suppression (with a reason) naming a rule that reported nothing on its line is dead weight that hides the next
 * real finding there: reported, like ruff's unused-noqa. Only rules that actually checked the file (`checked`) count.
 */
export function unusedSuppressionProblems(findings: readonly Finding[], suppressions: readonly Suppression[], checked: (rule: RuleId) => boolean): SuppressionProblem[] {
  const problems: SuppressionProblem[] = [];
  for (const suppression of suppressions) {
    if (!suppression.hasReason) continue;
    const unused = suppression.ruleIds.filter((rule) => checked(rule) && !findings.some((finding) => finding.rule === rule && finding.range.line === suppression.targetLine));
    if (unused.length === 0) continue;
    const all = unused.length === suppression.ruleIds.length;
    problems.push({
      range: suppression.range,
      message: findingMessage(
        `Suppression of ${unused.join(', ')} silences nothing: ${unused.length > 1 ? 'these rules report' : 'the rule reports'} no finding on line ${suppression.targetLine}`,
        `${all ? 'remove the comment' : `remove ${unused.join(', ')} from it`} so it cannot hide a future finding`,
      ),
    });
  }
  return problems;
}
