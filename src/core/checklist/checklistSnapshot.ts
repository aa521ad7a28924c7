// Turns what is known about each item (a verified item's last outcome and whether it waits for re-verification, a
// manual item's tick) into the evaluation every front end shows. Also gives the "not verified yet" checklist the
// sidebar shows before the first verification has finished.
import { dependenciesOf } from './checkEvaluators';
import { isManualItem } from '../runbook/checklistDefinition';
import type { ChecklistItemDefinition, ChecklistStepDefinition } from '../runbook/checklistDefinition';
import { isDone, summarize } from './checklistResult';
import type { ChecklistEvaluation, ChecklistLocation, CheckResult, CheckState, ItemResult, ManualTick, StepResult } from './checklistResult';

/** The last verification of a verified item. */
export interface VerifiedItemOutcome {
  readonly state: CheckState;
  readonly reason: string;
  readonly location?: ChecklistLocation;
  readonly checks: readonly CheckResult[];
  /** The code does not settle this decide-and-tick item: it is shown, and ticked, as a manual item. */
  readonly decidedByTick?: true;
}

export interface VerificationRecord {
  readonly outcome?: VerifiedItemOutcome;
  /** Set while the item waits for re-verification: why (e.g. "src/a.py changed since this was verified"). */
  readonly pendingReason?: string;
}

function tasksOf(item: ChecklistItemDefinition): string[] {
  return [...new Set((item.checks ?? []).flatMap((check) => dependenciesOf(check).tasks))];
}

function itemResult(step: ChecklistStepDefinition, item: ChecklistItemDefinition, tick: ManualTick | undefined, record: VerificationRecord): ItemResult {
  const base = { id: item.id, stepId: step.id, title: item.title, label: item.label ?? item.title, ...(item.file === undefined ? {} : { file: item.file }), tasks: tasksOf(item) };
  if (isManualItem(item)) {
    if (tick === undefined) return { ...base, manual: true, state: 'open', reason: 'Manual item: nothing in the code can prove it; tick it when it is done.', checks: [] };
    return { ...base, manual: true, state: 'manual-done', reason: `Ticked${tick.by === undefined ? '' : ` by ${tick.by}`} on ${tick.at.slice(0, 10)}.`, checks: [], tick };
  }
  const { outcome, pendingReason } = record;
  if (outcome?.decidedByTick === true) {
    if (tick === undefined) return { ...base, manual: true, state: 'open', reason: `${outcome.reason}; decide and tick it.`, checks: outcome.checks };
    return { ...base, manual: true, state: 'manual-done', reason: `Ticked${tick.by === undefined ? '' : ` by ${tick.by}`} on ${tick.at.slice(0, 10)}.`, checks: outcome.checks, tick };
  }
  if (outcome === undefined) return { ...base, manual: false, state: 'unknown', reason: 'Not verified yet.', checks: [] };
  const location = outcome.location === undefined ? {} : { location: outcome.location };
  // Only a proven item can go stale; a failed one stays failed until the re-verification says otherwise.
  if (pendingReason !== undefined && outcome.state === 'passed') return { ...base, manual: false, state: 'stale', reason: pendingReason, checks: outcome.checks, ...location };
  return { ...base, manual: false, state: outcome.state, reason: outcome.reason, checks: outcome.checks, ...location };
}

export function snapshotChecklist(steps: readonly ChecklistStepDefinition[], ticks: ReadonlyMap<string, ManualTick>, recordOf: (itemId: string) => VerificationRecord): ChecklistEvaluation {
  const results: StepResult[] = steps.map((step, index) => {
    const items = step.items.map((item) => itemResult(step, item, ticks.get(item.id), recordOf(item.id)));
    return {
      id: step.id,
      number: index + 1,
      title: step.title,
      ...(step.pullRequest === undefined ? {} : { pullRequest: step.pullRequest }),
      ...(step.file === undefined ? {} : { file: step.file }),
      items,
      done: items.filter((item) => isDone(item.state)).length,
      total: items.length,
    };
  });
  return { steps: results, summary: summarize(results.flatMap((step) => step.items)) };
}
