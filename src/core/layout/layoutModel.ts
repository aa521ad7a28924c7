import type { LayoutTemplate } from './layoutTemplate';

// The contract of the canonical layout (experiment root, ordered segments, allowed values, legacy roots).
// The implementation lives in layoutGrammar.ts; rules depend on this interface only.

export interface LayoutSettings {
  /** Folder name of the experiment root, relative to the repository root. Default `experiment_runs`. */
  readonly experimentRoot: string;
  /** Ordered segment names. Default `modality/dataset/learning_type/model_arch/model_size/distillation/training_mode`. */
  readonly segments: readonly string[];
  /** Optional allowed values per segment name. A segment without an entry accepts any safe folder name. */
  readonly allowedValues: Readonly<Record<string, readonly string[]>>;
  /** Roots that must disappear. Default `osc_jobs`. */
  readonly legacyRoots: readonly string[];
  /**
   * `layout.template` from the project file (e.g. `experimentruns/{dataset}/{model_type}_{scale}[_{aux}]`). When set,
   * `experimentRoot` is its root folders and `segments` its field names; when absent the template is
   * `experimentRoot/{segment1}/…/{segmentN}`.
   */
  readonly template?: string;
}

export type PathClassification =
  /** Under the experiment root and every segment present and valid (files below the last segment are fine). */
  | 'canonical'
  /** Under the experiment root with a placeholder segment (`{dataset}`, f-string field, `*`): cannot be judged yet. */
  | 'canonical-template'
  /** Under the experiment root but not following the grammar. */
  | 'non-canonical'
  /** Under a legacy root. */
  | 'legacy'
  /** Neither under the experiment root nor a legacy root. */
  | 'unrelated';

export interface ParsedSegment {
  readonly name: string;
  /** undefined when the path stops before this segment. */
  readonly value: string | undefined;
  /** Why this segment is wrong, when it is. */
  readonly problem?: string;
}

export interface ParsedLayoutPath {
  readonly input: string;
  readonly classification: PathClassification;
  /** The root the path was found under (the experiment root or a legacy root), when any. */
  readonly root?: string;
  readonly segments: readonly ParsedSegment[];
  /** Whatever follows the last segment (a file name such as `best_model.pth`), POSIX separators. */
  readonly rest: string;
  /** Human-readable reasons, empty when canonical. */
  readonly problems: readonly string[];
  /**
   * True when the path is under the experiment root, every segment it has is valid, and it merely stops before the
   * last segment (the root itself, or a base such as `experiment_runs/{modality}` that code joins further).
   * Such a path is classified 'non-canonical' (it is not a full experiment folder) but is usually not a mistake.
   */
  readonly prefixOnly: boolean;
}

export interface LayoutModel {
  readonly settings: LayoutSettings;
  /** Parses a POSIX or Windows path (relative, or absolute with the root anywhere inside it). */
  parse(path: string): ParsedLayoutPath;
  isCanonical(path: string): boolean;
  /** The layout as a template (from `template`, or from `experimentRoot` + `segments`). */
  readonly template: LayoutTemplate;
  /** Builds `experimentRoot/seg1/.../segN/`; throws a descriptive Error when a value is missing or not allowed. */
  format(values: Readonly<Record<string, string>>): string;
  /** Why `value` cannot be the value of field `name` (allowed values, safe folder name), or undefined. */
  checkValue(name: string, value: string): string | undefined;
}
