// Loads `refactor-runbook.json`. A missing file means the defaults (and says so); a file that exists but is invalid
// is an error listing every bad key with where it is and how to fix it — never a silent fall back to defaults.
import { readFailureText, readRegularFileSync } from '../files/regularFile';
import { maxJsonNesting, offsetBeyondNesting } from './jsonNesting';
import path from 'node:path';
import type { z } from 'zod';
import { createJsonKeyLocator, keyPathToString, positionOfOffset } from './jsonKeyLocator';
import type { JsonKeyPath } from './jsonKeyLocator';
import { projectFileName, projectFileSchema } from './projectFileSchema';
import type { ProjectFileContent } from './projectFileSchema';
import { defaultProjectSettings } from './projectSettings';
import { layoutFromTemplate } from '../layout/layoutTemplate';
import { createLayoutModel } from '../layout/layoutGrammar';
import { migrationProblems, migrationSettingsFrom } from './migrationSchema';
import type { ProjectSettings } from './projectSettings';

export interface ProjectFileProblem {
  /** e.g. `layout.segments[2]`, or `(top level)`. */
  readonly keyPath: string;
  readonly message: string;
  readonly fix: string;
  /** 1-based position of the key in the file, when the text could be located. */
  readonly line?: number;
  readonly column?: number;
}

export type ProjectSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'defaults'; readonly reason: string };

export interface LoadedProject {
  readonly settings: ProjectSettings;
  readonly source: ProjectSource;
  /** The folder rules treat as the repository root (the project file's folder). */
  readonly rootDirectory: string;
}

export type ProjectLoadResult =
  | { readonly ok: true; readonly project: LoadedProject }
  | { readonly ok: false; readonly filePath: string; readonly problems: readonly ProjectFileProblem[] };

export function describeProjectProblems(filePath: string, problems: readonly ProjectFileProblem[]): string {
  const lines = problems.map((problem) => {
    const where = problem.line === undefined ? filePath : `${filePath}:${problem.line}:${problem.column ?? 1}`;
    return `${where}: ${problem.keyPath}: ${problem.message}. Fix: ${problem.fix}`;
  });
  return `Invalid project file ${filePath} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}

function fixForIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'remove the key or correct its spelling; allowed keys are listed in the JSON Schema (dist/refactor-runbook.schema.json)';
    case 'invalid_type':
      return `use a value of type ${issue.expected}`;
    case 'invalid_value':
      return `use one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'custom':
      return 'change the value as the message says';
    default:
      return 'correct the value to match the JSON Schema (dist/refactor-runbook.schema.json)';
  }
}

function schemaProblems(issues: readonly z.core.$ZodIssue[]): { path: JsonKeyPath; message: string; fix: string }[] {
  const problems: { path: JsonKeyPath; message: string; fix: string }[] = [];
  for (const issue of issues) {
    const issuePath = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
    if (issue.code === 'unrecognized_keys') {
      // One problem per key, positioned at the key itself.
      for (const key of issue.keys) {
        problems.push({ path: [...issuePath, key], message: `unknown key "${key}"`, fix: fixForIssue(issue) });
      }
    } else {
      problems.push({ path: issuePath, message: issue.message, fix: fixForIssue(issue) });
    }
  }
  return problems;
}

