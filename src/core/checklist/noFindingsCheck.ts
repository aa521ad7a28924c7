// `no-findings`: the analysis core reports nothing for the given rules in the given files. It runs without the
// project's baseline (a baselined legacy pattern is accepted for now, not gone) but honours suppression comments,
// which carry a reason. A rule that is absent from this build or turned off cannot prove anything: then the check is
// unknown, unless the rules that do run already found something.
import type { RuleId } from '../model/finding';
import type { CheckContext, CheckOutcome } from './checkContext';
import { failed, filesOf, listInWords, passed, patternsInWords, unknown } from './checkContext';
import type { NoFindingsCheck } from '../runbook/checkSchema';

interface Hit {
  readonly path: string;
  readonly rule: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** What is wrong, without the remedy: up to the first "; " or the end of the first sentence. */
function problemPart(message: string): string {
  const end = message.search(/; |\.(\s|$)/);
  return end === -1 ? message : message.slice(0, end);
}

export function evaluateNoFindings(check: NoFindingsCheck, context: CheckContext): CheckOutcome {
  const statuses = check.rules.map((rule) => ({ rule, status: context.ruleStatus(rule) }));
  const running = new Set<RuleId>(statuses.filter((entry) => entry.status.available).map((entry) => entry.rule));
  const notRunning = statuses.flatMap((entry) => (entry.status.available ? [] : [entry.status.reason]));
  const rulesText = listInWords(check.rules, 'or');
  const files = filesOf(context, check.files);
  if (files.length === 0) {
    return unknown(`no Python, shell/Slurm or Markdown file matches ${patternsInWords(check.files)}, so there is nothing to check; correct the check's "files" if the code moved`);
  }
  const hits: Hit[] = [];
  const notAnalysed: string[] = [];
  for (const file of files) {
    const analysis = context.workspace.analysis(file);
    if ('kind' in analysis) {
      if (analysis.kind === 'unreadable') notAnalysed.push(analysis.detail);
      continue;
    }
    if (analysis.skipped !== undefined) notAnalysed.push(`${file}: ${analysis.skipped.detail}`);
    for (const failure of analysis.ruleFailures) {
      if (running.has(failure.rule)) notAnalysed.push(`${file}: rule ${failure.rule} failed (${failure.message})`);
    }
    for (const finding of analysis.findings) {
      if (finding.rule !== 'RR000' && running.has(finding.rule)) {
        hits.push({ path: file, rule: finding.rule, line: finding.range.line, column: finding.range.column, message: finding.message });
      }
    }
  }
  if (hits.length > 0) {
    const first = hits[0];
    const inFiles = new Set(hits.map((hit) => hit.path)).size;
    return failed(
      `${hits.length} ${rulesText} finding${hits.length === 1 ? '' : 's'} in ${inFiles} file${inFiles === 1 ? '' : 's'}; first at ${first.path}:${first.line}: ${first.rule} ${problemPart(first.message)}`,
      { path: first.path, line: first.line, column: first.column },
    );
  }
  if (notRunning.length > 0) {
    const ran = [...running];
    return unknown(`${notRunning.join('; ')}${ran.length > 0 ? `; ${listInWords(ran)} found nothing` : ''}`);
  }
  if (notAnalysed.length > 0) return unknown(`no ${rulesText} findings, but not everything could be analysed: ${notAnalysed.join('; ')}`);
  return passed(`no ${rulesText} findings in ${files.length === 1 ? files[0] : `${files.length} files (${patternsInWords(check.files)})`}`);
}
