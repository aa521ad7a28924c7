// The one thing the checklist needs from the verification tasks: the latest result of a task. The tasks feature
// (or a test) implements it; the checklist never runs tasks itself, so the core stays free of editor and process code.

export type TaskOutcome = 'passed' | 'failed' | 'cancelled';

export interface TaskResult {
  /** The task id, e.g. "tests", "syntax", "lint". */
  readonly taskId: string;
  /** A cancelled or terminated run proves nothing: the checklist treats it as failed. */
  readonly outcome: TaskOutcome;
  readonly exitCode?: number;
  /** When the run ended, in milliseconds since the epoch. A file changed after this makes the result stale. */
  readonly finishedAt: number;
  /** Human-readable name shown in reasons, e.g. "Tests (pytest tests -q)". */
  readonly label?: string;
}

export interface TaskResultSource {
  /** The latest result of `taskId` in this workspace, or undefined when it has never run. */
  latestResult(taskId: string): TaskResult | undefined;
}
