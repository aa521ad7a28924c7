// Runs a verification task and waits for its recorded result. The trust gate sits here, before any task exists: in
// an untrusted workspace the run is refused and nothing is started.
import * as vscode from 'vscode';
import type { VerificationTaskPlan } from '../../core/verification/verificationPlanner';
import type { VerificationRequest } from '../../core/verification/verificationPlanner';
import type { VerificationResult } from '../../core/verification/verificationResult';
import type { VerificationHost } from './folderVerificationInputs';
import { loadVerificationEngine } from './lazyVerificationEngine';
import type { VerificationRunTracker } from './verificationRunTracker';
import type { PlannedTask } from './verificationTaskProvider';
import { createVerificationTask } from './verificationTaskProvider';

export type VerificationRunOutcome =
  | { readonly kind: 'finished'; readonly result: VerificationResult; readonly plan: VerificationTaskPlan }
  /** Nothing was started: the workspace is not trusted, or the same task is already running. */
  | { readonly kind: 'refused'; readonly message: string };

export interface RunOptions {
  readonly folder?: vscode.WorkspaceFolder;
  /** Cancelling terminates the task (its result is then recorded as cancelled). */
  readonly token?: vscode.CancellationToken;
}

export class VerificationService {
  constructor(
    private readonly host: VerificationHost,
    private readonly tracker: VerificationRunTracker,
  ) {}

  /** The folder a run applies to: the given one, else the active editor's, else the first. */
  folderFor(folder?: vscode.WorkspaceFolder): vscode.WorkspaceFolder | undefined {
    if (folder !== undefined) return folder;
    const active = vscode.window.activeTextEditor?.document.uri;
    return (active === undefined ? undefined : vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  }

  createTask(request: VerificationRequest, folder: vscode.WorkspaceFolder): Promise<PlannedTask> {
    return createVerificationTask(folder, request, this.host);
  }

  async run(request: VerificationRequest, options: RunOptions = {}): Promise<VerificationRunOutcome> {
    const trust = loadVerificationEngine().verificationTrustDecision(this.host.isTrusted());
    if (!trust.allowed) return { kind: 'refused', message: trust.message };
    const folder = this.folderFor(options.folder);
    if (folder === undefined) return { kind: 'refused', message: 'Refactor Runbook needs an open folder to run verification in; open the project folder first.' };
    const { task, plan } = await createVerificationTask(folder, request, this.host);
    const busy = this.tracker.runningExecutions().find((execution) => execution.task.name === task.name && folderUri(execution.task.scope) === folder.uri.toString());
    if (busy !== undefined) {
      return { kind: 'refused', message: `"${task.name}" is already running in ${folder.name}. Wait for it, or stop it with "Refactor Runbook: Terminate Verification Run".` };
    }
    if (options.token?.isCancellationRequested === true) return { kind: 'refused', message: `"${task.name}" was cancelled before it started.` };
    const execution = await vscode.tasks.executeTask(task);
    const result = await this.tracker.waitForResult(execution, options.token);
    return { kind: 'finished', result, plan };
  }
}

function folderUri(scope: vscode.Task['scope']): string | undefined {
  return scope !== undefined && typeof scope === 'object' ? scope.uri.toString() : undefined;
}
