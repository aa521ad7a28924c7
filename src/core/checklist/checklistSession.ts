// Everything needed to evaluate one repository's checklist, built once: the parser, the analyzer (project settings,
// every rule, no baseline), the cached workspace and the evaluator. The CLI, the sidebar and the bench all start here.
import type { Analyzer } from '../analysis/analyzer';
import { createAnalyzer } from '../analysis/analyzer';
import type { RuleId } from '../model/finding';
import { PythonParser } from '../python/pythonParser';
import type { WasmLocation } from '../python/pythonParser';
import type { Rule } from '../rules/rule';
import type { RuleStatus } from './checkContext';
import { ChecklistEvaluator } from './checklistEvaluator';
import type { ChecklistProject } from './checklistProjectFile';
import { ChecklistWorkspace } from './checklistWorkspace';
import type { TaskResultSource } from './taskResultSource';

export interface ChecklistSessionOptions {
  readonly checklistProject: ChecklistProject;
  readonly wasm: WasmLocation;
  /** Defaults to every rule of the analysis core; tests pass their own. */
  readonly rules?: readonly Rule[];
  readonly taskResults?: TaskResultSource;
}

export interface ChecklistSession {
  readonly rootDirectory: string;
  readonly workspace: ChecklistWorkspace;
  readonly evaluator: ChecklistEvaluator;
}

export function ruleStatusOf(analyzer: Analyzer): (rule: RuleId) => RuleStatus {
  return (rule) => {
    const known = analyzer.rules.find((candidate) => candidate.id === rule);
    if (known === undefined) return { available: false, reason: `rule ${rule} is not part of this version of the analysis core, so nothing can be concluded from it yet` };
    const severity = analyzer.settings.ruleSeverities[rule] ?? known.defaultSeverity;
    if (severity === 'off') return { available: false, reason: `rule ${rule} (${known.name}) is turned off in refactor-runbook.json ("rules": {"${rule}": "off"}), and this check needs it` };
    return { available: true };
  };
}

export async function createChecklistSession(options: ChecklistSessionOptions): Promise<ChecklistSession> {
  const { project, steps } = options.checklistProject;
  const [parser, analyzer] = await Promise.all([
    PythonParser.load(options.wasm),
    createAnalyzer({ wasm: options.wasm, settings: project.settings, ...(options.rules === undefined ? {} : { rules: options.rules }) }),
  ]);
  const workspace = new ChecklistWorkspace({ rootDirectory: project.rootDirectory, exclude: project.settings.exclude, maxFileSizeBytes: project.settings.maxFileSizeBytes, parser, analyzer });
  const evaluator = new ChecklistEvaluator({ steps, workspace, layout: analyzer.layout, ruleStatus: ruleStatusOf(analyzer), ...(options.taskResults === undefined ? {} : { taskResults: options.taskResults }) });
  return { rootDirectory: workspace.rootDirectory, workspace, evaluator };
}
