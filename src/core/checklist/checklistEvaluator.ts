// Evaluates the checklist and keeps the answers. Each verified item remembers what it depends on (file patterns and
// task ids, from its checks' declarations); a reported file change re-verifies only the items whose patterns touch
// that path, and the workspace cache re-reads only that file. Between a change and its re-verification a passed item
// is shown as stale: it was proven, and something it depends on has changed since.
import type { LayoutModel } from '../layout/layoutModel';
import type { CheckContext, RuleStatus } from './checkContext';
import { dependenciesOf, describeCheck, evaluateCheck } from './checkEvaluators';
import type { CheckDependencies } from './checkEvaluators';
import { checkIdOf, isManualItem } from '../runbook/checklistDefinition';
import type { ChecklistItemDefinition, ChecklistStepDefinition } from '../runbook/checklistDefinition';
import { combineCheckStates } from './checklistResult';
import type { ChecklistEvaluation, CheckResult, ManualTick } from './checklistResult';
import { snapshotChecklist } from './checklistSnapshot';
import type { VerifiedItemOutcome } from './checklistSnapshot';
import type { ChecklistWorkspace, FileChange, WorkspaceCounters } from './checklistWorkspace';
import { patternMatchesPath, patternTouchesPath } from './pathPatterns';
import type { TaskResultSource } from './taskResultSource';
import type { RuleId } from '../model/finding';

export interface ChecklistEvaluatorOptions {
  readonly steps: readonly ChecklistStepDefinition[];
  readonly workspace: ChecklistWorkspace;
  readonly layout: LayoutModel;
  readonly taskResults?: TaskResultSource;
  readonly ruleStatus: (rule: RuleId) => RuleStatus;
}


export interface VerifyOptions {
  /** Polled between items; a cancelled run leaves the remaining items pending for the next run. */
  readonly isCancelled?: () => boolean;
}

export interface VerifyStats {
  readonly itemsVerified: number;
  readonly checksEvaluated: number;
  readonly cancelled: boolean;
  readonly elapsedMs: number;
  /** Work done by the workspace during this run. */
  readonly work: WorkspaceCounters;
}

