// Keeps whole-workspace results fresh without rescanning: created and changed files are analysed (their cached
// result is reused when the content did not change), deleted files and folders lose their findings, a rename is a
// delete plus a create. Changes to the project file re-configure and re-analyse everything.
import * as vscode from 'vscode';
import { supportedExtensions } from '../../core/model/fileLanguage';
import { projectFileName } from '../../core/config/projectFileName';
import type { AnalysisController } from './analysisController';

export interface WorkspaceFileEvents {
  readonly onProjectFileChanged: () => void;
  /** Files may have come into scope or gone out of it. */
  readonly onScopeChanged: () => void;
}

export function watchWorkspaceFiles(context: vscode.ExtensionContext, controller: AnalysisController, events: WorkspaceFileEvents): void {
  const { onProjectFileChanged } = events;
  const scopeChanged = (): void => {
    controller.forgetScopeDecisions();
    events.onScopeChanged();
  };
  const isOpen = (uri: vscode.Uri): boolean => vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString());
  const refresh = (uri: vscode.Uri): void => {
    // Open documents follow their buffer; files not yet scanned have no findings to refresh.
    if (controller.workspaceScanned && !isOpen(uri)) void controller.analyzeDiskFile(uri);
  };
  const extensions = supportedExtensions.map((extension) => extension.slice(1)).join(',');
  const sourceWatcher = vscode.workspace.createFileSystemWatcher(`**/*.{${extensions}}`);
  // Deleting a folder reports only the folder, so watch everything for deletions.
  const deletionWatcher = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
  // A .gitignore edit can bring files into scope or take them out: decide afresh.
  const gitignoreWatcher = vscode.workspace.createFileSystemWatcher('**/.gitignore');
  const projectWatcher = vscode.workspace.createFileSystemWatcher(`**/${projectFileName}`);
  context.subscriptions.push(
    sourceWatcher,
    deletionWatcher,
    projectWatcher,
    sourceWatcher.onDidCreate(refresh),
    sourceWatcher.onDidChange(refresh),
    deletionWatcher.onDidDelete((uri) => controller.forgetDeleted(uri)),
    gitignoreWatcher,
    gitignoreWatcher.onDidCreate(scopeChanged),
    gitignoreWatcher.onDidChange(scopeChanged),
    gitignoreWatcher.onDidDelete(scopeChanged),
    projectWatcher.onDidCreate(onProjectFileChanged),
    projectWatcher.onDidChange(onProjectFileChanged),
    projectWatcher.onDidDelete(onProjectFileChanged),
  );
}
