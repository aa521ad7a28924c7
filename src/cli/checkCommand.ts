// `refactor-runbook check`: resolve the project file, walk the paths, analyse, filter or write the baseline, print
// in the chosen format. Exit 0 when nothing is reported, 1 when findings are, 2 on usage or configuration errors.
import { existsSync } from 'node:fs';
import { writeOutputFile } from './outputFile';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BaselineError, BaselineFilter, createBaselineFile, readBaseline, serializeBaseline } from '../core/analysis/baseline';
import { createAnalyzer } from '../core/analysis/analyzer';
import type { Analyzer } from '../core/analysis/analyzer';
import type { FileAnalysis } from '../core/analysis/fileAnalysis';
import type { WorkspaceAnalysis } from '../core/analysis/workspaceAnalysis';
import { walkWorkspace } from '../core/workspace/workspaceWalker';
import type { WalkedFile, WalkResult } from '../core/workspace/workspaceWalker';
import { availableParallelism } from 'node:os';
import { analyzeInWorkers } from './analysisWorkerPool';
import type { AnalysisWorkerData } from './analysisWorkerPool';
import { describeProjectProblems, loadProjectFile, searchProjectFile } from '../core/config/projectFile';
import type { LoadedProject } from '../core/config/projectFile';
import { defaultProjectSettings } from '../core/config/projectSettings';
import { allRules } from '../core/rules/allRules';
import { buildCheckReport } from './checkReport';
import type { CheckArguments } from './cliArguments';
import type { CliEnvironment } from './cliEnvironment';
import { exitCodes } from './cliEnvironment';
import { formatJson } from './jsonFormat';
import { formatSarif } from './sarifFormat';
import { describeRules } from './ruleDescriptions';
import { formatText, formatVerboseDetails } from './textFormat';

/** A problem that stops the check before analysis, with exit code 2. */
class ConfigurationError extends Error {}

function resolveProject(args: CheckArguments, environment: CliEnvironment): LoadedProject {
  const { workingDirectory } = environment;
  if (args.config !== undefined) {
    const configPath = path.resolve(workingDirectory, args.config);
    if (!existsSync(configPath)) {
      throw new ConfigurationError(`--config ${args.config}: ${configPath} does not exist. Pass an existing project file, or omit --config to use refactor-runbook.json or the defaults.`);
    }
    const loaded = loadProjectFile(configPath);
    if (!loaded.ok) {
      throw new ConfigurationError(describeProjectProblems(loaded.filePath, loaded.problems));
    }
    return loaded.project;
  }
  const found = searchProjectFile(workingDirectory, existsSync);
  if (found.projectFile === undefined) {
    // Without a project file the repository root is the folder holding .git, else the working directory.
    const rootDirectory = found.repositoryRoot ?? workingDirectory;
    return { settings: defaultProjectSettings, source: { kind: 'defaults', reason: `no project file (refactor-runbook.json) found in the working directory or above, using defaults with ${rootDirectory} as the repository root` }, rootDirectory };
  }
  const loaded = loadProjectFile(found.projectFile);
  if (!loaded.ok) {
    throw new ConfigurationError(describeProjectProblems(loaded.filePath, loaded.problems));
  }
  return loaded.project;
}

function resolveTargets(args: CheckArguments, workingDirectory: string): string[] {
  const targets = (args.paths.length === 0 ? ['.'] : args.paths).map((target) => path.resolve(workingDirectory, target));
  const missing = targets.filter((target) => !existsSync(target));
  if (missing.length > 0) {
    throw new ConfigurationError(`path${missing.length > 1 ? 's' : ''} not found: ${missing.map((target) => path.relative(workingDirectory, target) || target).join(', ')}. Pass existing files or folders.`);
  }
  return targets;
}

function resolveBaseline(args: CheckArguments, project: LoadedProject, workingDirectory: string): BaselineFilter | undefined {
  if (args.writeBaseline !== undefined) {
    return undefined;
  }
  const baselinePath = args.baseline !== undefined ? path.resolve(workingDirectory, args.baseline) : project.settings.baseline !== undefined ? path.resolve(project.rootDirectory, project.settings.baseline) : undefined;
  return baselinePath === undefined ? undefined : BaselineFilter.forFile(readBaseline(baselinePath));
}

/** Checks this large are worth the workers' start-up (each loads the bundle and the parser, ~50 ms). */
const parallelFileThreshold = 200;
const maxAutomaticWorkers = 4;

function chooseWorkerCount(args: CheckArguments, environment: CliEnvironment, fileCount: number): number {
  if (environment.rules !== undefined || environment.workerScript === undefined) {
    return 1;
  }
  if (args.jobs !== undefined) {
    return Math.min(args.jobs, Math.max(1, fileCount));
  }
  return fileCount >= parallelFileThreshold ? Math.min(availableParallelism(), maxAutomaticWorkers) : 1;
}

async function analyzeInProcess(analyzer: Analyzer, files: readonly WalkedFile[]): Promise<FileAnalysis[]> {
  const results: FileAnalysis[] = [];
  for (const file of files) {
    results.push(analyzer.analyzeFile(file.absolutePath, file.relativePath));
    // After a file that broke the parser, the next ones wait for its replacement rather than being refused.
    if (analyzer.parserRestartPending) await analyzer.ready();
  }
  return results;
}

