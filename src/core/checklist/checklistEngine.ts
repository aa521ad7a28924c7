// Everything the editor's checklist needs from the core at run time, in one module the editor loads lazily
// (src/editor/checklist/lazyChecklistEngine.ts): zod, the parser and the rules must not be initialised during
// activation. Editor code imports types from the core freely, values only through this facade.
export { checklistToMarkdown, stepHeading } from './checklistMarkdown';
export { isManualItem } from '../runbook/checklistDefinition';
export { loadChecklistProject } from './checklistProjectFile';
export { isDone, remainingCount } from './checklistResult';
export { createChecklistSession } from './checklistSession';
export { defaultChecklistSettings, readChecklistSettings } from './checklistSettings';
export { snapshotChecklist } from './checklistSnapshot';
export { gitUserName } from './gitUserName';
export { progressWarnings } from './progressFile';
export { ProgressStore, ticksOfState } from './progressStore';
export { wasmLocationIn } from '../python/pythonParser';
