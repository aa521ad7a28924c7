// What the editor loads of the migration (through src/editor/lazyCore.ts): the project file, the plan, its Markdown
// and the two script generators.
export { describeProjectProblems, loadProjectFile } from '../config/projectFile';
export { defaultMigrationSettings } from '../config/migrationSchema';
export { buildMigrationPlan } from './migrationPlan';
export { migrationScriptText } from './migrationScript';
export { converterScriptText } from './converterScript';
export { planAsMarkdown } from './planFormats';
