// The thin client: wires core results into VS Code. Everything that can run without the editor lives in src/core.
import type * as vscode from 'vscode';
import type { ChecklistView } from './checklist/checklistView';
import { registerChecklistView } from './checklist/checklistView';
import type { InlineWarningsApi } from './inlineWarnings';
import { registerInlineWarnings } from './inlineWarnings';
import { registerOpenProjectFile } from './commands/openProjectFile';
import { registerRuleDocumentation } from './documentation/ruleDocumentation';
import { createExtensionLog } from './log';
import { watchPythonPresence } from './pythonPresence';
import type { VerificationApi } from './tasks/registerVerification';
import { registerVerification } from './tasks/registerVerification';
import { registerMigrationCommands } from './migration/migrationCommands';

/** What activate() returns: a handle for the integration tests (and other extensions) to observe the views. */
export interface RefactorRunbookApi {
  readonly checklist: ChecklistView;
  readonly inlineWarnings: InlineWarningsApi;
  /** Verification runs (the runbook's local commands as tasks) and their latest results. */
  readonly verification: VerificationApi;
  /** Resolves once the first look at the workspace (are there Python files?) is done. */
  readonly ready: Promise<void>;
  /** How long activate() itself took, in milliseconds (the editor benchmark reports it). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): RefactorRunbookApi {
  const started = performance.now();
  const pythonPresence = watchPythonPresence(context);
  const log = createExtensionLog(context);
  registerRuleDocumentation(context);
  registerOpenProjectFile(context);
  const checklist = registerChecklistView(context, pythonPresence, log);
  const inlineWarnings = registerInlineWarnings(context, log);
  const verification = registerVerification(context);
  registerMigrationCommands(context);
  context.subscriptions.push(checklist.useTaskResults(verification.results));
  return { checklist, inlineWarnings, verification, ready: pythonPresence.ready, activationMs: performance.now() - started };
}

export function deactivate(): void {
  // Every registration is disposed through context.subscriptions.
}
