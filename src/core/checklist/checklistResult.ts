// What evaluating the checklist produces: a state per check, per item and per step, each with the reason and, where
// there is one, a location to jump to. Shared by the sidebar, the CLI formats and the Markdown export.

/** The result of one check. `stale`: it was proven, but something it depends on changed since. */
export type CheckState = 'passed' | 'failed' | 'unknown' | 'stale';

/** The state of an item: a verified item takes its checks' state; a manual item is `manual-done` or `open`. */
export type ItemState = CheckState | 'manual-done' | 'open';

/** A place in the workspace: path relative to the repository root (POSIX), 1-based line and column. */
export interface ChecklistLocation {
  readonly path: string;
  readonly line: number;
  readonly column?: number;
}

export interface CheckResult {
  /** The check's id within its item (its own id, or its 1-based position). */
  readonly checkId: string;
  readonly label: string;
  readonly state: CheckState;
  readonly reason: string;
  readonly location?: ChecklistLocation;
}

export interface ManualTick {
  /** ISO 8601 date-time of the tick. */
  readonly at: string;
  /** The git user name of whoever ticked it, when it was available. */
  readonly by?: string;
}

export interface ItemResult {
  readonly id: string;
  readonly stepId: string;
  /** The runbook's full wording. */
  readonly title: string;
  /** The short title the sidebar shows (the title when the definition has none). */
  readonly label: string;
  readonly file?: string;
  readonly manual: boolean;
  readonly state: ItemState;
  /** Why the item is in this state, in one sentence (the first failing check's reason, for example). */
  readonly reason: string;
  readonly location?: ChecklistLocation;
  readonly checks: readonly CheckResult[];
  readonly tick?: ManualTick;
  /** Verification task ids the item's checks rely on (for "run the item's verification"). */
  readonly tasks: readonly string[];
}

export interface StepResult {
  readonly id: string;
  /** 1-based position, as the runbook numbers its steps. */
  readonly number: number;
  readonly title: string;
  readonly pullRequest?: number;
  readonly file?: string;
  readonly items: readonly ItemResult[];
  /** Items passed or ticked. */
  readonly done: number;
  readonly total: number;
}

export interface ChecklistSummary {
  readonly passed: number;
  readonly manualDone: number;
  readonly failed: number;
  readonly unknown: number;
  readonly stale: number;
  readonly open: number;
  readonly total: number;
}

export interface ChecklistEvaluation {
  readonly steps: readonly StepResult[];
  readonly summary: ChecklistSummary;
}

/** Done means proven (passed) or ticked by a person (manual-done). */
export function isDone(state: ItemState): boolean {
  return state === 'passed' || state === 'manual-done';
}

/** Items still to do: everything that is not done. */
export function remainingCount(summary: ChecklistSummary): number {
  return summary.total - summary.passed - summary.manualDone;
}

export function summarize(items: readonly ItemResult[]): ChecklistSummary {
  const count = (state: ItemState): number => items.filter((item) => item.state === state).length;
  return {
    passed: count('passed'),
    manualDone: count('manual-done'),
    failed: count('failed'),
    unknown: count('unknown'),
    stale: count('stale'),
    open: count('open'),
    total: items.length,
  };
}

/**
 * An item's state from its checks: any failure wins (it is definitely not done), then anything not known, then
 * anything stale; only when every check passed is the item passed.
 */
export function combineCheckStates(states: readonly CheckState[]): CheckState {
  for (const state of ['failed', 'unknown', 'stale'] as const) {
    if (states.includes(state)) return state;
  }
  return 'passed';
}
