// Everything the inline warnings need from the core at run time. It is loaded lazily with the rest of dist/core.js
// (see src/editor/lazyCore.ts): zod, the tree-sitter runtime and the rules take tens of milliseconds to load, which
// activation must not pay. Editor code imports types from the core freely, but values only through these facades
// (or from the few dependency-free modules listed in eslint.config.mjs).
export { createAnalyzer } from './analysis/analyzer';
export { BaselineFilter, readBaseline } from './analysis/baseline';
export { placeSuppression, suppressionReasonPlaceholder } from './analysis/suppressionPlacement';
export { parseProjectFileText } from './config/projectFile';
export { defaultProjectSettings } from './config/projectSettings';
export { pythonPathAt, textPathAt } from './layout/pathAtPosition';
export { misplacedFile } from './rules/misplacedFile';
export { ruleVocabulary } from './rules/projectVocabulary';
export { fieldValueProblem, pathPreview, segmentValuesIn, wizardFields } from './layout/segmentValues';
export { PythonParser, wasmLocationIn } from './python/pythonParser';
export { WorkspaceWalker, walkWorkspace } from './workspace/workspaceWalker';
export { readInlineWarningSettings } from './config/inlineWarningSettings';
export { reportedRuleIds, ruleIds } from './rules/allRules';
