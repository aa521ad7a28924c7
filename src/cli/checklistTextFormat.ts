// `checklist --format text`: one line per item with a marker and its state; items that are not done get a second
// line `path:line: reason` that terminals and editors turn into a link.
import type { ChecklistEvaluation, ChecklistLocation, ItemState } from '../core/checklist/checklistResult';
import { stepHeading } from '../core/checklist/checklistMarkdown';

const markers: Readonly<Record<ItemState, string>> = {
  passed: '[x]',
  'manual-done': '[x]',
  failed: '[!]',
  unknown: '[?]',
  stale: '[~]',
  open: '[ ]',
};

export function formatChecklistText(evaluation: ChecklistEvaluation, repositoryLabel: string, displayPath: (location: ChecklistLocation) => string): string {
  const { summary } = evaluation;
  const lines = [
    `Refactor Runbook checklist for ${repositoryLabel}: ${summary.passed + summary.manualDone}/${summary.total} done ` +
      `(${summary.passed} verified, ${summary.manualDone} ticked); ${summary.failed} failed, ${summary.unknown} unknown, ${summary.stale} stale, ${summary.open} open`,
  ];
  for (const step of evaluation.steps) {
    lines.push('', stepHeading(step));
    for (const item of step.items) {
      lines.push(`  ${markers[item.state]} ${item.state.padEnd(11)} ${item.title}`);
      if (item.state !== 'passed') {
        // A reason that already names its place as shown here (e.g. "first at a.py:3") is not prefixed a second time.
        const place = item.location === undefined ? '' : `${displayPath(item.location)}:${item.location.line}`;
        const where = place === '' || item.reason.includes(place) ? '' : `${place}: `;
        lines.push(`                    ${where}${item.reason}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
