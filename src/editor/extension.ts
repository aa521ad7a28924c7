// The thin client: wires core results into VS Code. Everything that can run without the editor lives in src/core.
import type * as vscode from 'vscode';
import type { ChecklistView } from './checklist/checklistView';
import { registerChecklistView } from './checklist/checklistView';
import { watchPythonPresence } from './pythonPresence';

/** What activate() returns: a handle for the integration tests (and other extensions) to observe the views. */
export interface RefactorRunbookApi {
  readonly checklist: ChecklistView;
  /** Resolves once the first look at the workspace (are there Python files?) is done. */
  readonly ready: Promise<void>;
}

export function activate(context: vscode.ExtensionContext): RefactorRunbookApi {
  const pythonPresence = watchPythonPresence(context);
  const checklist = registerChecklistView(context, pythonPresence);
  return { checklist, ready: pythonPresence.ready };
}

export function deactivate(): void {
  // Every registration is disposed through context.subscriptions.
}
