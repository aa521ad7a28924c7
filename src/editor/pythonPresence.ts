// Tracks whether the workspace has any Python file, for the sidebar's empty state (viewsWelcome) and the tree.
import * as vscode from 'vscode';

export const hasPythonFilesContextKey = 'refactorRunbook.hasPythonFiles';
const ignoredFolders = '**/{node_modules,.git,.venv,venv,__pycache__}/**';

export interface PythonPresence {
  readonly hasPythonFiles: boolean;
  readonly onDidChange: vscode.Event<boolean>;
  /** Settles after the first search has finished. */
  readonly ready: Promise<void>;
}

export function watchPythonPresence(context: vscode.ExtensionContext): PythonPresence {
  const changed = new vscode.EventEmitter<boolean>();
  let hasPythonFiles = false;

  const recompute = async (): Promise<void> => {
    const found = await vscode.workspace.findFiles('**/*.py', ignoredFolders, 1);
    const next = found.length > 0;
    await vscode.commands.executeCommand('setContext', hasPythonFilesContextKey, next);
    if (next !== hasPythonFiles) {
      hasPythonFiles = next;
      changed.fire(next);
    }
  };
  const recomputeAndReport = (): Promise<void> =>
    recompute().catch((error: unknown) => {
      void vscode.window.showErrorMessage(`Refactor Runbook could not search the workspace for Python files: ${String(error)}`);
    });
  const recomputeInBackground = (): void => void recomputeAndReport();

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.py', false, true, false);
  context.subscriptions.push(
    changed,
    watcher,
    watcher.onDidCreate(recomputeInBackground),
    watcher.onDidDelete(recomputeInBackground),
    vscode.workspace.onDidChangeWorkspaceFolders(recomputeInBackground),
  );
  const ready = recomputeAndReport();

  return {
    get hasPythonFiles() {
      return hasPythonFiles;
    },
    onDidChange: changed.event,
    ready,
  };
}