/** Checks that need more than one key at a time. */
function semanticProblems(content: ProjectFileContent): { path: JsonKeyPath; message: string; fix: string }[] {
  const problems: { path: JsonKeyPath; message: string; fix: string }[] = [];
  const layout = content.layout ?? {};
  const fromTemplate = layout.template === undefined ? undefined : layoutFromTemplate(layout.template);
  if (fromTemplate !== undefined && 'problem' in fromTemplate) {
    problems.push({ path: ['layout', 'template'], message: `invalid template: ${fromTemplate.problem}`, fix: 'write the template as the message says, e.g. "experiment_runs/{dataset}/{model_arch}_{model_size}"' });
    return problems;
  }
  for (const key of ['experimentRoot', 'segments'] as const) {
    if (fromTemplate !== undefined && layout[key] !== undefined) {
      problems.push({ path: ['layout', key], message: `layout.${key} is given together with layout.template`, fix: `remove layout.${key}: the template's leading folders are the experiment root and its {fields} the segments` });
    }
  }
  const segments = fromTemplate?.segments ?? layout.segments ?? defaultProjectSettings.layout.segments;
  const seen = new Set<string>();
  segments.forEach((segment, index) => {
    if (seen.has(segment)) {
      problems.push({ path: ['layout', 'segments', index], message: `duplicate segment "${segment}"`, fix: 'list each segment name once' });
    }
    seen.add(segment);
  });
  for (const segment of Object.keys(layout.allowedValues ?? {})) {
    if (!segments.includes(segment)) {
      problems.push({
        path: ['layout', 'allowedValues', segment],
        message: `allowed values are given for "${segment}", which is not a segment (segments: ${segments.join(', ')})`,
        fix: `add "${segment}" to ${fromTemplate === undefined ? 'layout.segments' : 'layout.template'} or remove it from layout.allowedValues`,
      });
    }
  }
  const experimentRoot = fromTemplate?.experimentRoot ?? layout.experimentRoot ?? defaultProjectSettings.layout.experimentRoot;
  (layout.legacyRoots ?? []).forEach((legacyRoot, index) => {
    if (legacyRoot === experimentRoot) {
      problems.push({ path: ['layout', 'legacyRoots', index], message: `legacy root "${legacyRoot}" is the experiment root`, fix: 'remove it from layout.legacyRoots, or change layout.experimentRoot' });
    } else if (experimentRoot.startsWith(`${legacyRoot}/`)) {
      problems.push({ path: ['layout', 'legacyRoots', index], message: `the experiment root "${experimentRoot}" is inside legacy root "${legacyRoot}"`, fix: 'move the experiment root out of the legacy root or drop that legacy root' });
    }
  });
  // The migration patterns are read against the layout, which must be valid first.
  if (problems.length === 0) problems.push(...migrationProblems(content, createLayoutModel(settingsFromContent(content).layout)));
  return problems;
}

export function settingsFromContent(content: ProjectFileContent): ProjectSettings {
  const defaults = defaultProjectSettings;
  const layout = content.layout ?? {};
  const fromTemplate = layout.template === undefined ? undefined : layoutFromTemplate(layout.template);
  const templated = fromTemplate !== undefined && !('problem' in fromTemplate) ? fromTemplate : undefined;
  return {
    layout: {
      experimentRoot: templated?.experimentRoot ?? layout.experimentRoot ?? defaults.layout.experimentRoot,
      segments: templated?.segments ?? layout.segments ?? defaults.layout.segments,
      allowedValues: layout.allowedValues ?? defaults.layout.allowedValues,
      legacyRoots: layout.legacyRoots ?? defaults.layout.legacyRoots,
      ...(templated === undefined ? {} : { template: templated.template }),
    },
    ruleSeverities: Object.fromEntries(Object.entries(content.rules ?? {}).filter(([, severity]) => severity !== undefined)),
    include: content.include ?? defaults.include,
    exclude: content.exclude ?? defaults.exclude,
    maxFileSizeBytes: content.maxFileSizeBytes ?? defaults.maxFileSizeBytes,
    vocabulary: {
      ...(layout.pathFunction === undefined ? {} : { pathFunction: layout.pathFunction }),
      modelWords: content.vocabulary?.modelWords ?? defaults.vocabulary.modelWords,
      artifactWords: content.vocabulary?.artifactWords ?? defaults.vocabulary.artifactWords,
      artifactExtensions: content.vocabulary?.artifactExtensions ?? defaults.vocabulary.artifactExtensions,
    },
    ...(content.baseline === undefined ? {} : { baseline: content.baseline }),
    ...(content.migration === undefined ? {} : { migration: migrationSettingsFrom(content.migration) }),
  };
}

