// The result of checking a set of paths: per-file results plus the reasons anything was skipped (the CLI's report is
// built from it).
import type { FileAnalysis } from '../model/fileAnalysis';
import type { WalkSkip } from '../workspace/workspaceWalker';

export interface WorkspaceAnalysis {
  readonly files: readonly FileAnalysis[];
  /** Everything the walker passed over, routine (virtualenvs, .gitignore) or not (unreadable, symlink loops). */
  readonly walkSkips: readonly WalkSkip[];
  readonly elapsedMs: number;
}
