// The check vocabulary: what a checklist item can ask of the workspace, declared as data and validated with zod so a
// project file can add or replace checks and get a precise error for a typo. Each kind is evaluated by its own module
// (see checkEvaluators.ts); this file only says what a check may contain.
import { z } from 'zod';
import type { RuleId } from '../model/finding';
import { ruleIds } from '../rules/allRules';
import { linearPatternProblem } from '../text/linearRegex';
import { braceExpansionProblem } from '../text/braceExpansion';
import { patternedString } from '../text/patternedString';

/** The default places tests live (pytest's own default discovery patterns under `tests/`). */
export const defaultTestFiles: readonly string[] = ['tests/**/test_*.py', 'tests/**/*_test.py'];

/** Where a migration script is looked for by default: script folders and the repository root. */
export const defaultMigrationScriptFiles: readonly string[] = ['scripts/**', 'tools/**', 'bin/**', '*.sh', '*.py'];

/** What a task result depends on by default: any Python file (a test run exercises the whole package). */
export const defaultTaskDependencyFiles: readonly string[] = ['**/*.py'];

/** Bounds for user-supplied patterns, so a check cannot make evaluation slow (same spirit as the project's globs). */
export const checkPatternLimits = { maxGlobLength: 256, maxGlobstars: 4, maxRegexLength: 200 } as const;

/** A path or minimatch glob relative to the repository root, with "/" separators and no "..". */
export const workspacePathOrGlob = z
  .string()
  .min(1, 'must not be empty')
  .max(checkPatternLimits.maxGlobLength, `at most ${checkPatternLimits.maxGlobLength} characters`)
  .refine((value) => !/^(?:[A-Za-z]:)?[\\/]/.test(value), 'must be relative to the repository root, not absolute')
  .refine((value) => !value.includes('\\'), 'must use "/" as the separator')
  .refine((value) => !value.split('/').some((part) => part === '..' || part === '.' || part === ''), 'must not contain "..", "." or empty parts')
  .refine((value) => (value.match(/\*\*/g) ?? []).length <= checkPatternLimits.maxGlobstars, `may contain "**" at most ${checkPatternLimits.maxGlobstars} times`)
  .superRefine((value, context) => {
    const problem = braceExpansionProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `is refused: ${problem}` });
  });

