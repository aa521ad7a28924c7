// Loads the checklist engine on first use: the first verification, tick or export, after activation has returned.
import type * as ChecklistEngine from '../../core/checklist/checklistEngine';

let engine: typeof ChecklistEngine | undefined;

export function loadChecklistEngine(): typeof ChecklistEngine {
  // A require() inside a function: esbuild keeps the module's initialisation lazy until this runs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point is to defer loading
  engine ??= require('../../core/checklist/checklistEngine') as typeof ChecklistEngine;
  return engine;
}
