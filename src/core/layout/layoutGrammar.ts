// The canonical experiment layout grammar from the runbook:
//   experiment_runs/{modality}/{dataset}/{learning_type}/{model_arch}/{model_size}/{distillation}/{training_mode}/
// or the project's own `layout.template` (layoutTemplate.ts), which this reads folder by folder.
// Parses paths the way they appear in code and scripts (POSIX or Windows separators, `./`, absolute paths with the
// root somewhere inside, f-string / str.format placeholders, `*` wildcards) and says, per segment, what is wrong.
import type { LayoutModel, LayoutSettings, ParsedLayoutPath, ParsedSegment, PathClassification } from './layoutModel';
import { parseLayoutTemplate, templateFromSegments } from './layoutTemplate';
import type { LayoutTemplate } from './layoutTemplate';

export const defaultLayoutSettings: LayoutSettings = Object.freeze({
  experimentRoot: 'experiment_runs',
  segments: Object.freeze(['modality', 'dataset', 'learning_type', 'model_arch', 'model_size', 'distillation', 'training_mode']),
  allowedValues: Object.freeze({}),
  legacyRoots: Object.freeze(['osc_jobs']),
});

/** A folder name that is portable across POSIX and Windows and needs no quoting in a shell. */
const safeFolderName = /^[A-Za-z0-9][A-Za-z0-9._+=,@-]*$/;
const safeFolderNameHint = "letters, digits and '.', '_', '-', '+', '=', ',', '@', not starting with a punctuation mark";

/**
 * `{dataset}`, `{cfg.dataset}`, `{}`, `{0}`, `{x!r:>3}` (f-string / str.format); `%s`, `%(name)s` (printf style);
 * `%j`, `%x` (Slurm file-name patterns); `$VAR`, `${VAR}` (shell).
 */
const placeholderPattern = /\{[^{}]*\}|%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0 +]*\d*(?:\.\d+)?[A-Za-z]|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/;

type SegmentKind = 'literal' | 'placeholder' | 'wildcard' | 'recursive-wildcard';

function kindOf(part: string): SegmentKind {
  if (part === '**') {
    return 'recursive-wildcard';
  }
  if (placeholderPattern.test(part)) {
    return 'placeholder';
  }
  if (part.includes('*') || part.includes('?') || /\[[^\]]*\]/.test(part)) {
    return 'wildcard';
  }
  return 'literal';
}

/**
 * Splits on both separators, drops `.` parts and the trailing separator, keeps empty inner parts (they are a
 * problem worth reporting, e.g. `experiment_runs//dataset`). A leading separator or drive letter is kept as a part
 * before any root and never matters.
 */
function splitPath(input: string): string[] {
  const parts = input.replace(/\\/g, '/').split('/');
  while (parts.length > 1 && parts[parts.length - 1] === '') {
    parts.pop();
  }
  return parts.filter((part, index) => part !== '.' && !(index === 0 && part === ''));
}

function splitRoot(root: string): string[] {
  return splitPath(root).filter((part) => part !== '');
}

function indexOfSequence(parts: readonly string[], sequence: readonly string[]): number {
  if (sequence.length === 0) {
    return -1;
  }
  outer: for (let start = 0; start + sequence.length <= parts.length; start++) {
    for (let offset = 0; offset < sequence.length; offset++) {
      if (parts[start + offset] !== sequence[offset]) {
        continue outer;
      }
    }
    return start;
  }
  return -1;
}

function describeAllowed(values: readonly string[]): string {
  return values.join(', ');
}

/** Why a concrete value does not fit a segment, or undefined when it does. */
function valueProblem(settings: LayoutSettings, segmentName: string, value: string): string | undefined {
  if (value === '') {
    return `empty segment where ${segmentName} should be`;
  }
  if (value === '..') {
    return `unexpected '..' where ${segmentName} should be`;
  }
  const allowed = settings.allowedValues[segmentName];
  if (allowed !== undefined && allowed.length > 0) {
    return allowed.includes(value) ? undefined : `'${value}' is not an allowed value for ${segmentName} (allowed: ${describeAllowed(allowed)})`;
  }
  return safeFolderName.test(value) ? undefined : `'${value}' is not a safe folder name for ${segmentName} (use ${safeFolderNameHint})`;
}

interface RootMatch {
  readonly root: string;
  readonly isExperimentRoot: boolean;
  readonly start: number;
  readonly length: number;
}

function findRoot(settings: LayoutSettings, parts: readonly string[]): RootMatch | undefined {
  const candidates: RootMatch[] = [];
  const experimentParts = splitRoot(settings.experimentRoot);
  const experimentStart = indexOfSequence(parts, experimentParts);
  if (experimentStart >= 0) {
    candidates.push({ root: settings.experimentRoot, isExperimentRoot: true, start: experimentStart, length: experimentParts.length });
  }
  for (const legacyRoot of settings.legacyRoots) {
    const legacyParts = splitRoot(legacyRoot);
    const legacyStart = indexOfSequence(parts, legacyParts);
    if (legacyStart >= 0) {
      candidates.push({ root: legacyRoot, isExperimentRoot: false, start: legacyStart, length: legacyParts.length });
    }
  }
  // The outermost root decides: `osc_jobs/experiment_runs/x` is still under the legacy root.
  candidates.sort((a, b) => a.start - b.start);
  return candidates[0];
}

