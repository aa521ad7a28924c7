// Loads the checklist engine on first use: the first verification, tick or export, after activation has returned.
import type * as ChecklistEngine from '../../core/checklist/checklistEngine';
import { loadCore } from '../lazyCore';

export function loadChecklistEngine(): typeof ChecklistEngine {
  return loadCore().checklistEngine;
}
