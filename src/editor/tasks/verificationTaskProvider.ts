// The `refactor-runbook` task type: each task is a CustomExecution whose pseudoterminal runs the plan in the extension
// host (verificationTerminal.ts), starting `python -m <tool>` with an argument array. Nothing goes through a shell, so
// no file name, test id or setting is ever re-quoted or executed. The tasks have no problem matchers: the terminal
// hands each tool's output to the verification problems (which a run replaces, and which it leaves alone).
// resolveTask returns the definition it was given, so tasks.json entries keep their identity.
import * as vscode from 'vscode';
import type { VerificationRequest, VerificationTaskPlan } from '../../core/verification/verificationPlanner';
import type { VerificationHost } from './folderVerificationInputs';
import { gatherVerificationInputs } from './folderVerificationInputs';
import { loadVerificationEngine, verificationTaskType } from './lazyVerificationEngine';
import { VerificationTerminal } from './verificationTerminal';

export const taskSource = 'Refactor Runbook';

export interface PlannedTask {
  readonly task: vscode.Task;
  readonly plan: VerificationTaskPlan;
}

export async function createVerificationTask(
  folder: vscode.WorkspaceFolder,
  request: VerificationRequest,
  host: VerificationHost,
  definition?: vscode.TaskDefinition,
): Promise<PlannedTask> {
  const { definitionFor, planVerificationTask, verificationTasks } = loadVerificationEngine();
  const plan = planVerificationTask(request, await gatherVerificationInputs(folder, request, host));
  const execution = new vscode.CustomExecution(() => Promise.resolve(new VerificationTerminal(plan, folder.uri.fsPath, host.onToolFinished)));
  const task = new vscode.Task(definition ?? definitionFor(request), folder, plan.name, taskSource, execution, []);
  task.detail = plan.detail;
  if (verificationTasks[request.taskId].group === 'test') task.group = vscode.TaskGroup.Test;
  task.presentationOptions = {
    // The terminal prints each tool's command line with the interpreter and why.
    echo: false,
    reveal: vscode.TaskRevealKind.Always,
    panel: vscode.TaskPanelKind.Dedicated,
    clear: true,
    showReuseMessage: false,
  };
  return { task, plan };
}

export function folderOfTaskScope(scope: vscode.Task['scope']): vscode.WorkspaceFolder | undefined {
  if (scope !== undefined && typeof scope === 'object') return scope;
  // Workspace-level tasks (in a .code-workspace file) run in the first folder.
  return vscode.workspace.workspaceFolders?.[0];
}

export class VerificationTaskProvider implements vscode.TaskProvider {
  constructor(
    private readonly host: VerificationHost,
    /** The last focused test run in a folder, offered again as a task. */
    private readonly lastFocusedTest: (folder: vscode.WorkspaceFolder) => string | undefined,
    private readonly reportProblem: (message: string) => void,
  ) {}

  async provideTasks(token: vscode.CancellationToken): Promise<vscode.Task[]> {
    const tasks: vscode.Task[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (token.isCancellationRequested) break;
      if (folder.uri.scheme !== 'file') continue; // processes need a local folder
      const requests: VerificationRequest[] = [{ taskId: 'syntax-check' }, { taskId: 'lint' }, { taskId: 'tests' }, { taskId: 'type-check' }, { taskId: 'verify-all' }];
      const testId = this.lastFocusedTest(folder);
      if (testId !== undefined) requests.splice(3, 0, { taskId: 'focused-test', testId });
      for (const request of requests) tasks.push((await createVerificationTask(folder, request, this.host)).task);
    }
    return tasks;
  }

  async resolveTask(task: vscode.Task): Promise<vscode.Task | undefined> {
    if (task.definition.type !== verificationTaskType) return undefined;
    const reading = loadVerificationEngine().readTaskDefinition(task.definition);
    if ('problem' in reading) {
      this.reportProblem(`tasks.json: ${reading.problem}.`);
      return undefined;
    }
    const folder = folderOfTaskScope(task.scope);
    if (folder === undefined) {
      this.reportProblem(`tasks.json: the "${reading.request.taskId}" task needs a workspace folder to run in; open the project's folder first.`);
      return undefined;
    }
    return (await createVerificationTask(folder, reading.request, this.host, task.definition)).task;
  }
}
