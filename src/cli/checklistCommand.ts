// `refactor-runbook checklist`: evaluates the same checklist as the sidebar, without VS Code. Resolves the project
// file and the shared progress file (a malformed one of either stops with exit code 2 and the problems), verifies every
// item, and prints text, the JSON of issue 5, or a GitHub task list. Exit 1 when an item failed, so CI can gate on it.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeProjectProblems } from '../core/config/projectFile';
import { checklistToMarkdown } from '../core/checklist/checklistMarkdown';
import { loadChecklistProject } from '../core/checklist/checklistProjectFile';
import { summarize } from '../core/checklist/checklistResult';
import type { ChecklistEvaluation, ChecklistLocation } from '../core/checklist/checklistResult';
import { createChecklistSession } from '../core/checklist/checklistSession';
import { defaultProgressFileName, progressWarnings } from '../core/checklist/progressFile';
import { describeProblems, ProgressStore, ticksOfState } from '../core/checklist/progressStore';
import { checklistUsageText, parseChecklistArguments } from './checklistArguments';
import type { ChecklistArguments } from './checklistArguments';
import { formatChecklistJson } from './checklistJsonFormat';
import { formatChecklistText } from './checklistTextFormat';
import { UsageError } from './cliArguments';
import type { CliEnvironment } from './cliEnvironment';
import { exitCodes } from './cliEnvironment';

function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

function onlyStep(evaluation: ChecklistEvaluation, stepId: string): ChecklistEvaluation | undefined {
  const steps = evaluation.steps.filter((step) => step.id === stepId);
  return steps.length === 0 ? undefined : { steps, summary: summarize(steps.flatMap((step) => step.items)) };
}

function fail(environment: CliEnvironment, message: string): number {
  environment.writeStderr(`refactor-runbook checklist: ${message}\n`);
  return exitCodes.usageOrConfiguration;
}

export async function runChecklistCommand(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  let args: ChecklistArguments;
  try {
    args = parseChecklistArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      environment.writeStderr(`refactor-runbook checklist: ${error.message}\n\n${checklistUsageText}`);
      return exitCodes.usageOrConfiguration;
    }
    throw error;
  }
  if (args.help) {
    environment.writeStdout(checklistUsageText);
    return exitCodes.clean;
  }
  const { workingDirectory } = environment;
  const directory = path.resolve(workingDirectory, args.directory ?? '.');
  if (!existsSync(directory) || !statSync(directory).isDirectory()) return fail(environment, `${args.directory ?? directory} is not a folder; pass the repository's folder`);
  let configPath: string | undefined;
  if (args.config !== undefined) {
    configPath = path.resolve(workingDirectory, args.config);
    if (!existsSync(configPath)) return fail(environment, `--config ${args.config}: ${configPath} does not exist; pass an existing project file or leave --config out`);
  }
  const loaded = loadChecklistProject(directory, configPath);
  if (!loaded.ok) return fail(environment, describeProjectProblems(loaded.filePath, loaded.problems));
  const { project } = loaded.value;

  const progressPath = args.progress !== undefined ? path.resolve(workingDirectory, args.progress) : path.join(project.rootDirectory, defaultProgressFileName);
  const progress = await new ProgressStore(progressPath).read();
  if (progress.kind === 'malformed') return fail(environment, `the progress file is malformed, so manual ticks cannot be read:\n${describeProblems(progressPath, progress.problems)}`);
  if (progress.kind === 'unreadable') return fail(environment, progress.detail);
  if (progress.kind === 'missing' && args.progress !== undefined) return fail(environment, `--progress ${args.progress}: ${progressPath} does not exist`);
  if (progress.kind === 'valid') {
    for (const warning of progressWarnings(progress.text, progress.content, loaded.value.steps)) {
      environment.writeStderr(`${toPosix(path.relative(workingDirectory, progressPath))}:${warning.line}:${warning.column}: warning: ${warning.message}\n`);
    }
  }

  const session = await createChecklistSession({ checklistProject: loaded.value, wasm: environment.wasm, ...(environment.rules === undefined ? {} : { rules: environment.rules }) });
  await session.evaluator.verify();
  let evaluation = session.evaluator.snapshot(ticksOfState(progress));
  if (args.step !== undefined) {
    const narrowed = onlyStep(evaluation, args.step);
    if (narrowed === undefined) return fail(environment, `--step ${args.step}: there is no such step; the steps are ${evaluation.steps.map((step) => step.id).join(', ')}`);
    evaluation = narrowed;
  }

  const displayPath = (location: ChecklistLocation): string => toPosix(path.relative(workingDirectory, path.join(project.rootDirectory, ...location.path.split('/'))));
  switch (args.format) {
    case 'json':
      environment.writeStdout(formatChecklistJson(evaluation, displayPath));
      break;
    case 'markdown':
      environment.writeStdout(checklistToMarkdown(evaluation, args.step === undefined ? { kind: 'all' } : { kind: 'step', stepId: args.step }));
      break;
    case 'text':
      environment.writeStdout(formatChecklistText(evaluation, toPosix(path.relative(workingDirectory, project.rootDirectory)) || '.', displayPath));
      break;
  }
  return evaluation.summary.failed > 0 ? exitCodes.findings : exitCodes.clean;
}
