// Watches every `refactor-runbook` task, however it was started (palette command, "Tasks: Run Task", tasks.json, a
// keybinding), and records its result when its process ends: the runner's report when there is one, else the exit
// code. A run that ends without an exit code (terminated) is recorded as cancelled, never as passed.
import { readFileSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { RunnerReport, RunnerStepReport } from '../../core/verification/runnerPlan';
import type { VerificationOutcome, VerificationResult } from '../../core/verification/verificationResult';
import type { VerificationResultStore } from '../../core/verification/verificationResultStore';
import type { VerificationRequest } from '../../core/verification/verificationPlanner';
import { reportFileFor } from './folderVerificationInputs';
import { loadVerificationEngine, verificationTaskType } from './lazyVerificationEngine';
import { folderOfTaskScope } from './verificationTaskProvider';

export const verificationRunningContextKey = 'refactorRunbook.verificationRunning';

function isVerificationTask(task: vscode.Task): boolean {
  return task.definition.type === verificationTaskType;
}

function readReport(file: string): RunnerReport | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<RunnerReport>;
    return Array.isArray(parsed.steps) ? (parsed as RunnerReport) : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(file, { force: true });
  }
}

export function labelFor(request: VerificationRequest): string {
  const info = loadVerificationEngine().verificationTasks[request.taskId];
  return request.taskId === 'focused-test' ? `${info.label} (pytest ${request.testId ?? ''} -q)` : `${info.label} (${info.runbookCommand})`;
}

interface Tracked {
  readonly request: VerificationRequest;
  readonly folder: vscode.WorkspaceFolder;
  readonly startedAt: number;
}