/**
 * Bytes of parsed files the main thread analyses itself before it hands the rest of the files to workers. Most files
 * of a repository are settled by the trigger-word prefilter in microseconds; only parsing is worth a worker, and a
 * worker costs a bundle load and a parser start-up (a few hundred ms), so small parse loads stay in this process.
 */
const inProcessParseBudgetBytes = 4 * 1024 * 1024;

interface FileAnalysisPlan {
  readonly analyzer: Analyzer;
  readonly workerCount: number;
  readonly workerScript: string | undefined;
  readonly data: Omit<AnalysisWorkerData, 'role'>;
}

async function analyzeFiles(files: readonly WalkedFile[], plan: FileAnalysisPlan): Promise<FileAnalysis[]> {
  const { analyzer, workerCount, workerScript } = plan;
  if (workerCount <= 1 || workerScript === undefined) {
    return analyzeInProcess(analyzer, files);
  }
  const results: FileAnalysis[] = [];
  let parsedBytes = 0;
  let index = 0;
  for (; index < files.length && parsedBytes < inProcessParseBudgetBytes; index++) {
    const file = files[index];
    if (file !== undefined) {
      const result = analyzer.analyzeFile(file.absolutePath, file.relativePath);
      if (analyzer.parserRestartPending) await analyzer.ready();
      results.push(result);
      parsedBytes += result.parsed ? result.bytes : 0;
    }
  }
  if (index < files.length) {
    results.push(...(await analyzeInWorkers({ workerScript, workerCount, files: files.slice(index), data: plan.data })));
  }
  return results;
}

export async function runCheckCommand(args: CheckArguments, environment: CliEnvironment): Promise<number> {
  const started = performance.now();
  const { workingDirectory } = environment;
  let project: LoadedProject;
  let targets: string[];
  let baseline: BaselineFilter | undefined;
  try {
    project = resolveProject(args, environment);
    targets = resolveTargets(args, workingDirectory);
    baseline = resolveBaseline(args, project, workingDirectory);
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof BaselineError) {
      environment.writeStderr(`refactor-runbook: ${error.message}\n`);
      return exitCodes.usageOrConfiguration;
    }
    throw error;
  }
  if (args.verbose) {
    environment.writeStderr(project.source.kind === 'file' ? `using project file ${project.source.path}\n` : `${project.source.reason}\n`);
  }
  const rules = environment.rules ?? allRules;
  // The parser's WebAssembly compiles in the background while the folders are walked.
  const analyzer = createAnalyzer({ wasm: environment.wasm, settings: project.settings, rules, ...(baseline === undefined ? {} : { baseline }) });
  let walk: WalkResult;
  try {
    walk = walkWorkspace({ rootDirectory: project.rootDirectory, targets, include: project.settings.include, exclude: project.settings.exclude });
  } catch (error) {
    // The analyzer is not needed after all (and whether it could be created no longer matters).
    void analyzer.catch(() => undefined);
    // Only out-of-bounds globs reach here (the project file schema already bounds them).
    environment.writeStderr(`refactor-runbook: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.usageOrConfiguration;
  }
  const workerCount = chooseWorkerCount(args, environment, walk.files.length);
  const files = await analyzeFiles(walk.files, {
    analyzer: await analyzer,
    workerCount,
    workerScript: environment.workerScript,
    data: { wasm: environment.wasm, settings: project.settings, baselineFingerprints: baseline === undefined ? undefined : [...baseline.fingerprints] },
  });
  const analysis: WorkspaceAnalysis = { files, walkSkips: walk.skipped, elapsedMs: performance.now() - started };
  const report = buildCheckReport(analysis, project.rootDirectory, workingDirectory, describeRules(rules), performance.now() - started);
  if (args.verbose) {
    environment.writeStderr(formatVerboseDetails(report));
  }
  for (const failure of report.ruleFailures) {
    environment.writeStderr(`refactor-runbook: rule ${failure.rule} failed on ${failure.path} (its findings there are missing): ${failure.message}\n`);
  }
  if (args.writeBaseline !== undefined) {
    const entries = analysis.files.flatMap((file) => file.findings.map((finding) => ({ fingerprint: finding.fingerprint, rule: finding.rule, path: file.relativePath, line: finding.range.line, message: finding.message })));
    const baselinePath = path.resolve(workingDirectory, args.writeBaseline);
    try {
      writeOutputFile(baselinePath, serializeBaseline(createBaselineFile(entries)));
    } catch (error) {
      environment.writeStderr(`refactor-runbook: --write-baseline: ${error instanceof Error ? error.message : String(error)}\n`);
      return exitCodes.usageOrConfiguration;
    }
    environment.writeStderr(`refactor-runbook: wrote ${entries.length} finding${entries.length === 1 ? '' : 's'} to the baseline ${path.relative(workingDirectory, baselinePath) || baselinePath}\n`);
    return exitCodes.clean;
  }
  switch (args.format) {
    case 'json':
      environment.writeStdout(formatJson(report));
      break;
    case 'sarif':
      environment.writeStdout(formatSarif(report, environment.toolVersion, pathToFileURL(workingDirectory).href));
      break;
    case 'text':
      environment.writeStdout(formatText(report));
      break;
  }
  return report.findings.length > 0 ? exitCodes.findings : exitCodes.clean;
}