/** Validates project-file text; `filePath` is used in messages and to find the repository root. */
export function parseProjectFileText(filePath: string, text: string): ProjectLoadResult {
  // A byte order mark is not part of the JSON, and editors do not show it: positions are counted without it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const tooDeep = offsetBeyondNesting(body);
  if (tooDeep !== undefined) {
    return {
      ok: false,
      filePath,
      problems: [{ keyPath: '(file)', message: `nested more than ${maxJsonNesting} levels deep`, fix: 'a project file needs only a few levels of objects and arrays; remove the extra nesting', ...positionOfOffset(body, tooDeep) }],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(message)?.[1];
    const position = offset === undefined ? undefined : positionOfOffset(body, Number(offset));
    return {
      ok: false,
      filePath,
      problems: [{ keyPath: '(file)', message: `not valid JSON: ${message}`, fix: 'correct the JSON syntax (comments and trailing commas are not allowed)', ...position }],
    };
  }
  const parsed = projectFileSchema.safeParse(json);
  const found = parsed.success ? semanticProblems(parsed.data) : schemaProblems(parsed.error.issues);
  if (!parsed.success || found.length > 0) {
    const locator = createJsonKeyLocator(body);
    return {
      ok: false,
      filePath,
      problems: found.map((problem) => ({ keyPath: keyPathToString(problem.path), message: problem.message, fix: problem.fix, ...locator.locate(problem.path) })),
    };
  }
  return { ok: true, project: { settings: settingsFromContent(parsed.data), source: { kind: 'file', path: filePath }, rootDirectory: path.dirname(filePath) } };
}

/** Loads `filePath`; when it does not exist, the defaults with `defaultRootDirectory` as the repository root. */
export function loadProjectFile(filePath: string, defaultRootDirectory: string = path.dirname(filePath)): ProjectLoadResult {
  let text: string;
  try {
    text = readRegularFileSync(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return { ok: true, project: { settings: defaultProjectSettings, source: { kind: 'defaults', reason: `no project file (${filePath} does not exist), using defaults` }, rootDirectory: defaultRootDirectory } };
    }
    return { ok: false, filePath, problems: [{ keyPath: '(file)', message: `cannot read the file (${readFailureText(error)})`, fix: 'point to a readable regular file (not a folder, pipe or device)' }] };
  }
  return parseProjectFileText(filePath, text);
}

export interface ProjectFileSearch {
  /** The nearest `refactor-runbook.json` in `startDirectory` or above, within the repository. */
  readonly projectFile?: string;
  /** The nearest folder at or above `startDirectory` holding `.git`, when there is one. */
  readonly repositoryRoot?: string;
}

/**
 * Looks for the project file in `startDirectory` and its ancestors, stopping after the first folder that holds a
 * `.git` (a parent repository's project file does not apply).
 */
export function searchProjectFile(startDirectory: string, exists: (file: string) => boolean): ProjectFileSearch {
  let directory = path.resolve(startDirectory);
  for (;;) {
    const candidate = path.join(directory, projectFileName);
    const isRepositoryRoot = exists(path.join(directory, '.git'));
    if (exists(candidate)) {
      return { projectFile: candidate, ...(isRepositoryRoot ? { repositoryRoot: directory } : {}) };
    }
    const parent = path.dirname(directory);
    if (isRepositoryRoot) {
      return { repositoryRoot: directory };
    }
    if (parent === directory) {
      return {};
    }
    directory = parent;
  }
}

/** The nearest project file in `startDirectory` or above (within the repository), or undefined. */
export function findProjectFile(startDirectory: string, exists: (file: string) => boolean): string | undefined {
  return searchProjectFile(startDirectory, exists).projectFile;
}
