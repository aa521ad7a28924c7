// What a check evaluator is given, and what it gives back. Evaluators are pure functions of the workspace (read
// through the cache), the layout and the task results, so the same check gives the same answer in the CLI, the
// sidebar and the tests.
import type { RuleId } from '../model/finding';
import type { LayoutModel } from '../layout/layoutModel';
import type { ChecklistWorkspace } from './checklistWorkspace';
import type { ChecklistLocation, CheckState } from './checklistResult';
import type { TaskResultSource } from './taskResultSource';

export type RuleStatus = { readonly available: true } | { readonly available: false; readonly reason: string };

export interface CheckContext {
  readonly workspace: ChecklistWorkspace;
  readonly layout: LayoutModel;
  /** Absent where no verification tasks run (the CLI): task-passed checks are then unknown, and say why. */
  readonly taskResults: TaskResultSource | undefined;
  /** Whether a rule runs in this analyzer with these project settings (a check on an absent rule cannot pass). */
  ruleStatus(rule: RuleId): RuleStatus;
}

export interface CheckOutcome {
  readonly state: CheckState;
  readonly reason: string;
  readonly location?: ChecklistLocation;
}

export function passed(reason: string, location?: ChecklistLocation): CheckOutcome {
  return location === undefined ? { state: 'passed', reason } : { state: 'passed', reason, location };
}

export function failed(reason: string, location?: ChecklistLocation): CheckOutcome {
  return location === undefined ? { state: 'failed', reason } : { state: 'failed', reason, location };
}

export function unknown(reason: string, location?: ChecklistLocation): CheckOutcome {
  return location === undefined ? { state: 'unknown', reason } : { state: 'unknown', reason, location };
}

export function stale(reason: string, location?: ChecklistLocation): CheckOutcome {
  return location === undefined ? { state: 'stale', reason } : { state: 'stale', reason, location };
}

/** Every file the patterns name, once each, sorted. */
export function filesOf(context: CheckContext, patterns: readonly string[]): string[] {
  return [...new Set(patterns.flatMap((pattern) => context.workspace.matchFiles(pattern)))].sort();
}

/** "a, b and c" */
export function listInWords(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1] ?? ''}`;
}

export function patternsInWords(patterns: readonly string[]): string {
  return listInWords(patterns, 'or');
}
