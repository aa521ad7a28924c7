// Everything the editor needs from the core at run time, in one module it loads lazily (see src/editor/lazyEngine.ts):
// zod, the tree-sitter runtime, the rules and the checklist engine take around 100 ms to initialise, which activation
// must not pay. Editor code imports types from the core freely, but values only through this facade (or from the few
// dependency-free modules listed in eslint.config.mjs).
export { createAnalyzer } from './analysis/analyzer';
export { BaselineFilter, readBaseline } from './analysis/baseline';
export { placeSuppression, suppressionReasonPlaceholder } from './analysis/suppressionPlacement';
export { parseProjectFileText } from './config/projectFile';
export { defaultProjectSettings } from './config/projectSettings';
export { pythonPathAt, textPathAt } from './layout/pathAtPosition';
export { PythonParser, wasmLocationIn } from './python/pythonParser';
export { WorkspaceWalker, walkWorkspace } from './workspace/workspaceWalker';
export { readInlineWarningSettings } from './config/inlineWarningSettings';
