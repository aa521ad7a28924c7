// The checklist's commands: title actions (refresh, expand all, Copy as Markdown) and item actions (mark done,
// reopen, re-verify, open the related file or location, run the item's verification task). Item commands take the
// tree node VS Code passes (or an item id) and are hidden from the command palette, which cannot supply one.
import { statSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MarkdownScope } from '../../core/checklist/checklistMarkdown';
import type { ChecklistLocation, ItemResult } from '../../core/checklist/checklistResult';
import type { ExtensionLog } from '../log';
import type { ChecklistController } from './checklistController';
import { checklistViewId, ProgressNotSavedError } from './checklistController';
import { showChecklistCommand } from './checklistStatusBar';
import { openLocationCommand } from './checklistTreeItems';
import { loadChecklistEngine } from './lazyChecklistEngine';
import type { ChecklistNode } from './checklistTreeItems';
import type { ChecklistTreeProvider } from './checklistTreeProvider';

export const checklistCommands = {
  refresh: 'refactorRunbook.checklist.refresh',
  expandAll: 'refactorRunbook.checklist.expandAll',
  copyAsMarkdown: 'refactorRunbook.checklist.copyAsMarkdown',
  copyAllAsMarkdown: 'refactorRunbook.checklist.copyAllAsMarkdown',
  markDone: 'refactorRunbook.checklist.markDone',
  reopen: 'refactorRunbook.checklist.reopen',
  reverify: 'refactorRunbook.checklist.reverify',
  openRelatedFile: 'refactorRunbook.checklist.openRelatedFile',
  openLocation: openLocationCommand,
  runVerification: 'refactorRunbook.checklist.runVerification',
} as const;

/** What the tick commands report back (the integration tests read it; the user sees a message). */
export type ProgressCommandResult = { readonly saved: true } | { readonly saved: false; readonly reason: string };

/** The verification tasks' task type (their task definitions are `{"type": "refactor-runbook", "task": "<id>"}`). */
const verificationTaskType = 'refactor-runbook';

export interface ChecklistCommandContext {
  readonly controller: () => ChecklistController | undefined;
  readonly provider: ChecklistTreeProvider;
  readonly treeView: vscode.TreeView<ChecklistNode>;
  readonly log: ExtensionLog;
}

type ItemArgument = ChecklistNode | string | undefined;

function requireController(context: ChecklistCommandContext): ChecklistController {
  const controller = context.controller();
  if (controller === undefined) throw new Error('Refactor Runbook has no checklist here: open a folder that contains Python files.');
  return controller;
}

function resolveItem(context: ChecklistCommandContext, argument: ItemArgument): ItemResult {
  const evaluation = context.controller()?.evaluation();
  const item =
    typeof argument === 'string'
      ? evaluation?.steps.flatMap((step) => step.items).find((candidate) => candidate.id === argument)
      : argument?.kind === 'item'
        ? context.provider.item(argument)
        : undefined;
  if (item === undefined) throw new Error(`This command needs a checklist item (right-click one in the Refactor Runbook view)${typeof argument === 'string' ? `; there is no item "${argument}"` : ''}.`);
  return item;
}

async function openAt(controller: ChecklistController, relativePath: string, location?: ChecklistLocation): Promise<void> {
  const absolute = path.join(controller.folder.uri.fsPath, ...relativePath.split('/'));
  let isFolder = false;
  try {
    isFolder = statSync(absolute).isDirectory();
  } catch {
    throw new Error(`${relativePath} does not exist in ${controller.folder.name}.`);
  }
  const uri = vscode.Uri.file(absolute);
  if (isFolder) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
    return;
  }
  const position = location === undefined ? undefined : new vscode.Position(location.line - 1, Math.max(0, (location.column ?? 1) - 1));
  await vscode.window.showTextDocument(uri, { preview: true, ...(position === undefined ? {} : { selection: new vscode.Range(position, position) }) });
}

async function copyAsMarkdown(context: ChecklistCommandContext, argument: ChecklistNode | string | undefined): Promise<string | undefined> {
  const evaluation = requireController(context).evaluation();
  if (evaluation === undefined) throw new Error('The checklist has not been evaluated yet; try again in a moment.');
  let scope: MarkdownScope | undefined;
  if (argument === 'all') scope = { kind: 'all' };
  else if (typeof argument === 'string') scope = { kind: 'step', stepId: argument };
  else if (argument !== undefined) scope = { kind: 'step', stepId: argument.stepId };
  else {
    const choices: (vscode.QuickPickItem & { readonly scope: MarkdownScope })[] = [
      { label: 'Whole checklist', scope: { kind: 'all' } },
      ...evaluation.steps.map((step) => ({ label: `${step.number}. ${step.title}`, description: `${step.done}/${step.total}`, scope: { kind: 'step', stepId: step.id } as const })),
    ];
    const picked = await vscode.window.showQuickPick(choices, { title: 'Copy as Markdown', placeHolder: 'Copy the whole checklist or one step as a GitHub task list' });
    scope = picked?.scope;
  }
  if (scope === undefined) return undefined;
  const markdown = loadChecklistEngine().checklistToMarkdown(evaluation, scope);
  await vscode.env.clipboard.writeText(markdown);
  const what = scope.kind === 'all' ? 'the checklist' : `step "${evaluation.steps.find((step) => step.id === (scope as { stepId: string }).stepId)?.title ?? ''}"`;
  void vscode.window.showInformationMessage(`Copied ${what} as a Markdown task list; paste it into the pull request description.`);
  return markdown;
}

