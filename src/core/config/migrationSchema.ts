// The project file's `migration` key: where legacy artifacts are, how their paths map to the layout
// (`migration.from`, written in the layout template syntax over legacy paths), what is deliberately left behind, and
// where the generated scripts go. The zod schema here is part of projectFileSchema (and so of the generated JSON Schema).
import { z } from 'zod';
import type { JsonKeyPath } from './jsonKeyLocator';
import { parseLayoutTemplate } from '../layout/layoutTemplate';
import type { LayoutModel } from '../layout/layoutModel';
import { patternedString } from '../text/patternedString';

/** A field of a `from` pattern that is not a layout field: the artifact's file name, kept as the target's name. */
export const fileNameField = 'file';
/** Fields starting with `_` are matched and dropped (a job id, a date), e.g. `{_job}`. */
export const droppedFieldPrefix = '_';

const repositoryPath = z
  .string()
  .min(1, 'must not be empty')
  .refine((value) => !/^(?:[A-Za-z]:)?[\\/]/.test(value), { message: 'must be relative to the repository root, not absolute', abort: true })
  .refine((value) => !value.includes('\\'), { message: 'must use "/" as the separator', abort: true })
  .refine((value) => !value.split('/').some((part) => part === '..' || part === '.' || part === ''), { message: 'must not contain "..", "." or empty parts', abort: true });

const fieldValues = z.record(patternedString(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a field name is an identifier such as "modality"'), z.string().min(1, 'must not be empty'));

const fromEntry = z.union([
  z.string().min(1, 'must not be empty'),
  z.strictObject({
    pattern: z.string().min(1, 'must not be empty').describe('A legacy path in the layout template syntax, e.g. "osc_jobs/{dataset}/{model_arch}_{training_mode}/{file}". {file} keeps the file name; {_name} matches and drops a part; files below the last folder keep their relative path.'),
    values: fieldValues.optional().describe('Fixed values for layout fields the legacy path does not hold, e.g. {"modality": "graph"}.'),
    metadata: z.boolean().optional().describe('Read missing values from run metadata next to the artifact (a Lightning hparams.yaml, an MLflow run\'s params/). Default true.'),
  }),
]);

export const migrationSchema = z
  .strictObject({
    from: z.array(fromEntry).optional().describe('How legacy paths map to the layout, tried in order; the first pattern that matches a file decides. A string is a pattern with no fixed values.'),
    roots: z.array(repositoryPath).optional().describe('Folders searched for legacy artifacts, relative to the repository root. Default: layout.legacyRoots.'),
    exclude: z
      .array(z.strictObject({ path: z.string().min(1).describe('minimatch glob relative to the repository root'), reason: z.string().min(3, 'say why the files stay behind') }))
      .optional()
      .describe('Artifacts deliberately left where they are, each with the reason. They are listed in the plan as excluded, never moved.'),
    script: repositoryPath.optional().describe('Where `refactor-runbook migrate script` writes the migration script. Default "scripts/migrate_legacy_artifacts.sh".'),
    converter: repositoryPath.optional().describe('Where `refactor-runbook migrate converter` writes the checkpoint converter. Default "scripts/convert_legacy_checkpoints.py".'),
  })
  .describe('Moving legacy artifacts into the layout: `refactor-runbook migrate plan|script|converter`.');

export type MigrationContent = z.infer<typeof migrationSchema>;

export interface MigrationPattern {
  readonly pattern: string;
  readonly values: Readonly<Record<string, string>>;
  readonly metadata: boolean;
}

export interface MigrationSettings {
  readonly from: readonly MigrationPattern[];
  /** undefined: the layout's legacy roots. */
  readonly roots?: readonly string[];
  readonly exclude: readonly { readonly path: string; readonly reason: string }[];
  readonly script: string;
  readonly converter: string;
}

export const defaultMigrationScript = 'scripts/migrate_legacy_artifacts.sh';
export const defaultConverterScript = 'scripts/convert_legacy_checkpoints.py';

export const defaultMigrationSettings: MigrationSettings = Object.freeze({ from: [], exclude: [], script: defaultMigrationScript, converter: defaultConverterScript });

export function migrationSettingsFrom(content: MigrationContent | undefined): MigrationSettings {
  if (content === undefined) return defaultMigrationSettings;
  return {
    from: (content.from ?? []).map((entry) => (typeof entry === 'string' ? { pattern: entry, values: {}, metadata: true } : { pattern: entry.pattern, values: entry.values ?? {}, metadata: entry.metadata ?? true })),
    ...(content.roots === undefined ? {} : { roots: content.roots }),
    exclude: content.exclude ?? [],
    script: content.script ?? defaultMigrationScript,
    converter: content.converter ?? defaultConverterScript,
  };
}

/** Patterns that do not parse, fields that are not the layout's, fixed values that clash with the path or the layout. */
export function migrationProblems(content: { readonly migration?: MigrationContent | undefined }, layout: LayoutModel): { path: JsonKeyPath; message: string; fix: string }[] {
  const problems: { path: JsonKeyPath; message: string; fix: string }[] = [];
  const layoutFields = layout.template.fields.map((field) => field.name);
  (content.migration?.from ?? []).forEach((entry, index) => {
    const pattern = typeof entry === 'string' ? entry : entry.pattern;
    const where: JsonKeyPath = typeof entry === 'string' ? ['migration', 'from', index] : ['migration', 'from', index, 'pattern'];
    const parsed = parseLayoutTemplate(pattern);
    if (!parsed.ok) {
      problems.push({ path: where, message: `invalid pattern: ${parsed.message}`, fix: 'write it in the layout template syntax, e.g. "osc_jobs/{dataset}/{model_arch}_{training_mode}/{file}"' });
      return;
    }
    const fields = parsed.template.fields.map((field) => field.name);
    for (const field of fields) {
      if (field !== fileNameField && !field.startsWith(droppedFieldPrefix) && !layoutFields.includes(field)) {
        problems.push({ path: where, message: `{${field}} is not a layout field (fields: ${layoutFields.join(', ')})`, fix: `rename it to a layout field, use {${fileNameField}} for the file name, or {${droppedFieldPrefix}${field}} to match and drop it` });
      }
    }
    const fileField = parsed.template.fields.find((field) => field.name === fileNameField);
    if (fileField !== undefined && fileField.folder !== parsed.template.folders.length - 1) {
      problems.push({ path: where, message: `{${fileNameField}} must be in the last folder of the pattern`, fix: `move {${fileNameField}} to the end, e.g. ".../{${fileNameField}}"` });
    }
    const values = typeof entry === 'string' ? {} : (entry.values ?? {});
    for (const [field, value] of Object.entries(values)) {
      const valuePath: JsonKeyPath = ['migration', 'from', index, 'values', field];
      if (!layoutFields.includes(field)) {
        problems.push({ path: valuePath, message: `"${field}" is not a layout field (fields: ${layoutFields.join(', ')})`, fix: 'remove it or correct its spelling' });
      } else if (fields.includes(field)) {
        problems.push({ path: valuePath, message: `"${field}" is both read from the path and given as a fixed value`, fix: `remove it from values, or {${field}} from the pattern` });
      } else {
        const bad = layout.checkValue(field, value);
        if (bad !== undefined) problems.push({ path: valuePath, message: bad, fix: 'use a value the layout allows' });
      }
    }
  });
  return problems;
}
