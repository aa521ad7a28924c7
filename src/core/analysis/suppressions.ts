// Suppression comments. `# refactor-runbook: ignore[RR001] <reason>` (or `<!-- refactor-runbook: ignore[RR006]
// <reason> -->` in Markdown) and ruff-style `# noqa: RR001 <reason>` silence the listed rules on the comment's line,
// or on the next line when the comment stands alone. A bare `# noqa` (no codes) is deliberately not honoured: legacy
// repos have many of those for other linters, and they must not hide these findings. A suppression without a
// reason, or naming an unknown rule, is itself reported as RR000 so every accepted exception is explained.
import type { Finding, RuleId, SourceRange } from '../model/finding';
import { ruleIds } from '../rules/allRules';
import { invalidSuppressionRule } from '../rules/invalidSuppressionRule';
import type { FileLanguage } from '../model/fileLanguage';
import type { SourceText } from '../text/sourceText';
import { suppressionReasonPlaceholder } from './suppressionPlacement';

/** The pseudo-rule RR000, listed with the real rules in `--help`, `rules` and SARIF. */
export const suppressionRuleMetadata = invalidSuppressionRule;
export const suppressionRuleId = invalidSuppressionRule.id;
export const suppressionRuleName = invalidSuppressionRule.name;

export interface Suppression {
  /** 1-based line whose findings it silences. */
  readonly targetLine: number;
  readonly ruleIds: readonly RuleId[];
  readonly reason: string;
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

const hashIgnore = /(?:^|\s)(#\s*refactor-runbook:\s*ignore\[([^\]]*)\](.*))$/;
const htmlIgnore = /(<!--\s*refactor-runbook:\s*ignore\[([^\]]*)\](.*?)-->)/;
const hashNoqa = /(?:^|\s)(#\s*noqa:\s*((?:[A-Z]+[0-9]+(?:\s*,\s*|\s+|$))+)(.*))$/;

const knownIds = new Set<string>(ruleIds);

function idsIn(list: string): string[] {
  return list.split(/[\s,]+/).filter((id) => id !== '');
}

function cleanReason(text: string): string {
  // `# noqa: RR001  # loaded from our own pipeline` — a second `#` before the reason is common.
  return text.replace(/^[\s#:—-]+/, '').trim();
}

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
  // Every pattern above needs one of these words on its line: only those lines are read.
  const candidateLines = new Set<number>();
  for (const word of ['refactor-runbook', 'noqa']) {
    for (let at = source.text.indexOf(word); at >= 0; at = source.text.indexOf(word, at + word.length)) {
      candidateLines.add(source.lineIndexAt(at));
    }
  }
  for (const lineIndex of [...candidateLines].sort((a, b) => a - b)) {
    const line = source.lineText(lineIndex);
    const matches: { comment: string; ids: string[]; reason: string; kind: 'ignore' | 'noqa' }[] = [];
    if (language === 'markdown') {
      const ignore = htmlIgnore.exec(line);
      if (ignore !== null) {
        matches.push({ comment: ignore[1] ?? '', ids: idsIn(ignore[2] ?? ''), reason: cleanReason(ignore[3] ?? ''), kind: 'ignore' });
      }
    } else {
      const ignore = hashIgnore.exec(line);
      if (ignore !== null) {
        matches.push({ comment: ignore[1] ?? '', ids: idsIn(ignore[2] ?? ''), reason: cleanReason(ignore[3] ?? ''), kind: 'ignore' });
      }
      const noqa = hashNoqa.exec(line);
      if (noqa !== null) {
        // Other linters' codes in the same noqa (E501, F401) are theirs; only RR codes concern us.
        const ids = idsIn(noqa[2] ?? '').filter((id) => id.startsWith('RR'));
        if (ids.length > 0) {
          matches.push({ comment: noqa[1] ?? '', ids, reason: cleanReason(noqa[3] ?? ''), kind: 'noqa' });
        }
      }
    }
    for (const match of matches) {
      const startColumn = line.indexOf(match.comment);
      const range = source.rangeAt(lineIndex, startColumn, startColumn + match.comment.length);
      const standsAlone = line.slice(0, startColumn).trim() === '';
      const unknown = match.ids.filter((id) => !knownIds.has(id));
      const known = match.ids.filter((id): id is RuleId => knownIds.has(id));
      if (match.ids.length === 0) {
        problems.push({ range, message: 'Suppression names no rule. Write the rule ids to silence, e.g. `ignore[RR001] <reason>`.' });
      }
      if (unknown.length > 0) {
        problems.push({ range, message: `Suppression names unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${ruleIds.join(', ')}). Correct the id or remove the comment.` });
      }
      if (known.length > 0 && match.reason === suppressionReasonPlaceholder) {
        problems.push({ range, message: `Suppression of ${known.join(', ')} still has the ${suppressionReasonPlaceholder} placeholder. Replace it with why the finding is accepted.` });
      }
      if (known.length > 0 && match.reason === '') {
        problems.push({ range, message: `Suppression of ${known.join(', ')} has no reason. Say why the finding is accepted after the ${match.kind === 'noqa' ? 'codes' : 'brackets'}, e.g. \`${match.kind === 'noqa' ? `# noqa: ${known.join(', ')} converted by scripts/convert_ckpt.py` : `ignore[${known.join(',')}] converted by scripts/convert_ckpt.py`}\`.` });
      }
      if (known.length > 0) {
        suppressions.push({ targetLine: standsAlone ? lineIndex + 2 : lineIndex + 1, ruleIds: known, reason: match.reason, range });
      }
    }
  }
  return { suppressions, problems };
}

/** Findings not silenced by any suppression. A suppression without a reason still silences (and is reported). */
export function withoutSuppressed<T extends Finding>(findings: readonly T[], suppressions: readonly Suppression[]): T[] {
  if (suppressions.length === 0) {
    return [...findings];
  }
  return findings.filter(
    (finding) => !suppressions.some((suppression) => suppression.targetLine === finding.range.line && (suppression.ruleIds as readonly string[]).includes(finding.rule)),
  );
}