export class VerificationRunTracker implements vscode.Disposable {
  private readonly running = new Map<vscode.TaskExecution, Tracked>();
  private readonly finished = new Map<vscode.TaskExecution, VerificationResult>();
  /** Runs this extension was asked to stop: whatever their exit, they count as cancelled. */
  private readonly terminationRequested = new Set<vscode.TaskExecution>();
  private readonly waiters = new Map<vscode.TaskExecution, ((result: VerificationResult) => void)[]>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    /** The result store, loaded on first use. */
    private readonly store: () => VerificationResultStore,
    private readonly reportFolder: string,
    private readonly reportProblem: (message: string) => void,
  ) {
    this.subscriptions.push(
      // Tracked from the task's start, so that a task whose process never starts still gets a result.
      vscode.tasks.onDidStartTask((event) => this.started(event.execution)),
      vscode.tasks.onDidEndTaskProcess((event) => void this.ended(event.execution, event.exitCode)),
      // A task whose process never started ends without a process event.
      vscode.tasks.onDidEndTask((event) => void this.ended(event.execution, undefined)),
    );
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** Verification tasks running now, in any folder. */
  runningExecutions(): vscode.TaskExecution[] {
    return vscode.tasks.taskExecutions.filter((execution) => isVerificationTask(execution.task));
  }

  /** Resolves with the recorded result when `execution` ends; `token` terminates it. */
  waitForResult(execution: vscode.TaskExecution, token?: vscode.CancellationToken): Promise<VerificationResult> {
    const done = this.finished.get(execution);
    if (done !== undefined) return Promise.resolve(done);
    return new Promise((resolve) => {
      const list = this.waiters.get(execution) ?? [];
      list.push(resolve);
      this.waiters.set(execution, list);
      token?.onCancellationRequested(() => this.terminate(execution));
    });
  }

  /** Terminates a run and records it as cancelled. */
  terminate(execution: vscode.TaskExecution): void {
    this.terminationRequested.add(execution);
    execution.terminate();
  }

  private started(execution: vscode.TaskExecution): void {
    if (!isVerificationTask(execution.task)) return;
    const reading = loadVerificationEngine().readTaskDefinition(execution.task.definition);
    const folder = folderOfTaskScope(execution.task.scope);
    if ('problem' in reading || folder === undefined) return;
    this.running.set(execution, { request: reading.request, folder, startedAt: Date.now() });
    this.finished.delete(execution);
    void this.updateContext();
  }

  private async ended(execution: vscode.TaskExecution, exitCode: number | undefined): Promise<void> {
    const tracked = this.running.get(execution);
    if (tracked === undefined) return; // not ours, or already recorded through the other end event
    this.running.delete(execution);
    const finishedAt = Date.now();
    const report = readReport(reportFileFor(this.reportFolder, tracked.folder, tracked.request));
    const results = this.resultsOf(tracked, exitCode, finishedAt, report, this.terminationRequested.delete(execution));
    const main = results[0];
    if (main === undefined) return;
    try {
      await this.store().record(...results);
    } catch (error) {
      this.reportProblem(`Refactor Runbook could not save the ${tracked.request.taskId} result in the workspace state: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.finished.set(execution, main);
    // Finished runs are kept only so that a waiter that arrives late still gets its result.
    for (const old of [...this.finished.keys()].slice(0, Math.max(0, this.finished.size - 20))) this.finished.delete(old);
    for (const resolve of this.waiters.get(execution) ?? []) resolve(main);
    this.waiters.delete(execution);
    void this.updateContext();
  }

  /** The task's own result first, then (verify all) one result per step that ran. */
  private resultsOf(tracked: Tracked, exitCode: number | undefined, finishedAt: number, report: RunnerReport | undefined, terminatedHere: boolean): VerificationResult[] {
    const { request, folder, startedAt } = tracked;
    const base = { folder: folder.uri.toString(), startedAt, finishedAt, durationMs: finishedAt - startedAt };
    const steps = report?.steps ?? [];
    const terminated = terminatedHere || report?.terminatedBy !== undefined || (exitCode === undefined && report === undefined);
    const outcomeOf = (step: RunnerStepReport | undefined): VerificationOutcome => {
      if (terminated) return 'cancelled';
      if (step !== undefined && step.outcome !== 'not-run') return step.outcome;
      return exitCode === 0 ? 'passed' : 'failed';
    };
    const exit = exitCode === undefined ? {} : { exitCode };

    if (request.taskId !== 'verify-all') {
      const step = steps[0];
      const problem = step?.problem;
      return [
        {
          taskId: request.taskId,
          label: labelFor(request),
          ...base,
          outcome: outcomeOf(step),
          ...exit,
          ...(request.testId === undefined ? {} : { testId: request.testId }),
          ...(problem === undefined ? {} : { problem }),
        },
      ];
    }

    const allPassed = steps.length > 0 && steps.every((step) => step.outcome === 'passed');
    const results: VerificationResult[] = [
      {
        taskId: 'verify-all',
        label: labelFor(request),
        ...base,
        outcome: terminated ? 'cancelled' : allPassed && exitCode === 0 ? 'passed' : 'failed',
        ...exit,
        steps: steps.map((step) => ({ ...step })),
      },
    ];
    // Each step that ran is also that task's latest result (a checklist item that needs "tests" sees it).
    let stepStart = startedAt;
    for (const step of steps) {
      if (step.outcome === 'not-run') continue;
      // The step that was running when the run was terminated did not fail: it was stopped.
      const outcome = terminated && step.outcome === 'failed' && step.problem === undefined ? 'cancelled' : step.outcome;
      const durationMs = step.durationMs ?? 0;
      results.push({
        taskId: step.taskId,
        label: `${labelFor({ taskId: step.taskId })}, during verify all`,
        folder: base.folder,
        startedAt: stepStart,
        finishedAt: Math.min(finishedAt, stepStart + durationMs),
        durationMs,
        outcome,
        ...(step.exitCode === undefined ? {} : { exitCode: step.exitCode }),
        ...(step.problem === undefined ? {} : { problem: step.problem }),
      });
      stepStart += durationMs;
    }
    return results;
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', verificationRunningContextKey, this.runningExecutions().length > 0 || this.running.size > 0);
  }
}
