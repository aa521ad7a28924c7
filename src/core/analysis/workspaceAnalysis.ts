// Analyses every file the walker finds, collecting per-file results and the reasons anything was skipped. Shared by
// the CLI and the editor's workspace scan.
import type { Analyzer } from './analyzer';
import type { FileAnalysis } from './fileAnalysis';
import { walkWorkspace } from '../workspace/workspaceWalker';
import type { WalkSkip } from '../workspace/workspaceWalker';

export interface WorkspaceAnalysis {
  readonly files: readonly FileAnalysis[];
  /** Everything the walker passed over, routine (virtualenvs, .gitignore) or not (unreadable, symlink loops). */
  readonly walkSkips: readonly WalkSkip[];
  readonly elapsedMs: number;
}

export interface WorkspaceAnalysisRequest {
  readonly analyzer: Analyzer;
  readonly rootDirectory: string;
  /** Absolute files or folders. */
  readonly targets: readonly string[];
  /** Polled between files so a long scan can be cancelled. */
  readonly isCancelled?: () => boolean;
}

export function analyzeWorkspace(request: WorkspaceAnalysisRequest): WorkspaceAnalysis {
  const started = performance.now();
  const { analyzer } = request;
  const walk = walkWorkspace({ rootDirectory: request.rootDirectory, targets: request.targets, include: analyzer.settings.include, exclude: analyzer.settings.exclude });
  const files: FileAnalysis[] = [];
  for (const file of walk.files) {
    if (request.isCancelled?.() === true) {
      break;
    }
    files.push(analyzer.analyzeFile(file.absolutePath, file.relativePath));
  }
  return { files, walkSkips: walk.skipped, elapsedMs: performance.now() - started };
}
