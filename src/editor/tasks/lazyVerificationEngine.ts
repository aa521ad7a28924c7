// Loads the verification core on first use (the first task fetched, run or recorded, or result read), after
// activation has returned.
import type * as VerificationEngine from '../../core/verification/verificationEngine';
import type { verificationTaskType as coreTaskType } from '../../core/verification/verificationTaskCatalogue';

/** The task type, needed at activation to register the provider; typed so that it cannot drift from the core's. */
export const verificationTaskType: typeof coreTaskType = 'refactor-runbook';

let engine: typeof VerificationEngine | undefined;

export function loadVerificationEngine(): typeof VerificationEngine {
  // A require() inside a function: esbuild keeps the module's initialisation lazy until this runs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point is to defer loading
  engine ??= require('../../core/verification/verificationEngine') as typeof VerificationEngine;
  return engine;
}
