// Everything the editor's verification tasks need from the core at run time, in one module the editor loads lazily
// (src/editor/tasks/lazyVerificationEngine.ts): activation must not initialise zod or the parser. Editor code imports
// types from the core freely, values only through this facade.
export { findExecutableOnPath } from './executableSearch';
export { expandFilePatterns } from './fileGlobExpansion';
export { pythonSettingName, resolveInterpreter } from './interpreterResolution';
export { chooseLintTool, isLintToolSetting, lintToolSettingName, lintToolSettingValues } from './lintToolDetection';
export { findPytestItems, isPytestFileName, pytestItemAtLine, pytestNodeId } from './pytestTestIds';
export { topLevelPythonTargets } from './topLevelPythonTargets';
export { manageTrustCommand, verificationTrustDecision } from './trustGate';
export { environmentSettingName, planVerificationTask, syntaxCheckFilesSettingName } from './verificationPlanner';
export { describeResult, formatDuration } from './verificationResult';
export { VerificationResultStore } from './verificationResultStore';
export { nodeRunnerRuntime, runVerificationPlan } from './verificationRunnerProgram';
export { VerificationProblemBook } from './verificationProblemBook';
export { definitionFor, readTaskDefinition } from './verificationTaskDefinition';
export { defaultSyntaxCheckFiles, defaultVerifyAllTasks, testIdProblem, verificationTasks, verifyAllCandidates } from './verificationTaskCatalogue';
export { PythonParser, wasmLocationIn } from '../python/pythonParser';
