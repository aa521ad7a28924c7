// The resolved configuration every front end runs with: the project file's values merged over the defaults.
import type { RuleId, Severity } from '../model/finding';
import { defaultLayoutSettings } from '../layout/layoutGrammar';
import type { LayoutSettings } from '../layout/layoutModel';
import { defaultMaxFileSizeBytes } from './projectFileSchema';
import type { MigrationSettings } from './migrationSchema';
import type { ProjectWords } from '../rules/projectVocabulary';

export type ConfigurableRuleId = RuleId;
export type SeveritySetting = Severity | 'off';

export interface ProjectSettings {
  readonly layout: LayoutSettings;
  /** Overrides of the rules' default severities; a rule absent here keeps its default. */
  readonly ruleSeverities: Readonly<Partial<Record<ConfigurableRuleId, SeveritySetting>>>;
  /** minimatch globs relative to the repository root; empty means every supported file. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly maxFileSizeBytes: number;
  /** Baseline path relative to the repository root, when the project file names one. */
  readonly baseline?: string;
  /** The project's own names for the rules: `layout.pathFunction` and the `vocabulary` words from the project file. */
  readonly vocabulary: VocabularySettings;
  /** The project file's `migration` key; absent means the defaults (migrationSchema.ts). */
  readonly migration?: MigrationSettings;
}

/** The project file's additions to the rules' built-in vocabulary (merged by rules/projectVocabulary.ts ruleVocabulary). */
export interface VocabularySettings extends ProjectWords {
  /** The project's function that builds a run's canonical folder (`PipelineConfig.run_dir`), named in remedies. */
  readonly pathFunction?: string;
  /** Words added to the built-in model words (rules/projectVocabulary.ts), lower case. */
  readonly modelWords: readonly string[];
  /** Words added to the built-in artifact words (rules/artifactVocabulary.ts), lower case. */
  readonly artifactWords: readonly string[];
  /** Extensions (without the dot, lower case) added to the built-in artifact extensions. */
  readonly artifactExtensions: readonly string[];
}

export const defaultProjectSettings: ProjectSettings = Object.freeze({
  layout: defaultLayoutSettings,
  ruleSeverities: Object.freeze({}),
  include: Object.freeze([]),
  exclude: Object.freeze([]),
  maxFileSizeBytes: defaultMaxFileSizeBytes,
  vocabulary: Object.freeze({ modelWords: Object.freeze([]), artifactWords: Object.freeze([]), artifactExtensions: Object.freeze([]) }),
});
