// What one verification run leaves behind: outcome, exit code, duration and when it finished, per task and workspace
// folder. The shape matches what the checklist reads (taskId, outcome, exitCode, finishedAt, label), so the result
// store can be handed to it as its source of task results.
import { z } from 'zod';
import type { SingleVerificationTaskId, VerificationTaskId } from './verificationTaskCatalogue';
import { verificationTaskIds } from './verificationTaskCatalogue';

/** A terminated or cancelled run proves nothing, and is shown (and treated by the checklist) as not passed. */
export type VerificationOutcome = 'passed' | 'failed' | 'cancelled';

export interface VerificationStepResult {
  readonly taskId: SingleVerificationTaskId;
  readonly outcome: VerificationOutcome | 'not-run';
  readonly exitCode?: number;
  readonly durationMs?: number;
  /** Why the step's tool never started (missing interpreter or tool, bad file list). */
  readonly problem?: string;
}

export interface VerificationResult {
  readonly taskId: VerificationTaskId;
  /** e.g. "tests (pytest tests -q)". */
  readonly label: string;
  /** The workspace folder's URI. */
  readonly folder: string;
  readonly outcome: VerificationOutcome;
  /** Undefined when the process ended without one (terminated). */
  readonly exitCode?: number;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly durationMs: number;
  /** The pytest node id of a focused test. */
  readonly testId?: string;
  /** Why the tool never started, when it did not. */
  readonly problem?: string;
  /** verify-all only: each step in order, including those not run after a failure. */
  readonly steps?: readonly VerificationStepResult[];
}

const outcome = z.enum(['passed', 'failed', 'cancelled']);
const stepIds = verificationTaskIds.filter((id): id is SingleVerificationTaskId => id !== 'verify-all');

const stepSchema = z.object({
  taskId: z.enum(stepIds as [SingleVerificationTaskId, ...SingleVerificationTaskId[]]),
  outcome: z.enum(['passed', 'failed', 'cancelled', 'not-run']),
  exitCode: z.number().int().optional(),
  durationMs: z.number().nonnegative().optional(),
  problem: z.string().optional(),
});

export const verificationResultSchema = z.object({
  taskId: z.enum(verificationTaskIds),
  label: z.string(),
  folder: z.string(),
  outcome,
  exitCode: z.number().int().optional(),
  startedAt: z.number(),
  finishedAt: z.number(),
  durationMs: z.number().nonnegative(),
  testId: z.string().optional(),
  problem: z.string().optional(),
  steps: z.array(stepSchema).optional(),
});

/** "passed in 1.2 s, 3 min ago" and similar, for quick picks and summaries. */
export function describeResult(result: VerificationResult, now: number): string {
  const duration = formatDuration(result.durationMs);
  const when = formatAge(now - result.finishedAt);
  switch (result.outcome) {
    case 'passed':
      return `passed in ${duration}, ${when}`;
    case 'cancelled':
      return `terminated after ${duration}, ${when}`;
    case 'failed':
      return result.problem !== undefined ? `did not run: ${result.problem.split('\n')[0] ?? ''} (${when})` : `failed${result.exitCode === undefined ? '' : ` with exit code ${result.exitCode}`} after ${duration}, ${when}`;
  }
}

export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1)} s`;
  const minutes = Math.floor(milliseconds / 60_000);
  return `${minutes} min ${Math.round((milliseconds % 60_000) / 1000)} s`;
}

export function formatAge(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
