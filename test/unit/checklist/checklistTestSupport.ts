// Small repositories in temporary folders, checklists built around one check, and rules with known behaviour, so
// each check kind can be shown passing and failing on real files, parsed by the real parser.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Check } from '../../../src/core/runbook/checkSchema';
import type { ChecklistStepDefinition } from '../../../src/core/runbook/checklistDefinition';
import type { ChecklistProject } from '../../../src/core/checklist/checklistProjectFile';
import type { CheckResult, ItemResult } from '../../../src/core/checklist/checklistResult';
import { createChecklistSession } from '../../../src/core/checklist/checklistSession';
import type { ChecklistSession } from '../../../src/core/checklist/checklistSession';
import type { TaskResultSource } from '../../../src/core/checklist/taskResultSource';
import { defaultProjectSettings } from '../../../src/core/config/projectSettings';
import type { ProjectSettings } from '../../../src/core/config/projectSettings';
import type { WasmLocation } from '../../../src/core/python/pythonParser';
import type { PythonRule, Rule, RuleFinding, TextRule } from '../../../src/core/rules/rule';

export const checklistTestWasm: WasmLocation = {
  runtimeDirectory: path.dirname(require.resolve('web-tree-sitter/tree-sitter.wasm')),
  grammarDirectory: path.dirname(require.resolve('tree-sitter-python/tree-sitter-python.wasm')),
};

const createdRoots: string[] = [];

// Registered once, when mocha loads the first suite that uses this module: no temporary repository outlives the run.
after(() => {
  for (const root of createdRoots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A repository root (it holds a .git folder) with the given files, relative POSIX paths → content. */
export function temporaryRepository(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rr-checklist-'));
  createdRoots.push(root);
  mkdirSync(path.join(root, '.git'));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [relative, content] of Object.entries(files)) {
    const absolute = path.join(root, ...relative.split('/'));
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  }
}

function linesContaining(source: string, word: string, rangeAt: (line: number, start: number, end: number) => RuleFinding['range']): RuleFinding[] {
  return source.split('\n').flatMap((line, index) => {
    const column = line.indexOf(word);
    return column === -1 ? [] : [{ range: rangeAt(index, column, column + word.length), message: `test finding: "${word}" is used here; remove it.` }];
  });
}

/** RR001 stand-in: flags every line that calls glob.glob. */
export const fakeDiscoveryRule: PythonRule = {
  id: 'RR001',
  name: 'legacy-artifact-discovery',
  defaultSeverity: 'warning',
  description: 'test rule: flags glob.glob.',
  triggerWords: ['glob.glob'],
  checkPython: (context) => linesContaining(context.source, 'glob.glob(', (line, start, end) => context.rangeAt(line, start, end)),
};

/** RR006 stand-in: flags every mention of osc_jobs in Python, shell and Markdown. */
export const fakeLegacyRootRule: PythonRule & TextRule = {
  id: 'RR006',
  name: 'non-canonical-job-output',
  defaultSeverity: 'warning',
  description: 'test rule: flags osc_jobs.',
  triggerWords: ['osc_jobs'],
  languages: ['shell', 'markdown'],
  checkPython: (context) => linesContaining(context.source, 'osc_jobs', (line, start, end) => context.rangeAt(line, start, end)),
  checkText: (context) => linesContaining(context.source, 'osc_jobs', (line, start, end) => context.rangeAt(line, start, end)),
};

export const fakeRules: readonly Rule[] = [fakeDiscoveryRule, fakeLegacyRootRule];

export function checklistProjectFor(root: string, steps: readonly ChecklistStepDefinition[], settings: ProjectSettings = defaultProjectSettings): ChecklistProject {
  return { project: { settings, source: { kind: 'defaults', reason: 'test' }, rootDirectory: root }, steps, customized: false };
}

export interface SessionOptions {
  readonly rules?: readonly Rule[];
  readonly taskResults?: TaskResultSource;
  readonly settings?: ProjectSettings;
}

export function sessionFor(root: string, steps: readonly ChecklistStepDefinition[], options: SessionOptions = {}): Promise<ChecklistSession> {
  return createChecklistSession({
    checklistProject: checklistProjectFor(root, steps, options.settings),
    wasm: checklistTestWasm,
    rules: options.rules ?? fakeRules,
    ...(options.taskResults === undefined ? {} : { taskResults: options.taskResults }),
  });
}

export function oneItemChecklist(checks: readonly Check[]): ChecklistStepDefinition[] {
  return [{ id: 'step', title: 'Step', pullRequest: 1, items: [{ id: 'step.item', title: 'The item', checks }] }];
}

export interface CheckRun {
  readonly check: CheckResult;
  readonly item: ItemResult;
  readonly session: ChecklistSession;
}

/** Evaluates one check on a repository made of `files` (or an existing root). */
export async function runCheck(files: Readonly<Record<string, string>> | string, check: Check, options: SessionOptions = {}): Promise<CheckRun> {
  const root = typeof files === 'string' ? files : temporaryRepository(files);
  const session = await sessionFor(root, oneItemChecklist([check]), options);
  await session.evaluator.verify();
  const item = session.evaluator.snapshot(new Map()).steps[0]?.items[0];
  const result = item?.checks[0];
  if (item === undefined || result === undefined) throw new Error('the one-item checklist produced no result');
  return { check: result, item, session };
}
