// Loads the verification core on first use (the first task fetched, run or recorded, or result read), after
// activation has returned.
import type * as VerificationEngine from '../../core/verification/verificationEngine';
import { loadCore } from '../lazyCore';
import type { verificationTaskType as coreTaskType } from '../../core/verification/verificationTaskCatalogue';

/** The task type, needed at activation to register the provider; typed so that it cannot drift from the core's. */
export const verificationTaskType: typeof coreTaskType = 'refactor-runbook';

export function loadVerificationEngine(): typeof VerificationEngine {
  return loadCore().verificationEngine;
}