function parseUnderExperimentRoot(settings: LayoutSettings, template: LayoutTemplate, input: string, root: string, after: readonly string[]): ParsedLayoutPath {
  const segments: ParsedSegment[] = [];
  const problems: string[] = [];
  let sawPlaceholder = false;
  let onlyMissing = true;
  let index = 0;
  const report = (problem: string, missing: boolean): void => {
    problems.push(problem);
    if (!missing) onlyMissing = false;
  };
  for (const [folderIndex, folder] of template.folders.entries()) {
    const value = after[index];
    if (value === undefined) {
      for (const field of template.fields.filter((candidate) => candidate.folder === folderIndex)) {
        if (field.optional) {
          segments.push({ name: field.name, value: undefined });
          continue;
        }
        const problem = `segment '${field.name}' is missing`;
        segments.push({ name: field.name, value: undefined, problem });
        report(problem, true);
      }
      if (folder.fields.length === 0) report(`folder '${folder.source}' is missing`, true);
      continue;
    }
    const kind = kindOf(value);
    if (kind === 'recursive-wildcard') {
      // `**` may stand for any number of folders: nothing after it can be judged.
      sawPlaceholder = true;
      for (const remaining of template.fields.slice(segments.length)) {
        segments.push({ name: remaining.name, value: remaining.folder === folderIndex ? value : undefined });
      }
      index = after.length;
      break;
    }
    index++;
    if (kind === 'placeholder' || kind === 'wildcard') {
      sawPlaceholder = true;
      for (const name of folder.fields) segments.push({ name, value });
      continue;
    }
    const single = folder.pieces.length === 1 && folder.pieces[0]?.kind === 'field';
    const matched = single ? undefined : template.matchFolder(folderIndex, value);
    if (matched !== undefined && !matched.ok) {
      for (const name of folder.fields) segments.push({ name, value, problem: matched.message });
      report(matched.message, false);
      continue;
    }
    for (const name of folder.fields) {
      const fieldValue = matched === undefined ? value : matched.values[name];
      if (fieldValue === undefined) {
        segments.push({ name, value: undefined });
        continue;
      }
      const problem = valueProblem(settings, name, fieldValue);
      segments.push(problem === undefined ? { name, value: fieldValue } : { name, value: fieldValue, problem });
      if (problem !== undefined) report(problem, false);
    }
  }
  const restParts = after.slice(index);
  const lastField = template.fields[template.fields.length - 1]?.name ?? 'root';
  for (const part of restParts) {
    if (part === '..') {
      report(`unexpected '..' after the last segment (${lastField})`, false);
    } else if (part === '') {
      report('empty segment after the last segment', false);
    }
  }
  // Only missing segments: the path is a valid base that stops early.
  const classification: PathClassification = problems.length > 0 ? 'non-canonical' : sawPlaceholder ? 'canonical-template' : 'canonical';
  return {
    input,
    classification,
    root,
    segments,
    rest: restParts.join('/'),
    problems,
    prefixOnly: problems.length > 0 && onlyMissing && restParts.length === 0,
  };
}

function parseLayoutPath(settings: LayoutSettings, template: LayoutTemplate, input: string): ParsedLayoutPath {
  const parts = splitPath(input);
  const match = findRoot(settings, parts);
  if (match === undefined) {
    return { input, classification: 'unrelated', segments: [], rest: parts.join('/'), problems: [], prefixOnly: false };
  }
  const after = parts.slice(match.start + match.length);
  if (!match.isExperimentRoot) {
    return {
      input,
      classification: 'legacy',
      root: match.root,
      segments: [],
      rest: after.join('/'),
      problems: [`'${match.root}' is a legacy root; write under ${template.source}/ instead`],
      prefixOnly: false,
    };
  }
  return parseUnderExperimentRoot(settings, template, input, match.root, after);
}

/** The settings' template: `layout.template`, or the experiment root and the segments as one. */
export function layoutTemplateOf(settings: LayoutSettings): LayoutTemplate {
  const parsed = parseLayoutTemplate(settings.template ?? templateFromSegments(settings.experimentRoot, settings.segments));
  // The project file is validated before it gets here; an invalid template is a programming error.
  if (!parsed.ok) throw new Error(`Invalid layout template: ${parsed.message}`);
  return parsed.template;
}

export function createLayoutModel(settings: LayoutSettings = defaultLayoutSettings): LayoutModel {
  const template = layoutTemplateOf(settings);
  return {
    settings,
    template,
    parse: (path) => parseLayoutPath(settings, template, path),
    isCanonical: (path) => parseLayoutPath(settings, template, path).classification === 'canonical',
    format: (values) => template.format(values, (name, value) => valueProblem(settings, name, value)),
    checkValue: (name, value) => valueProblem(settings, name, value),
  };
}
