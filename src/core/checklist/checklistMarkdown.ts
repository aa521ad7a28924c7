// "Copy as Markdown": the checklist (or one step) as a GitHub task list, ready to paste into a pull request
// description. Proven and ticked items are checked; everything else stays unchecked with a short note saying why.
import type { ChecklistEvaluation, ItemResult, StepResult } from './checklistResult';

export type MarkdownScope = { readonly kind: 'all' } | { readonly kind: 'step'; readonly stepId: string };

/** Escapes the characters GitHub Markdown would turn into formatting, links or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/[\\`*_[\]<>|~]/g, '\\$&');
}

function note(item: ItemResult): string {
  switch (item.state) {
    case 'passed':
    case 'open':
      return '';
    case 'manual-done':
      return ` — ticked${item.tick?.by === undefined ? '' : ` by ${escapeMarkdown(item.tick.by)}`}${item.tick === undefined ? '' : ` on ${item.tick.at.slice(0, 10)}`}`;
    case 'failed':
      return ` — failed: ${escapeMarkdown(item.reason)}`;
    case 'unknown':
      return ` — not verified: ${escapeMarkdown(item.reason)}`;
    case 'stale':
      return ` — stale: ${escapeMarkdown(item.reason)}`;
  }
}

function itemLine(item: ItemResult): string {
  const checked = item.state === 'passed' || item.state === 'manual-done';
  return `- [${checked ? 'x' : ' '}] ${escapeMarkdown(item.title)}${note(item)}`;
}

export function stepHeading(step: StepResult): string {
  return `${step.number}. ${step.title}${step.pullRequest === undefined ? '' : ` — PR #${step.pullRequest}`} (${step.done}/${step.total})`;
}

function stepMarkdown(step: StepResult): string {
  return [`### ${escapeMarkdown(stepHeading(step))}`, '', ...step.items.map(itemLine)].join('\n');
}

export function checklistToMarkdown(evaluation: ChecklistEvaluation, scope: MarkdownScope = { kind: 'all' }): string {
  if (scope.kind === 'step') {
    const step = evaluation.steps.find((candidate) => candidate.id === scope.stepId);
    if (step === undefined) throw new Error(`There is no step "${scope.stepId}" in the checklist; the steps are ${evaluation.steps.map((candidate) => candidate.id).join(', ')}.`);
    return `${stepMarkdown(step)}\n`;
  }
  const done = evaluation.summary.passed + evaluation.summary.manualDone;
  return `${[`## Refactor Runbook checklist (${done}/${evaluation.summary.total} done)`, ...evaluation.steps.map(stepMarkdown)].join('\n\n')}\n`;
}