function mergeDependencies(item: ChecklistItemDefinition): CheckDependencies {
  const all = (item.checks ?? []).map(dependenciesOf);
  return { patterns: [...new Set(all.flatMap((entry) => entry.patterns))], tasks: [...new Set(all.flatMap((entry) => entry.tasks))] };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class ChecklistEvaluator {
  private readonly items: readonly { readonly step: ChecklistStepDefinition; readonly item: ChecklistItemDefinition }[];
  private readonly dependencies = new Map<string, CheckDependencies>();
  private readonly outcomes = new Map<string, VerifiedItemOutcome>();
  /** Verified items to evaluate again, with the reason (the changed path) shown while they wait. */
  private readonly pending = new Map<string, string>();
  private readonly context: CheckContext;

  constructor(private readonly options: ChecklistEvaluatorOptions) {
    this.items = options.steps.flatMap((step) => step.items.map((item) => ({ step, item })));
    for (const { item } of this.items) {
      if (!isManualItem(item)) this.dependencies.set(item.id, mergeDependencies(item));
    }
    this.context = { workspace: options.workspace, layout: options.layout, taskResults: options.taskResults, ruleStatus: options.ruleStatus };
  }

  get steps(): readonly ChecklistStepDefinition[] {
    return this.options.steps;
  }

  /** Ids of verified items that have never been evaluated or were invalidated since. */
  pendingItems(): string[] {
    return [...this.dependencies.keys()].filter((id) => !this.outcomes.has(id) || this.pending.has(id));
  }

  dependenciesOf(itemId: string): CheckDependencies | undefined {
    return this.dependencies.get(itemId);
  }

  /** Evaluates every pending verified item, yielding to the event loop between items. */
  async verify(options: VerifyOptions = {}): Promise<VerifyStats> {
    const started = performance.now();
    const before = { ...this.options.workspace.counters };
    let itemsVerified = 0;
    let checksEvaluated = 0;
    let cancelled = false;
    for (const id of this.pendingItems()) {
      if (options.isCancelled?.() === true) {
        cancelled = true;
        break;
      }
      const entry = this.items.find((candidate) => candidate.item.id === id);
      if (entry === undefined) continue;
      this.outcomes.set(id, this.evaluateItem(entry.item));
      this.pending.delete(id);
      itemsVerified++;
      checksEvaluated += entry.item.checks?.length ?? 0;
      await yieldToEventLoop();
    }
    const after = this.options.workspace.counters;
    return {
      itemsVerified,
      checksEvaluated,
      cancelled,
      elapsedMs: performance.now() - started,
      work: { walks: after.walks - before.walks, reads: after.reads - before.reads, parses: after.parses - before.parses, analyses: after.analyses - before.analyses },
    };
  }

  private evaluateItem(item: ChecklistItemDefinition): VerifiedItemOutcome {
    const checks: CheckResult[] = (item.checks ?? []).map((check, index) => {
      const outcome = evaluateCheck(check, this.context);
      return { checkId: checkIdOf(check, index), label: describeCheck(check), ...outcome };
    });
    const state = combineCheckStates(checks.map((check) => check.state));
    if (state === 'passed') {
      const location = checks.find((check) => check.location !== undefined)?.location;
      return { state, reason: checks.map((check) => check.reason).join('; '), checks, ...(location === undefined ? {} : { location }) };
    }
    const decisive = checks.find((check) => check.state === state) as CheckResult;
    return { state, reason: decisive.reason, checks, ...(decisive.location === undefined ? {} : { location: decisive.location }) };
  }

  /**
   * Records file changes: the workspace forgets those files, and the items that depend on them become pending.
   * Returns the ids of the affected items.
   */
  fileChanged(changes: readonly FileChange[]): string[] {
    this.options.workspace.invalidate(changes);
    const affected: string[] = [];
    for (const [id, dependencies] of this.dependencies) {
      const change = changes.find((candidate) => dependencies.patterns.some((pattern) => (candidate.kind === 'deleted' ? patternTouchesPath(pattern, candidate.path) : patternMatchesPath(pattern, candidate.path))));
      if (change !== undefined) {
        affected.push(id);
        if (!this.pending.has(id)) this.pending.set(id, `${change.path} ${change.kind === 'deleted' ? 'was deleted' : change.kind === 'created' ? 'was created' : 'changed'} since this was verified; re-verifying`);
      }
    }
    return affected;
  }

  /** New task results arrived: items that read them become pending. Returns the affected ids. */
  taskResultsChanged(taskIds: readonly string[]): string[] {
    const affected = [...this.dependencies].filter(([, dependencies]) => dependencies.tasks.some((task) => taskIds.includes(task))).map(([id]) => id);
    for (const id of affected) if (!this.pending.has(id)) this.pending.set(id, `a new result of the ${taskIds.join(', ')} task arrived; re-verifying`);
    return affected;
  }

  /** Marks one item (or every item) for re-verification, e.g. for "Re-verify" in the sidebar. */
  invalidate(itemId?: string): void {
    for (const id of itemId === undefined ? [...this.dependencies.keys()] : [itemId]) {
      if (this.dependencies.has(id) && !this.pending.has(id)) this.pending.set(id, 're-verification requested');
    }
  }

  /** The current state of every item; manual items take their state from `ticks`. */
  snapshot(ticks: ReadonlyMap<string, ManualTick>): ChecklistEvaluation {
    return snapshotChecklist(this.options.steps, ticks, (itemId) => {
      const outcome = this.outcomes.get(itemId);
      const pendingReason = this.pending.get(itemId);
      return { ...(outcome === undefined ? {} : { outcome }), ...(pendingReason === undefined ? {} : { pendingReason }) };
    });
  }
}
