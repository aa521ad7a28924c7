// Analysis state of one workspace folder: the analyzer for its current project settings (created on first use so
// activation never loads the parser), the baseline, and a cache of results keyed by content hash so a file whose
// content has not changed is never analysed twice.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Analyzer } from '../../core/analysis/analyzer';
import type { PythonDocumentAnalysis } from '../../core/analysis/pythonDocumentAnalysis';
import type { BaselineFilter } from '../../core/analysis/baseline';
import type { FileAnalysis } from '../../core/model/fileAnalysis';
import type { WasmLocation } from '../../core/python/pythonParser';
import { loadEngine } from '../lazyEngine';
import type { FolderProject } from './folderProject';

interface CachedResult {
  readonly contentHash: string;
  readonly analysis: FileAnalysis;
}

export interface BaselineProblem {
  readonly baselinePath: string;
  readonly message: string;
}

export class FolderAnalysis {
  private analyzerPromise: Promise<Analyzer> | undefined;
  private readonly cache = new Map<string, CachedResult>();
  private generation = 0;
  baselineProblem: BaselineProblem | undefined;

  constructor(
    readonly folderPath: string,
    private readonly wasm: WasmLocation,
    private projectState: FolderProject,
  ) {}

  get project(): FolderProject {
    return this.projectState;
  }

  /** Bumps with every settings change; results computed under an older generation are stale. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** New project settings: the analyzer and every cached result are dropped. */
  reconfigure(project: FolderProject): void {
    this.projectState = project;
    this.analyzerPromise = undefined;
    this.cache.clear();
    this.generation++;
  }

  analyzer(): Promise<Analyzer> {
    this.analyzerPromise ??= this.createAnalyzerForProject();
    return this.analyzerPromise;
  }

  private async createAnalyzerForProject(): Promise<Analyzer> {
    const { createAnalyzer, BaselineFilter, readBaseline } = loadEngine();
    const settings = this.projectState.settings;
    this.baselineProblem = undefined;
    let baseline: BaselineFilter | undefined;
    if (settings.baseline !== undefined) {
      const baselinePath = path.resolve(this.folderPath, settings.baseline);
      try {
        baseline = new BaselineFilter(readBaseline(baselinePath));
      } catch (error) {
        this.baselineProblem = { baselinePath, message: error instanceof Error ? error.message : String(error) };
      }
    }
    return createAnalyzer({ wasm: this.wasm, settings, ...(baseline === undefined ? {} : { baseline }) });
  }

  relativePathOf(absolutePath: string): string | undefined {
    const relative = path.relative(this.folderPath, absolutePath);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    return relative.split(path.sep).join('/');
  }

  /** Reads and analyses a file on disk, reusing the last result when the content is unchanged. */
  async analyzeDiskFile(absolutePath: string): Promise<FileAnalysis | undefined> {
    const relativePath = this.relativePathOf(absolutePath);
    if (relativePath === undefined) return undefined;
    const analyzer = await this.analyzer();
    await analyzer.settled();
    let bytes: Buffer;
    try {
      bytes = await readFile(absolutePath);
    } catch {
      // Unreadable or gone: let the analyzer state the reason.
      this.cache.delete(relativePath);
      return analyzer.analyzeFile(absolutePath, relativePath);
    }
    const contentHash = createHash('sha1').update(bytes).digest('hex');
    const cached = this.cache.get(relativePath);
    if (cached !== undefined && cached.contentHash === contentHash) return cached.analysis;
    const analysis = analyzer.analyzeBytes(relativePath, bytes);
    this.cache.set(relativePath, { contentHash, analysis });
    return analysis;
  }

  forget(absolutePath: string): void {
    const relativePath = this.relativePathOf(absolutePath);
    if (relativePath !== undefined) this.cache.delete(relativePath);
  }

  /** Analyses unsaved editor text (not cached: it changes with every keystroke). */
  async analyzeText(relativePath: string, text: string): Promise<FileAnalysis> {
    const analyzer = await this.analyzer();
    await analyzer.settled();
    return analyzer.analyzeText(relativePath, text);
  }

  async openPythonDocument(relativePath: string): Promise<PythonDocumentAnalysis> {
    return (await this.analyzer()).openPythonDocument(relativePath);
  }
}
