// The canonical experiment layout grammar from the runbook:
//   experiment_runs/{modality}/{dataset}/{learning_type}/{model_arch}/{model_size}/{distillation}/{training_mode}/
// Parses paths the way they appear in code and scripts (POSIX or Windows separators, `./`, absolute paths with the
// root somewhere inside, f-string / str.format placeholders, `*` wildcards) and says, per segment, what is wrong.
import type { LayoutModel, LayoutSettings, ParsedLayoutPath, ParsedSegment, PathClassification } from './layoutModel';

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

function parseUnderExperimentRoot(settings: LayoutSettings, input: string, root: string, after: readonly string[]): ParsedLayoutPath {
  const segments: ParsedSegment[] = [];
  const problems: string[] = [];
  let sawPlaceholder = false;
  let index = 0;
  for (const name of settings.segments) {
    const value = after[index];
    if (value === undefined) {
      const problem = `segment '${name}' is missing`;
      segments.push({ name, value: undefined, problem });
      problems.push(problem);
      continue;
    }
    const kind = kindOf(value);
    if (kind === 'recursive-wildcard') {
      // `**` may stand for any number of segments: nothing after it can be judged.
      sawPlaceholder = true;
      segments.push({ name, value });
      for (const remaining of settings.segments.slice(segments.length)) {
        segments.push({ name: remaining, value: undefined });
      }
      index = after.length;
      break;
    }
    index++;
    if (kind === 'placeholder' || kind === 'wildcard') {
      sawPlaceholder = true;
      segments.push({ name, value });
      continue;
    }
    const problem = valueProblem(settings, name, value);
    segments.push(problem === undefined ? { name, value } : { name, value, problem });
    if (problem !== undefined) {
      problems.push(problem);
    }
  }
  const restParts = after.slice(index);
  for (const part of restParts) {
    if (part === '..') {
      problems.push(`unexpected '..' after the last segment (${settings.segments[settings.segments.length - 1] ?? 'root'})`);
    } else if (part === '') {
      problems.push('empty segment after the last segment');
    }
  }
  const missingOnly = problems.length > 0 && segments.every((segment) => segment.problem === undefined || segment.value === undefined);
  // Only missing segments: the path is a valid base that stops early.
  const classification: PathClassification = problems.length > 0 ? 'non-canonical' : sawPlaceholder ? 'canonical-template' : 'canonical';
  return {
    input,
    classification,
    root,
    segments,
    rest: restParts.join('/'),
    problems,
    prefixOnly: missingOnly && restParts.length === 0,
  };
}

function parseLayoutPath(settings: LayoutSettings, input: string): ParsedLayoutPath {
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
      problems: [`'${match.root}' is a legacy root; write under ${settings.experimentRoot}/${settings.segments.map((name) => `{${name}}`).join('/')}/ instead`],
      prefixOnly: false,
    };
  }
  return parseUnderExperimentRoot(settings, input, match.root, after);
}

function formatLayoutPath(settings: LayoutSettings, values: Readonly<Record<string, string>>): string {
  const problems: string[] = [];
  const parts: string[] = [];
  for (const name of settings.segments) {
    const value = values[name];
    if (value === undefined) {
      problems.push(`no value for segment '${name}'`);
      continue;
    }
    const problem = valueProblem(settings, name, value);
    if (problem !== undefined) {
      problems.push(problem);
    }
    parts.push(value);
  }
  const unknown = Object.keys(values).filter((name) => !settings.segments.includes(name));
  if (unknown.length > 0) {
    problems.push(`unknown segment${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `'${name}'`).join(', ')} (segments: ${settings.segments.join(', ')})`);
  }
  if (problems.length > 0) {
    throw new Error(`Cannot build a canonical experiment path: ${problems.join('; ')}. Pass one valid value for each of: ${settings.segments.join(', ')}.`);
  }
  return [...splitRoot(settings.experimentRoot), ...parts].join('/') + '/';
}

export function createLayoutModel(settings: LayoutSettings = defaultLayoutSettings): LayoutModel {
  return {
    settings,
    parse: (path) => parseLayoutPath(settings, path),
    isCanonical: (path) => parseLayoutPath(settings, path).classification === 'canonical',
    format: (values) => formatLayoutPath(settings, values),
  };
}