async function changeTick(context: ChecklistCommandContext, argument: ItemArgument, action: 'markDone' | 'reopen'): Promise<ProgressCommandResult> {
  const controller = requireController(context);
  const item = resolveItem(context, argument);
  try {
    await (action === 'markDone' ? controller.markDone(item.id) : controller.reopen(item.id));
    return { saved: true };
  } catch (error) {
    if (!(error instanceof ProgressNotSavedError)) throw error;
    context.log.warn(`Checklist: ${error.message}`);
    void vscode.window.showErrorMessage(error.message, 'Open Progress File').then((choice) => {
      if (choice !== undefined) void vscode.window.showTextDocument(vscode.Uri.file(controller.progressFilePath));
    });
    return { saved: false, reason: error.message };
  }
}

async function runItemVerification(context: ChecklistCommandContext, argument: ItemArgument): Promise<void> {
  const controller = requireController(context);
  const item = resolveItem(context, argument);
  const taskId = item.tasks[0];
  if (taskId === undefined) throw new Error(`"${item.title}" is verified from the code alone; use Re-verify instead.`);
  const tasks = await vscode.tasks.fetchTasks({ type: verificationTaskType });
  const task = tasks.find((candidate) => candidate.definition.task === taskId && (typeof candidate.scope !== 'object' || candidate.scope.uri.toString() === controller.folder.uri.toString()));
  if (task === undefined) {
    throw new Error(`No "${verificationTaskType}" task "${taskId}" is available for ${controller.folder.name}, so "${item.title}" cannot be verified by a run here. Check Tasks: Run Task for the Refactor Runbook tasks.`);
  }
  await vscode.tasks.executeTask(task);
}

/** Runs a command body and shows its error instead of failing silently in the palette or the tree. */
function reported<A extends unknown[], R>(log: ExtensionLog, body: (...args: A) => Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await body(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`Checklist: ${message}`);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  };
}

export function registerChecklistCommands(context: ChecklistCommandContext): vscode.Disposable {
  const { log } = context;
  return vscode.Disposable.from(
    vscode.commands.registerCommand(showChecklistCommand, () => vscode.commands.executeCommand(`${checklistViewId}.focus`)),
    vscode.commands.registerCommand(
      checklistCommands.refresh,
      reported(log, async () => {
        await requireController(context).reload('refresh requested');
      }),
    ),
    vscode.commands.registerCommand(
      checklistCommands.expandAll,
      reported(log, async () => {
        for (const step of context.controller()?.evaluation()?.steps ?? []) {
          await context.treeView.reveal(context.provider.stepNode(step.id), { expand: true, select: false, focus: false });
        }
      }),
    ),
    vscode.commands.registerCommand(checklistCommands.copyAsMarkdown, reported(log, (argument?: ChecklistNode | string) => copyAsMarkdown(context, argument))),
    // The view-title button: VS Code passes it the selected row, which must not narrow the copy to that row's step.
    vscode.commands.registerCommand(checklistCommands.copyAllAsMarkdown, reported(log, () => copyAsMarkdown(context, 'all'))),
    vscode.commands.registerCommand(checklistCommands.markDone, reported(log, (argument?: ItemArgument) => changeTick(context, argument, 'markDone'))),
    vscode.commands.registerCommand(checklistCommands.reopen, reported(log, (argument?: ItemArgument) => changeTick(context, argument, 'reopen'))),
    vscode.commands.registerCommand(
      checklistCommands.reverify,
      reported(log, async (argument?: ItemArgument) => {
        await requireController(context).reverify(resolveItem(context, argument).id);
      }),
    ),
    vscode.commands.registerCommand(
      checklistCommands.openRelatedFile,
      reported(log, async (argument?: ItemArgument) => {
        const item = resolveItem(context, argument);
        const file = item.file ?? item.location?.path;
        if (file === undefined) throw new Error(`"${item.title}" names no file.`);
        await openAt(requireController(context), file);
      }),
    ),
    vscode.commands.registerCommand(
      checklistCommands.openLocation,
      reported(log, async (argument?: ItemArgument) => {
        const item = resolveItem(context, argument);
        const controller = requireController(context);
        if (item.location !== undefined) await openAt(controller, item.location.path, item.location);
        else if (item.file !== undefined) await openAt(controller, item.file);
        else throw new Error(`"${item.title}" has no file or location to open.`);
      }),
    ),
    vscode.commands.registerCommand(checklistCommands.runVerification, reported(log, (argument?: ItemArgument) => runItemVerification(context, argument))),
  );
}
