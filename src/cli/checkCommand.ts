// `refactor-runbook check`: resolve the project file, walk the paths, analyse, filter or write the baseline, print
// in the chosen format. Exit 0 when nothing is reported, 1 when findings are, 2 on usage or configuration errors.
import { existsSync } from 'node:fs';
import { writeOutputFile } from './outputFile';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BaselineError, BaselineFilter, createBaselineFile, readBaseline, serializeBaseline } from '../core/analysis/baseline';
import { createAnalyzer } from '../core/analysis/analyzer';
import type { Analyzer, AnalyzerOptions } from '../core/analysis/analyzer';
import type { FileAnalysis } from '../core/model/fileAnalysis';
import type { WorkspaceAnalysis } from '../core/analysis/workspaceAnalysis';
import { walkWorkspace } from '../core/workspace/workspaceWalker';
import type { WalkedFile, WalkResult } from '../core/workspace/workspaceWalker';
import { availableParallelism } from 'node:os';
import { AnalysisWorkerPool } from './analysisWorkerPool';
import type { PoolShare } from './analysisWorkerPool';
import { HashingFileAnalyzer, readForHash } from './hashedFileAnalysis';
import type { HashedAnalysis } from './hashedFileAnalysis';
import { cacheFingerprint, ResultCache } from './resultCache';
import { FileReader } from '../core/workspace/fileReader';
import type { Rule } from '../core/rules/rule';
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

/** Without --jobs, checks this large may get workers (once their parse load shows, see analyzePending). */
const parallelFileThreshold = 200;
const maxAutomaticThreads = 4;

/** Threads to analyse on (this one included): --jobs, else one per CPU up to 4 for large checks. */
function chooseThreadCount(args: CheckArguments, environment: CliEnvironment, fileCount: number): number {
  if (environment.rules !== undefined || environment.workerScript === undefined) {
    return 1;
  }
  if (args.jobs !== undefined) {
    return Math.min(args.jobs, Math.max(1, fileCount));
  }
  return fileCount >= parallelFileThreshold ? Math.min(availableParallelism(), maxAutomaticThreads) : 1;
}

/** The analyzer of this thread, created on first use: a fully cached run never loads the parser. */
class LazyAnalyzer {
  private analyzer: Promise<Analyzer> | undefined;

  constructor(private readonly options: AnalyzerOptions) {}

  /** Starts loading the parser's WebAssembly now, in the background. */
  prepare(): void {
    this.get().catch(() => undefined);
  }

  get(): Promise<Analyzer> {
    return (this.analyzer ??= createAnalyzer(this.options));
  }
}

/** Results this run can take from the cache, by walk index; the other files still have to be analysed. */
function takeCachedResults(files: readonly WalkedFile[], cache: ResultCache, maxBytes: number): { readonly cached: Map<number, FileAnalysis>; readonly pending: number[] } {
  const cached = new Map<number, FileAnalysis>();
  const pending: number[] = [];
  const reader = new FileReader();
  files.forEach((file, index) => {
    const read = cache.has(file.relativePath) ? readForHash(reader, file, maxBytes) : undefined;
    const hit = read === undefined ? undefined : cache.lookup(file.relativePath, read.hash);
    if (hit === undefined) pending.push(index);
    else cached.set(index, hit);
  });
  return { cached, pending };
}

/**
 * Without --jobs, workers are added only once this many bytes have been parsed: most files of a repository are settled
 * by the trigger-word prefilter in microseconds, and a worker costs 200–300 ms of CPU (bundle, parser, V8 warming up)
 * before it pays off; the standard library (8 of 1,790 files parsed) ran 1.4× slower on two threads than on one.
 */
const parsedBytesBeforeAutomaticWorkers = 512 * 1024;
/** Nor when fewer files than this are left. */
const filesLeftForAutomaticWorkers = 50;

interface AnalysisPlan {
  readonly analyzer: LazyAnalyzer;
  readonly hashing: boolean;
  /** Workers started before the walk (--jobs). */
  readonly pool: AnalysisWorkerPool | undefined;
  /** Without --jobs: how to add workers once the parse load shows they pay (startLate returns undefined for none). */
  readonly startLate: (filesLeft: number) => AnalysisWorkerPool | undefined;
}

async function analyzePending(files: readonly WalkedFile[], plan: AnalysisPlan): Promise<HashedAnalysis[]> {
  if (files.length === 0) {
    await plan.pool?.close();
    return [];
  }
  const here = async () => new HashingFileAnalyzer(await plan.analyzer.get(), plan.hashing);
  if (plan.pool !== undefined) {
    return plan.pool.analyze(files, here);
  }
  const analyzer = await here();
  const results: HashedAnalysis[] = [];
  let parsedBytes = 0;
  for (const [index, file] of files.entries()) {
    if (parsedBytes >= parsedBytesBeforeAutomaticWorkers && files.length - index >= filesLeftForAutomaticWorkers) {
      const pool = plan.startLate(files.length - index);
      if (pool !== undefined) {
        results.push(...(await pool.analyze(files.slice(index), () => Promise.resolve(analyzer))));
        return results;
      }
      parsedBytes = Number.NEGATIVE_INFINITY;
    }
    const result = analyzer.analyze(file);
    await analyzer.settled();
    results.push(result);
    parsedBytes += result.analysis.parsed ? result.analysis.bytes : 0;
  }
  return results;
}

