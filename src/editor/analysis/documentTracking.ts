// Keeps open documents' findings in step with typing: each edit is remembered for the incremental re-parse, and the
// analysis runs after a per-document debounce; immediate analysis on open and save, and on close either the file's on-disk state (after a workspace
// scan) or nothing.
import * as vscode from 'vscode';
import type { AnalysisController } from './analysisController';

interface PendingRun {
  readonly timer: NodeJS.Timeout;
  /** Keeps the controller "busy" from the keystroke until the debounced run has published. */
  readonly release: () => void;
}

export function trackOpenDocuments(context: vscode.ExtensionContext, controller: AnalysisController): void {
  const pending = new Map<string, PendingRun>();

  const cancelPending = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    const run = pending.get(key);
    if (run === undefined) return;
    clearTimeout(run.timer);
    run.release();
    pending.delete(key);
  };
  const analyzeNow = (document: vscode.TextDocument): void => {
    cancelPending(document);
    void controller.analyzeDocument(document);
  };
  const analyzeSoon = (document: vscode.TextDocument): void => {
    if (controller.relativePathOf(document.uri) === undefined) return;
    const key = document.uri.toString();
    const previous = pending.get(key);
    if (previous !== undefined) clearTimeout(previous.timer);
    const release = previous?.release ?? controller.holdIdle();
    const timer = setTimeout(() => {
      pending.delete(key);
      void controller.analyzeDocument(document).finally(release);
    }, controller.currentSettings.debounceMs);
    pending.set(key, { timer, release });
  };

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(analyzeNow),
    vscode.workspace.onDidSaveTextDocument(analyzeNow),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0) return;
      controller.noteEdit(event);
      analyzeSoon(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      cancelPending(document);
      controller.closeDocument(document);
      if (controller.relativePathOf(document.uri) === undefined) return;
      // The buffer may have differed from the file; what stays in Problems is the file as saved.
      if (controller.workspaceScanned) void controller.analyzeDiskFile(document.uri);
      else controller.clear(document.uri);
    }),
    { dispose: () => pending.forEach((run) => clearTimeout(run.timer)) },
  );
  // Documents already open: after activation has returned (their analysis loads the core).
  setTimeout(() => vscode.workspace.textDocuments.forEach(analyzeNow), 0);
}
