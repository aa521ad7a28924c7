// The Refactor Runbook checklist in VS Code: the tree in the sidebar with its badge and message, the status bar item,
// diagnostics on the progress file, the file watcher and the commands, all around one controller for the workspace's
// first folder. Everything registered here goes into context.subscriptions.
import * as vscode from 'vscode';
import type { ChecklistEvaluation, ItemResult } from '../../core/checklist/checklistResult';
import type { ChecklistSettings } from '../../core/checklist/checklistSettings';
import type { TaskResult, TaskResultSource } from '../../core/checklist/taskResultSource';
import type { ExtensionLog } from '../log';
import type { PythonPresence } from '../pythonPresence';
import { registerChecklistCommands } from './checklistCommands';
import { ChecklistController, checklistViewId } from './checklistController';
import { ChecklistDiagnostics } from './checklistDiagnostics';
import { watchChecklistFiles } from './checklistFileWatching';
import { loadChecklistEngine } from './lazyChecklistEngine';
import { ChecklistStatusBar } from './checklistStatusBar';
import type { ChecklistNode } from './checklistTreeItems';
import { ChecklistTreeProvider } from './checklistTreeProvider';
import { reportSettingProblems } from '../settingProblems';

export { checklistViewId };

/** The `refactorRunbook.checklist.*` settings (validated by readChecklistSettings in the core). */
const checklistSettingsSection = 'refactorRunbook.checklist';
export type { ChecklistNode };

/** Task results as the verification tasks keep them: per workspace folder (URI string), with a change event. */
export interface FolderTaskResults {
  latestResult(taskId: string, folder?: string): TaskResult | undefined;
  onDidRecord(listener: (result: TaskResult & { readonly folder?: string }) => void): { dispose(): void };
}

/** What the extension exposes about the checklist (to the integration tests and to the verification tasks). */
export interface ChecklistView {
  readonly provider: vscode.TreeDataProvider<ChecklistNode>;
  readonly treeView: vscode.TreeView<ChecklistNode>;
  /** The current state of every item, or undefined before the first evaluation. */
  evaluation(): ChecklistEvaluation | undefined;
  item(itemId: string): ItemResult | undefined;
  /** Settles once loading, reading the progress file and verifying have finished. */
  whenIdle(): Promise<void>;
  /** The progress file of the checklist's folder (it may not exist yet). */
  progressFilePath(): string | undefined;
  /** The status bar text, e.g. "$(checklist) Runbook 10/21". */
  statusBarText(): string;
  /** Hands the checklist the verification tasks' results: task-passed checks read them from now on. */
  useTaskResults(results: FolderTaskResults): vscode.Disposable;
}

function progressMessage(controller: ChecklistController): string | undefined {
  const status = controller.status;
  if (status.kind === 'project-invalid') {
    const first = status.problems[0];
    const where = first === undefined ? '' : ` (${first.line === undefined ? '' : `line ${first.line}: `}${first.keyPath}: ${first.message})`;
    return `${status.filePath} is invalid${where}, so the checklist cannot be evaluated until it is fixed. See the Problems view.`;
  }
  if (status.kind === 'failed') return status.message;
  const progress = controller.progress;
  if (progress.kind === 'malformed') {
    const first = progress.problems[0];
    return `The progress file is malformed${first === undefined ? '' : ` (line ${first.line}, column ${first.column}: ${first.message})`}: manual items show as open and ticks cannot be saved until it is fixed. The file is left as it is.`;
  }
  if (progress.kind === 'unreadable') return `${progress.detail}: manual items show as open.`;
  return undefined;
}

