// The plan a verification task hands to the runner program: what to print, what to check, what to run, in order.
// The runner writes back what happened to `reportFile`, step by step, so a run that is terminated halfway still
// leaves an accurate record.
import type { VerificationOutcome } from './verificationResult';
import type { SingleVerificationTaskId } from './verificationTaskCatalogue';

export interface RunnerPrecheck {
  readonly command: string;
  readonly args: readonly string[];
  /** Printed (and recorded) when the precheck exits non-zero: what is missing and the command that fixes it. */
  readonly failureMessage: string;
}

export interface RunnerStep {
  readonly taskId: SingleVerificationTaskId;
  readonly label: string;
  /** Printed before the step: which interpreter and why, which linter and why. */
  readonly headerLines: readonly string[];
  /** The command line as a person would type it, for display only (the process gets command and args). */
  readonly display: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Variables added to the environment of the step's process. */
  readonly env: Readonly<Record<string, string>>;
  readonly precheck?: RunnerPrecheck;
  /** When set, the step cannot run: this is printed instead, and the step fails without starting anything. */
  readonly blocked?: string;
}

export interface RunnerPlan {
  readonly title: string;
  readonly steps: readonly RunnerStep[];
  /** Print a summary of every step at the end (verify all). */
  readonly summary: boolean;
  readonly reportFile?: string;
}

export interface RunnerStepReport {
  readonly taskId: SingleVerificationTaskId;
  readonly outcome: VerificationOutcome | 'not-run';
  readonly exitCode?: number;
  readonly durationMs?: number;
  readonly problem?: string;
}

export interface RunnerReport {
  readonly steps: readonly RunnerStepReport[];
  /** The signal that ended the run, when it was terminated. */
  readonly terminatedBy?: string;
}

/** The runner's exit code when a step could not start (missing interpreter or tool, refused, bad file list). */
export const notStartedExitCode = 127;
