// The one committed project file, `refactor-runbook.json` at the repository root: its zod schema (the single source
// of truth) and the JSON Schema generated from it, which the build writes to dist/refactor-runbook.schema.json.
import { z } from 'zod';
import { globLimits } from '../workspace/boundedGlob';
import { reportedRuleIds } from '../rules/allRules';
import { builtInArtifactExtensions, builtInArtifactWords } from '../rules/artifactVocabulary';
import { checklistOverridesSchema } from '../runbook/checklistOverrides';
import { symbolMappingSchema } from '../runbook/symbolMapping';
import { migrationSchema } from './migrationSchema';
import { braceExpansionProblem } from '../text/braceExpansion';
import { patternedString } from '../text/patternedString';

export { projectFileName } from './projectFileName';

const severitySetting = z.enum(['error', 'warning', 'information', 'hint', 'off']);

const segmentName = patternedString(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a segment name must be an identifier such as "model_arch" (letters, digits, "_")');

const folderValue = patternedString(/^[A-Za-z0-9][A-Za-z0-9._+=,@-]*$/, 'an allowed value must be a safe folder name (letters, digits, ".", "_", "-", "+", "=", ",", "@"; not starting with punctuation)');

/** A folder relative to the repository root: no drive, no leading "/", no "..", forward slashes. */
const relativeFolder = z
  .string()
  .min(1, 'must not be empty')
  .refine((value) => !/^(?:[A-Za-z]:)?[\\/]/.test(value), { message: 'must be relative to the repository root, not absolute', abort: true })
  .refine((value) => !value.includes('\\'), { message: 'must use "/" as the separator', abort: true })
  .refine((value) => !value.split('/').some((part) => part === '..' || part === '.' || part === ''), { message: 'must not contain "..", "." or empty parts', abort: true });

const glob = z
  .string()
  .min(1, 'must not be empty')
  .max(globLimits.maxLength, `a glob may have at most ${globLimits.maxLength} characters`)
  .refine((value) => (value.match(/\*\*/g) ?? []).length <= globLimits.maxGlobstars, { message: `a glob may contain "**" at most ${globLimits.maxGlobstars} times`, abort: true })
  .refine((value) => !value.includes('\\'), { message: 'globs use "/" as the separator (a "\\" escapes the next character)', abort: true })
  .superRefine((value, context) => {
    const problem = braceExpansionProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `this glob is refused: ${problem}` });
  });

