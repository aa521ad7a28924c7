// Follows the workspace folder's files for the checklist: source changes are batched (debounced) and handed to the
// controller, which re-verifies only the items that depend on them; the progress file is re-read (a pull, another
// window) and the project file reloads the whole checklist. Nothing is ever rescanned per keystroke: only saved
// files on disk count.
import path from 'node:path';
import * as vscode from 'vscode';
import type { FileChange, FileChangeKind } from '../../core/checklist/checklistWorkspace';
import { ChangeDebouncer } from './changeDebouncer';
import type { ChecklistController } from './checklistController';

/** Folders whose churn never matters to a check (tools write there constantly). */
const ignoredSegments = new Set(['.git', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.venv', 'venv']);

function relativePosixPath(folderPath: string, uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote') return undefined;
  const relative = path.relative(folderPath, uri.fsPath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const posix = relative.split(path.sep).join('/');
  return posix.split('/').some((segment) => ignoredSegments.has(segment)) ? undefined : posix;
}

export function watchChecklistFiles(controller: ChecklistController, delayMs: () => number): vscode.Disposable {
  const folderPath = controller.folder.uri.fsPath;
  const debouncer = new ChangeDebouncer<FileChange>(delayMs, (batch) => controller.filesChanged(batch));
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(controller.folder, '**/*'));
  const onChange = (kind: FileChangeKind) => (uri: vscode.Uri) => {
    if (uri.fsPath === controller.progressFilePath) {
      void controller.progressFileChanged();
      return;
    }
    if (uri.fsPath === controller.projectFilePath) {
      debouncer.dispose();
      void controller.reload(`${path.basename(uri.fsPath)} ${kind}`);
      return;
    }
    const relative = relativePosixPath(folderPath, uri);
    if (relative !== undefined) debouncer.push({ path: relative, kind });
  };
  const subscriptions = [watcher, watcher.onDidCreate(onChange('created')), watcher.onDidChange(onChange('changed')), watcher.onDidDelete(onChange('deleted')), debouncer];
  return vscode.Disposable.from(...subscriptions);
}