const pythonIdentifier = patternedString(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Python identifier such as "ValueError"');

/** `Class`, `function`, `Class.member`; each part may use `*` and `?` wildcards (e.g. `*Dataset*Config.experiment_root`). */
const symbolPattern = patternedString(/^[A-Za-z_*?][A-Za-z0-9_*?]*(?:\.[A-Za-z_*?][A-Za-z0-9_*?]*)?$/, 'must be "Name" or "Class.member" (identifiers, optionally with * or ? wildcards)');

/** A called or referenced name: `torch.save`, `mkdir`, `state_dict`; a match is the whole dotted name or its tail. */
const dottedNamePattern = patternedString(/^[A-Za-z_*?][A-Za-z0-9_*?]*(?:\.[A-Za-z_*?][A-Za-z0-9_*?]*)*$/, 'must be a dotted name such as "torch.save" (wildcards * and ? allowed)');

/** One required name, or a list of alternatives of which any one will do (`["print", "logger.info"]`). */
const nameAlternatives = z.union([dottedNamePattern, z.array(dottedNamePattern).min(1, 'list at least one alternative')]);

const boundedRegex = z
  .string()
  .min(1, 'must not be empty')
  .max(checkPatternLimits.maxRegexLength, `at most ${checkPatternLimits.maxRegexLength} characters`)
  .superRefine((value, context) => {
    const problem = linearPatternProblem(value);
    if (problem !== undefined) {
      context.addIssue({ code: 'custom', message: `must be a valid RE2 regular expression (JavaScript syntax without backreferences or lookaround, which could make matching take forever): ${problem}` });
    }
  });

const checkCommon = {
  /** Unique within its item, so a project file can drop or reword this one check. */
  id: patternedString(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and "-"').optional(),
  /** What the check proves, in words (shown in tooltips); generated from the check when absent. */
  label: z.string().min(1).max(200).optional(),
};

export const symbolExistsCheckSchema = z.strictObject({
  kind: z.literal('symbol-exists'),
  ...checkCommon,
  file: workspacePathOrGlob.describe('Python file (or glob) that defines the symbol.'),
  symbol: symbolPattern.describe('The class, function or Class.member that must exist.'),
  fields: z.array(pythonIdentifier).optional().describe('The class must define these fields (class attributes, annotations or self.<name> in __init__).'),
  fieldsForSegments: z.boolean().optional().describe("The class must define a field per layout segment and experiment_root."),
  buildsSegments: z.boolean().optional().describe("The function must use the layout's segments in the grammar's order."),
  raises: z.array(pythonIdentifier).optional().describe('The function (or a method it calls on self) must raise each of these exceptions.'),
  raisesWithMessage: z.boolean().optional().describe('Each required raise must pass a message.'),
  calls: z.array(nameAlternatives).optional().describe('The function must call each of these (directly or through a method of the same class).'),
  mentions: z.array(z.string().min(1)).optional().describe('String literals in the function must contain each of these texts.'),
  otherRunsPaths: z.boolean().optional().describe("The function must build its paths from other runs' configs (e.g. replace(self, model_arch=<the upstream model>).model_artifact_path()), not from this run's own folder."),
  notAtRepositoryRoot: z.array(patternedString(/^[A-Za-z0-9_.-]+$/, 'must be a folder name such as "mlruns"')).optional().describe('No call in the function may be given one of these folders at the repository root ("mlruns", "./mlruns", "file:./mlruns").'),
  savesStateDict: z.boolean().optional().describe('Every torch.save in the function (and its helpers) must save a state_dict (x.state_dict(), a variable holding one, or a dict of them), never a model object.'),
  equivalentTable: z.boolean().optional().describe('When the symbol is absent, a dict table under another name passes if the command line restricts its choices to the table\'s keys.'),
});

export const symbolAbsentCheckSchema = z.strictObject({
  kind: z.literal('symbol-absent'),
  ...checkCommon,
  file: workspacePathOrGlob.describe('Python file (or glob) that must not define the symbol.'),
  symbol: symbolPattern.describe('The class, function or Class.member that must not exist.'),
});

export const noFindingsCheckSchema = z.strictObject({
  kind: z.literal('no-findings'),
  ...checkCommon,
  rules: z.array(z.enum(ruleIds as [RuleId, ...RuleId[]])).min(1, 'list at least one rule id').describe('Rule ids that must report nothing.'),
  files: z.array(workspacePathOrGlob).min(1, 'list at least one file or glob').describe('Files or globs the rules are run on.'),
  definingSymbol: symbolPattern.optional().describe('When none of the files defines this class or function (the code moved), the rules also run on the files that do.'),
});

export const fileContainsCheckSchema = z
  .strictObject({
    kind: z.literal('file-contains'),
    ...checkCommon,
    file: workspacePathOrGlob.describe('File (or glob: any matching file will do).'),
    text: z.string().min(1).optional().describe('Plain text that must appear.'),
    pattern: boundedRegex.optional().describe('Regular expression (RE2: JavaScript syntax without backreferences or lookaround; matched in linear time) that must match.'),
  })
  .refine((check) => (check.text === undefined) !== (check.pattern === undefined), { message: 'give exactly one of "text" and "pattern"' });

export const testExistsCheckSchema = z.strictObject({
  kind: z.literal('test-exists'),
  ...checkCommon,
  files: z.array(workspacePathOrGlob).min(1).optional().describe(`Test files (default ${defaultTestFiles.join(', ')}).`),
  references: z.array(nameAlternatives).optional().describe('Names a single test function must use (directly or through helpers of its file).'),
  expectsRaises: z.array(pythonIdentifier).optional().describe('Exceptions the test must expect with pytest.raises or assertRaises.'),
  importsFrom: workspacePathOrGlob
    .refine((value) => value.endsWith('.py') && !/[*?[\]{}]/.test(value), 'must be the path of one Python file, e.g. "src/training/fusion_training.py"')
    .optional()
    .describe('The test file must import this module.'),
});

export const taskPassedCheckSchema = z.strictObject({
  kind: z.literal('task-passed'),
  ...checkCommon,
  task: patternedString(/^[a-z][a-z0-9-]*$/, 'must be a verification task id such as "tests"').describe('Verification task id (from the verification tasks).'),
  files: z.array(workspacePathOrGlob).min(1).optional().describe(`A change to these files after the run makes the result stale (default ${defaultTaskDependencyFiles.join(', ')}).`),
});

export const migrationScriptCheckSchema = z.strictObject({
  kind: z.literal('migration-script'),
  ...checkCommon,
  files: z.array(workspacePathOrGlob).min(1).optional().describe(`Where to look (default ${defaultMigrationScriptFiles.join(', ')}).`),
});

export const documentsLayoutCheckSchema = z.strictObject({
  kind: z.literal('documents-layout'),
  ...checkCommon,
  file: workspacePathOrGlob.describe('Markdown file that must show the grammar template and a canonical example path.'),
});

export const chainingOptInCheckSchema = z.strictObject({
  kind: z.literal('chaining-opt-in'),
  ...checkCommon,
  file: workspacePathOrGlob.describe('Python file (or glob) of the job manager.'),
  flags: z.array(patternedString(/^--[a-z][a-z0-9-]*$/, 'must be a long option such as "--auto-chain"')).min(1).optional().describe('Options that opt in to chaining (default --auto-chain, --chain).'),
});

export const createsRunFolderCheckSchema = z.strictObject({
  kind: z.literal('creates-run-folder'),
  ...checkCommon,
  files: z.array(workspacePathOrGlob).min(1).describe('Python files that build job scripts.'),
});

export const codeAnchoredPathsCheckSchema = z.strictObject({
  kind: z.literal('no-code-anchored-paths'),
  ...checkCommon,
  files: z.array(workspacePathOrGlob).min(1).describe('Python files whose experiment paths must not be anchored at the code folder (Path(__file__).parent).'),
});

export const legacyFallbackCheckSchema = z.strictObject({
  kind: z.literal('no-legacy-fallback'),
  ...checkCommon,
  files: z.array(workspacePathOrGlob).min(1).describe('Python files in which no function may test a path and fall back to one under a legacy root.'),
});

export const checkSchema = z.discriminatedUnion('kind', [
  symbolExistsCheckSchema,
  symbolAbsentCheckSchema,
  noFindingsCheckSchema,
  fileContainsCheckSchema,
  testExistsCheckSchema,
  taskPassedCheckSchema,
  migrationScriptCheckSchema,
  documentsLayoutCheckSchema,
  chainingOptInCheckSchema,
  createsRunFolderCheckSchema,
  codeAnchoredPathsCheckSchema,
  legacyFallbackCheckSchema,
]);

export type SymbolExistsCheck = z.infer<typeof symbolExistsCheckSchema>;
export type SymbolAbsentCheck = z.infer<typeof symbolAbsentCheckSchema>;
export type NoFindingsCheck = z.infer<typeof noFindingsCheckSchema>;
export type FileContainsCheck = z.infer<typeof fileContainsCheckSchema>;
export type TestExistsCheck = z.infer<typeof testExistsCheckSchema>;
export type TaskPassedCheck = z.infer<typeof taskPassedCheckSchema>;
export type MigrationScriptCheck = z.infer<typeof migrationScriptCheckSchema>;
export type DocumentsLayoutCheck = z.infer<typeof documentsLayoutCheckSchema>;
export type ChainingOptInCheck = z.infer<typeof chainingOptInCheckSchema>;
export type CreatesRunFolderCheck = z.infer<typeof createsRunFolderCheckSchema>;
export type CodeAnchoredPathsCheck = z.infer<typeof codeAnchoredPathsCheckSchema>;
export type LegacyFallbackCheck = z.infer<typeof legacyFallbackCheckSchema>;
export type Check = z.infer<typeof checkSchema>;
export type CheckKind = Check['kind'];
export type NameAlternatives = z.infer<typeof nameAlternatives>;

export const checkKinds: readonly CheckKind[] = ['symbol-exists', 'symbol-absent', 'no-findings', 'file-contains', 'test-exists', 'task-passed', 'migration-script', 'documents-layout', 'chaining-opt-in', 'creates-run-folder', 'no-code-anchored-paths', 'no-legacy-fallback'];