const pythonFunctionName = patternedString(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a Python name, optionally dotted, without parentheses, e.g. "PipelineConfig.run_dir"');

/** A word the rules compare with the words of a name (`best_snapshot_path` → best, snapshot, path). */
const vocabularyWord = (what: string, example: string): z.ZodString =>
  patternedString(/^[a-z][a-z0-9]*$/, `${what} must be one lower-case word of letters and digits, e.g. "${example}" (names are split into words at "_" and case changes)`);

const modelWord = vocabularyWord('a model word', 'gat');

const artifactWord = vocabularyWord('an artifact word', 'snapshot');

const withoutDot = 'write the extension without its dot, e.g. "bin" for model.bin';
const extensionShape = 'an artifact extension must be lower case, letters and digits starting with a letter, at most 12 characters, e.g. "bin"';

const artifactExtension = z
  .string()
  .refine((value) => !value.startsWith('.'), { message: withoutDot, abort: true })
  .regex(/^[a-z][a-z0-9]{0,11}$/, extensionShape)
  .meta({ patternErrorMessage: `${extensionShape}; ${withoutDot}` });

const wordList = <T extends z.ZodType>(item: T) => z.array(item).max(200, 'at most 200 entries');

const globList = z.array(glob).max(globLimits.maxPatterns, `at most ${globLimits.maxPatterns} patterns`);

const ruleSeverities = z
  .strictObject(Object.fromEntries(reportedRuleIds.map((id) => [id, severitySetting.optional()])))
  .describe('Severity per rule id ("off" turns the rule off). RR000 is the finding for a suppression comment without a reason.');

export const defaultMaxFileSizeBytes = 2 * 1024 * 1024;

export const projectFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editor completion.'),
    layout: z
      .strictObject({
        template: z
          .string()
          .min(1, 'must not be empty')
          .optional()
          .describe('The layout as one template, e.g. "experiment_runs/{modality}/{dataset}/{model_arch}" or "experimentruns/{dataset}/{model_type}_{scale}_{stage}[_{aux}]": literal folders first (the experiment root), then folders of literal text, {field}s and [optional parts]. Fields sharing a folder need a separator (e.g. "_") between them, and their values may not contain it. Replaces experimentRoot + segments (give one or the other).'),
        experimentRoot: relativeFolder.optional().describe('Folder of the experiment root, relative to the repository root. Default "experiment_runs".'),
        segments: z.array(segmentName).min(1, 'list at least one segment').optional().describe('Ordered segment names below the experiment root. Default modality, dataset, learning_type, model_arch, model_size, distillation, training_mode.'),
        allowedValues: z.record(segmentName, z.array(folderValue).min(1, 'list at least one value, or remove the segment from allowedValues')).optional().describe('Allowed values per segment name; a segment without an entry accepts any safe folder name.'),
        legacyRoots: z.array(relativeFolder).optional().describe('Roots that must disappear, relative to the repository root. Default ["osc_jobs"].'),
        pathFunction: pythonFunctionName
          .optional()
          .describe('The project\'s function or method that builds a run\'s canonical folder, e.g. "PipelineConfig.run_dir" (no parentheses). Remedies then name it (as the file calls it, e.g. `cfg.run_dir()`, when it does); without it they name a runbook path function the file already calls, or say it generically.'),
      })
      .optional()
      .describe('The canonical experiment layout.'),
    rules: ruleSeverities.optional(),
    include: globList.optional().describe('minimatch globs (relative to the repository root) of files to check. Default: every Python, shell/Slurm and Markdown file.'),
    exclude: globList.optional().describe('minimatch globs (relative to the repository root) of files or folders to skip, in addition to .gitignore.'),
    maxFileSizeBytes: z.int().positive('must be a positive number of bytes').max(512 * 1024 * 1024, 'must be at most 512 MiB').optional().describe(`Files larger than this are skipped with a stated reason. Default ${defaultMaxFileSizeBytes} (2 MiB).`),
    checklist: checklistOverridesSchema.optional().describe('Changes to the default checklist: reword, drop or re-check items, add items.'),
    symbols: symbolMappingSchema.optional(),
    vocabulary: z
      .strictObject({
        modelWords: wordList(modelWord)
          .optional()
          .describe('Words that mark a variable or attribute as a model object for RR005, added to the built-in generic ones (model, net, encoder, backbone, teacher, …), e.g. ["gat", "vgae"] for `gat_model` or `self.vgae`.'),
        artifactWords: wordList(artifactWord)
          .optional()
          .describe(`Words that, in a path, glob pattern or variable name, mark a model artifact or run output for RR001 and RR003, added to the built-in ones (${builtInArtifactWords.join(', ')}), e.g. ["snapshot"] for \`glob(run + "/snapshot_*")\` or \`snapshot_path\`.`),
        artifactExtensions: wordList(artifactExtension)
          .optional()
          .describe(`File extensions (without the dot) of the project's serialized models, added to the built-in ones (${builtInArtifactExtensions.join(', ')}) for RR001, RR002, RR003 and RR006, e.g. ["bin", "h5"]. They win over the built-in data extensions (h5, npz, …).`),
      })
      .optional()
      .describe("The project's own words, added to the rules' built-in vocabulary."),
    migration: migrationSchema.optional(),
    baseline: relativeFolder.optional().describe('Baseline file (relative to the repository root) of accepted findings; `refactor-runbook check --write-baseline` writes it.'),
  })
  .describe('Refactor Runbook project file (refactor-runbook.json).');

export type ProjectFileContent = z.infer<typeof projectFileSchema>;

/** The JSON Schema (draft-07, which VS Code's JSON support understands fully) for `refactor-runbook.json`. */
export function projectFileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(projectFileSchema, { target: 'draft-7', io: 'input' }),
    title: 'Refactor Runbook project file',
  };
}