export function registerChecklistView(context: vscode.ExtensionContext, pythonPresence: PythonPresence, log: ExtensionLog): ChecklistView {
  // Read on first use (after activation), because validating them loads the checklist engine.
  let settingsCache: ChecklistSettings | undefined;
  const settings = (): ChecklistSettings => (settingsCache ??= readSettings());
  let controller: ChecklistController | undefined;
  let controllerSubscriptions: vscode.Disposable | undefined;

  function readSettings(): ChecklistSettings {
    const configuration = vscode.workspace.getConfiguration(checklistSettingsSection);
    const read = loadChecklistEngine().readChecklistSettings((key) => configuration.get(key));
    reportSettingProblems(read.problems, log);
    return read.settings;
  }

  const provider = new ChecklistTreeProvider(() => controller, pythonPresence);
  const treeView = vscode.window.createTreeView(checklistViewId, { treeDataProvider: provider, showCollapseAll: true });
  const statusBar = new ChecklistStatusBar();
  const diagnostics = new ChecklistDiagnostics();

  const render = (): void => {
    provider.refresh();
    const evaluation = controller?.evaluation();
    const remaining = evaluation === undefined ? 0 : loadChecklistEngine().remainingCount(evaluation.summary);
    treeView.badge = remaining > 0 ? { value: remaining, tooltip: `${remaining} checklist item${remaining === 1 ? '' : 's'} not done yet` } : undefined;
    treeView.description = evaluation === undefined ? undefined : `${evaluation.summary.passed + evaluation.summary.manualDone}/${evaluation.summary.total} done`;
    treeView.message = controller === undefined ? undefined : progressMessage(controller);
    statusBar.update(controller, controller !== undefined && settings().showStatusBar && pythonPresence.hasPythonFiles);
    diagnostics.update(controller);
  };

  /** One controller for the first workspace folder; rebuilt when the folders change. */
  const startController = (): void => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (controller !== undefined && controller.folder.uri.toString() === folder?.uri.toString()) return;
    controllerSubscriptions?.dispose();
    controller = undefined;
    controllerSubscriptions = undefined;
    if (folder === undefined || !pythonPresence.hasPythonFiles) {
      render();
      return;
    }
    const created = new ChecklistController(folder, context.extensionUri, log, settings);
    controller = created;
    controllerSubscriptions = vscode.Disposable.from(created, created.onDidChange(render), watchChecklistFiles(created, () => settings().reverifyDelayMs));
    void (taskResults === undefined ? created.reload('the workspace opened') : created.useTaskResults(taskResultSourceFor(folder)));
  };

  let taskResults: FolderTaskResults | undefined;
  /** The verification tasks keep results per folder; the checklist reads its own folder's. */
  const taskResultSourceFor = (folder: vscode.WorkspaceFolder): TaskResultSource => ({ latestResult: (taskId) => taskResults?.latestResult(taskId, folder.uri.toString()) });
  const started = pythonPresence.ready.then(startController);

  context.subscriptions.push(
    provider,
    treeView,
    statusBar,
    diagnostics,
    new vscode.Disposable(() => {
      controllerSubscriptions?.dispose();
    }),
    pythonPresence.onDidChange(() => {
      startController();
      render();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => startController()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(checklistSettingsSection)) return;
      const previous = settingsCache;
      settingsCache = readSettings();
      if (previous !== undefined && previous.progressFile !== settingsCache.progressFile) void controller?.progressFileChanged();
      render();
    }),
    registerChecklistCommands({ controller: () => controller, provider, treeView, log }),
  );

  return {
    provider,
    treeView,
    evaluation: () => controller?.evaluation(),
    item: (itemId) =>
      controller
        ?.evaluation()
        ?.steps.flatMap((step) => step.items)
        .find((item) => item.id === itemId),
    whenIdle: async () => {
      await started;
      await controller?.whenIdle();
    },
    progressFilePath: () => controller?.progressFilePath,
    statusBarText: () => statusBar.text,
    useTaskResults: (results) => {
      taskResults = results;
      // A controller started later picks the results up itself (startController).
      if (controller !== undefined) void controller.useTaskResults(taskResultSourceFor(controller.folder));
      const subscription = results.onDidRecord((result) => {
        if (controller !== undefined && (result.folder === undefined || result.folder === controller.folder.uri.toString())) controller.taskResultsChanged([result.taskId]);
      });
      const disposable = new vscode.Disposable(() => subscription.dispose());
      context.subscriptions.push(disposable);
      return disposable;
    },
  };
}
