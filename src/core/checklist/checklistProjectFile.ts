// Loads what the checklist needs from refactor-runbook.json: the project settings (layout, rule severities, excludes)
// and the `checklist` overrides applied to the runbook's default checklist.
//
// Kept apart on purpose: until the project file schema (owned by the platform) lists the `checklist` key, its loader
// rejects the key as unknown. This loader accepts exactly that one problem, validates `checklist` with its own schema,
// and still reports every other problem of the file. Once the schema has the key, the bridge simply never triggers.
import { existsSync } from 'node:fs';
import { readFailureText, readRegularFileSync } from '../files/regularFile';
import path from 'node:path';
import { createJsonKeyLocator, keyPathToString } from '../config/jsonKeyLocator';
import { findProjectFile, parseProjectFileText } from '../config/projectFile';
import type { LoadedProject, ProjectFileProblem } from '../config/projectFile';
import { projectFileName } from '../config/projectFileSchema';
import { defaultProjectSettings } from '../config/projectSettings';
import type { ChecklistStepDefinition } from '../runbook/checklistDefinition';
import { applyChecklistOverrides, checklistOverridesSchema } from '../runbook/checklistOverrides';
import type { OverrideProblem } from '../runbook/checklistOverrides';
import { runbookChecklist } from '../runbook/runbookChecklist';
import { noSymbolMapping, symbolMappingSchema } from '../runbook/symbolMapping';
import type { SymbolMapping } from '../runbook/symbolMapping';

export const checklistKey = 'checklist';

export interface ChecklistProject {
  readonly project: LoadedProject;
  readonly steps: readonly ChecklistStepDefinition[];
  /** True when the project file changes the default checklist. */
  readonly customized: boolean;
  /** The project's names for the runbook's symbols (`symbols`); absent means none. */
  readonly symbols?: SymbolMapping;
}

export type ChecklistProjectLoad = { readonly ok: true; readonly value: ChecklistProject } | { readonly ok: false; readonly filePath: string; readonly problems: readonly ProjectFileProblem[] };

/** The project file's top-level object; only called on text the project-file loader already accepted as JSON. */
function parseJsonObject(text: string): Record<string, unknown> {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, unknown>;
}

function isUnknownChecklistKey(problem: ProjectFileProblem): boolean {
  return problem.keyPath === checklistKey && problem.message.includes('unknown key');
}

function locatedProblems(text: string, problems: readonly OverrideProblem[]): ProjectFileProblem[] {
  const locator = createJsonKeyLocator(text);
  return problems.map((problem) => {
    const keyPath = [checklistKey, ...problem.path];
    return { keyPath: keyPathToString(keyPath), message: problem.message, fix: problem.fix, ...locator.locate(keyPath) };
  });
}

/** Validates project-file text (the file exists) into settings and the resolved checklist. */
export function parseChecklistProjectText(filePath: string, text: string): ChecklistProjectLoad {
  let loaded = parseProjectFileText(filePath, text);
  if (!loaded.ok) {
    const others = loaded.problems.filter((problem) => !isUnknownChecklistKey(problem));
    if (others.length > 0) return { ok: false, filePath, problems: others };
    // The only complaint is the key this loader owns: validate the rest without it.
    const withoutChecklist = parseJsonObject(text);
    delete withoutChecklist[checklistKey];
    loaded = parseProjectFileText(filePath, JSON.stringify(withoutChecklist));
    if (!loaded.ok) return { ok: false, filePath, problems: loaded.problems };
  }
  // `symbols` was validated by the project-file schema above; parsing again gives it its type.
  const parsedSymbols = symbolMappingSchema.safeParse(parseJsonObject(text).symbols ?? {});
  const symbols = parsedSymbols.success ? parsedSymbols.data : noSymbolMapping;
  const raw = parseJsonObject(text)[checklistKey];
  if (raw === undefined) return { ok: true, value: { project: loaded.project, steps: runbookChecklist, customized: false, symbols } };
  const parsed = checklistOverridesSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue): OverrideProblem[] => {
      const issuePath = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ path: [...issuePath, key], message: `unknown key "${key}"`, fix: 'remove it or correct its spelling (see the JSON Schema of refactor-runbook.json)' }));
      }
      return [{ path: issuePath, message: issue.message, fix: 'correct the value as the message says' }];
    });
    return { ok: false, filePath, problems: locatedProblems(text, problems) };
  }
  const applied = applyChecklistOverrides(runbookChecklist, parsed.data);
  if (!applied.ok) return { ok: false, filePath, problems: locatedProblems(text, applied.problems) };
  return { ok: true, value: { project: loaded.project, steps: applied.steps, customized: true, symbols } };
}

/**
 * The checklist project for a folder: its refactor-runbook.json (found in the folder or above, up to the repository's
 * .git folder), or the defaults with the folder as the repository root when there is none.
 */
export function loadChecklistProject(directory: string, explicitProjectFile?: string): ChecklistProjectLoad {
  const filePath = explicitProjectFile ?? findProjectFile(directory, existsSync);
  if (filePath === undefined) {
    const reason = `no ${projectFileName} in ${directory} or above; using the default layout and checklist`;
    return { ok: true, value: { project: { settings: defaultProjectSettings, source: { kind: 'defaults', reason }, rootDirectory: path.resolve(directory) }, steps: runbookChecklist, customized: false } };
  }
  let text: string;
  try {
    text = readRegularFileSync(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { ok: false, filePath, problems: [{ keyPath: '(file)', message: `cannot read the file (${readFailureText(error)})`, fix: code === 'ENOENT' ? 'create it or pass an existing file' : 'point to a readable regular file (not a folder, pipe or device)' }] };
  }
  return parseChecklistProjectText(filePath, text);
}