function describeShare(share: PoolShare): string {
  const cpu = (ms: number | undefined) => (ms === undefined ? '' : `, ${ms.toFixed(0)} ms CPU`);
  const workers = share.cpuMsOfWorkers.map((ms, index) => `worker ${index + 1}${ms === undefined ? ' (no result)' : cpu(ms)}`);
  return `threads, once the workers were started: this one ${share.filesHere} files${cpu(share.cpuMsHere)}; workers ${share.filesOnWorkers} files (${workers.join('; ')}, start-up included)\n`;
}

function cacheIdentity(project: LoadedProject, rules: readonly Rule[], baseline: BaselineFilter | undefined, environment: CliEnvironment): string {
  return cacheFingerprint({
    toolVersion: environment.toolVersion,
    codeIdentity: environment.codeIdentity ?? 'unbundled',
    settings: project.settings,
    rules,
    baselineFingerprints: baseline === undefined ? undefined : [...baseline.fingerprints],
  });
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
  const note = (text: string) => {
    if (args.verbose) environment.writeStderr(text);
  };
  const cache = args.noCache ? undefined : ResultCache.open(project.rootDirectory, cacheIdentity(project, rules, baseline, environment), note);
  const analyzer = new LazyAnalyzer({ wasm: environment.wasm, settings: project.settings, rules, ...(baseline === undefined ? {} : { baseline }) });
  const workerData = { wasm: environment.wasm, settings: project.settings, baselineFingerprints: baseline === undefined ? undefined : [...baseline.fingerprints], hashing: cache !== undefined };
  // Without cached results every file is analysed: the parser's WebAssembly compiles in the background, and the
  // workers --jobs asks for start, while the folders are walked.
  const cold = cache === undefined || cache.isEmpty;
  let pool: AnalysisWorkerPool | undefined;
  if (cold) {
    analyzer.prepare();
    const threads = args.jobs === undefined ? 1 : chooseThreadCount(args, environment, Number.POSITIVE_INFINITY);
    pool = threads > 1 && environment.workerScript !== undefined ? AnalysisWorkerPool.start(environment.workerScript, threads - 1, workerData) : undefined;
  }
  let walk: WalkResult;
  try {
    walk = walkWorkspace({ rootDirectory: project.rootDirectory, targets, include: project.settings.include, exclude: project.settings.exclude });
  } catch (error) {
    await pool?.close();
    // Only out-of-bounds globs reach here (the project file schema already bounds them).
    environment.writeStderr(`refactor-runbook: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.usageOrConfiguration;
  }
  const { cached, pending } = cache === undefined || cache.isEmpty ? { cached: new Map<number, FileAnalysis>(), pending: walk.files.map((_, index) => index) } : takeCachedResults(walk.files, cache, project.settings.maxFileSizeBytes);
  if (pool === undefined && args.jobs !== undefined) {
    const threads = chooseThreadCount(args, environment, pending.length);
    pool = threads > 1 && environment.workerScript !== undefined ? AnalysisWorkerPool.start(environment.workerScript, threads - 1, workerData) : undefined;
  }
  const startLate = (filesLeft: number): AnalysisWorkerPool | undefined => {
    const threads = chooseThreadCount(args, environment, pending.length);
    if (threads <= 1 || environment.workerScript === undefined || filesLeft < filesLeftForAutomaticWorkers) return undefined;
    pool = AnalysisWorkerPool.start(environment.workerScript, threads - 1, workerData);
    return pool;
  };
  const pendingFiles = pending.map((index) => walk.files[index]);
  const analysed = await analyzePending(pendingFiles, { analyzer, hashing: cache !== undefined, pool, startLate });
  const files: FileAnalysis[] = walk.files.map((_, index) => cached.get(index) as FileAnalysis);
  analysed.forEach(({ analysis, hash }, position) => {
    const index = pending[position];
    files[index] = analysis;
    cache?.store(analysis.relativePath, hash, analysis);
  });
  if (cache !== undefined) {
    cache.save();
    note(`result cache: ${cached.size} of ${walk.files.length} file results from ${path.relative(workingDirectory, cache.resultsFile) || cache.resultsFile}, ${pendingFiles.length} analysed\n`);
  }
  if (pool !== undefined && pendingFiles.length > 0) {
    note(describeShare(pool.share));
  }
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
