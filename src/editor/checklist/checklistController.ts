// The checklist of one workspace folder inside VS Code: loads the project (layout, overrides), keeps a checklist
// session, re-verifies what file changes affect, reads and writes the shared progress file, and tells the views when
// anything changed. Verification runs one at a time; a newer request cancels the running one, and the items it did
// not reach stay pending for the next run, so nothing is lost and nothing is verified twice.
import path from 'node:path';
import * as vscode from 'vscode';
import type { ChecklistProject } from '../../core/checklist/checklistProjectFile';
import type { ChecklistEvaluation } from '../../core/checklist/checklistResult';
import type { ChecklistSession } from '../../core/checklist/checklistSession';
import type { ChecklistSettings } from '../../core/checklist/checklistSettings';
import type { FileChange } from '../../core/checklist/checklistWorkspace';
import type { ProgressChange, ProgressState, ProgressStore } from '../../core/checklist/progressStore';
import type { TaskResultSource } from '../../core/checklist/taskResultSource';
import type { ProjectFileProblem } from '../../core/config/projectFile';
import { projectFileName } from '../../core/config/projectFileName';
import type { ExtensionLog } from '../log';
import { loadChecklistEngine } from './lazyChecklistEngine';

export const checklistViewId = 'refactorRunbook.checklist';

export type ChecklistStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'project-invalid'; readonly filePath: string; readonly problems: readonly ProjectFileProblem[] }
  | { readonly kind: 'failed'; readonly message: string };

/** Why a tick or reopen was not saved (the progress file is malformed, unreadable, or the item is not manual). */
export class ProgressNotSavedError extends Error {}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ChecklistController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the evaluation, the progress or the status changed. */
  readonly onDidChange = this.changed.event;
  private session: ChecklistSession | undefined;
  private project: ChecklistProject | undefined;
  private progressState: ProgressState = { kind: 'missing' };
  private statusState: ChecklistStatus = { kind: 'idle' };
  private taskResults: TaskResultSource | undefined;
  private queue: Promise<void> = Promise.resolve();
  private runningVerification: vscode.CancellationTokenSource | undefined;
  private cachedEvaluation: ChecklistEvaluation | undefined;
  private disposed = false;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly extensionUri: vscode.Uri,
    private readonly log: ExtensionLog,
    private readonly settings: () => ChecklistSettings,
  ) {
    // Reading one small JSON file lets the tree show the steps ("not verified yet") before the parser has loaded.
    this.loadProject();
  }

  /** Reads the project file; on success the checklist's steps are known, otherwise the status says why not. */
  private loadProject(): ChecklistProject | undefined {
    const loaded = loadChecklistEngine().loadChecklistProject(this.folder.uri.fsPath);
    if (!loaded.ok) {
      this.session = undefined;
      this.project = undefined;
      this.statusState = { kind: 'project-invalid', filePath: loaded.filePath, problems: loaded.problems };
      this.log.warn(`Checklist: ${loaded.filePath} is invalid, so the checklist cannot be evaluated until it is fixed (${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}).`);
      return undefined;
    }
    this.project = loaded.value;
    this.statusState = { kind: 'loading' };
    return loaded.value;
  }

  get status(): ChecklistStatus {
    return this.statusState;
  }

  get progress(): ProgressState {
    return this.progressState;
  }

  get checklistProject(): ChecklistProject | undefined {
    return this.project;
  }

  get progressFilePath(): string {
    return path.join(this.folder.uri.fsPath, ...this.settings().progressFile.split('/'));
  }

  /** The project file that configures this folder (it may not exist). */
  get projectFilePath(): string {
    const source = this.project?.project.source;
    return source?.kind === 'file' ? source.path : path.join(this.folder.uri.fsPath, projectFileName);
  }

  /** The current state of every item, or undefined before the first load. */
  evaluation(): ChecklistEvaluation | undefined {
    if (this.cachedEvaluation === undefined) {
      const engine = loadChecklistEngine();
      const ticks = engine.ticksOfState(this.progressState);
      if (this.session !== undefined) this.cachedEvaluation = this.session.evaluator.snapshot(ticks);
      else if (this.project !== undefined) this.cachedEvaluation = engine.snapshotChecklist(this.project.steps, ticks, () => ({}));
    }
    return this.cachedEvaluation;
  }

  /** Settles when every queued load, read and verification has finished. */
  async whenIdle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.queue) {
      seen = this.queue;
      await seen;
    }
  }

  private notify(): void {
    this.cachedEvaluation = undefined;
    if (!this.disposed) this.changed.fire();
  }

  /** Runs `work` after everything queued before it; its error reaches the caller and the log, never the queue. */
  private run<T>(description: string, work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.then(
      () => undefined,
      (error: unknown) => {
        this.log.error(`Checklist: ${description} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      },
    );
    return result;
  }

  /** Like run, for work nobody waits on: the returned promise never rejects (the error is logged). */
  private enqueue(description: string, work: () => Promise<void>): Promise<void> {
    this.run(description, work).catch(() => undefined);
    return this.queue;
  }

  /** (Re)loads the project file, builds a fresh session, reads the progress file and verifies every item. */
  reload(reason: string): Promise<void> {
    this.runningVerification?.cancel();
    return this.enqueue('loading the checklist', async () => {
      this.log.info(`Checklist: loading (${reason}).`);
      this.session = undefined;
      const project = this.loadProject();
      const engine = loadChecklistEngine();
      this.progressState = await new engine.ProgressStore(this.progressFilePath).read();
      this.notify();
      if (project === undefined) return;
      try {
        this.session = await engine.createChecklistSession({
          checklistProject: project,
          wasm: engine.wasmLocationIn(vscode.Uri.joinPath(this.extensionUri, 'dist').fsPath),
          ...(this.taskResults === undefined ? {} : { taskResults: this.taskResults }),
        });
      } catch (error) {
        this.session = undefined;
        this.statusState = { kind: 'failed', message: `The checklist could not start: ${errorText(error)}` };
        this.log.error(`Checklist: ${this.statusState.message}`);
        this.notify();
        return;
      }
      this.log.info(`Checklist: ${project.project.source.kind === 'file' ? `using ${project.project.source.path}` : project.project.source.reason}${project.customized ? ' (with checklist overrides)' : ''}.`);
      this.statusState = { kind: 'ready' };
      this.notify();
      await this.runVerification();
    });
  }

  /** Files changed on disk: the affected items turn stale at once and are re-verified in the queue. */
  filesChanged(changes: readonly FileChange[]): void {
    if (this.session === undefined || changes.length === 0) return;
    const affected = this.session.evaluator.fileChanged(changes);
    this.log.trace(`Checklist: ${changes.length} change${changes.length === 1 ? '' : 's'} (${changes.map((change) => `${change.kind} ${change.path}`).join(', ')}) affect ${affected.length === 0 ? 'no item' : affected.join(', ')}.`);
    if (affected.length === 0) return;
    this.notify();
    void this.requestVerification();
  }

  /** Re-verifies one item, or every verified item. */
  reverify(itemId?: string): Promise<void> {
    this.session?.evaluator.invalidate(itemId);
    this.notify();
    return this.requestVerification();
  }

  /** New verification task results: items that depend on those tasks are re-verified. */
  taskResultsChanged(taskIds: readonly string[]): void {
    if (this.session === undefined) return;
    if (this.session.evaluator.taskResultsChanged(taskIds).length > 0) {
      this.notify();
      void this.requestVerification();
    }
  }

  /** Uses `source` for task-passed checks from now on (the session is rebuilt so every item sees it). */
  useTaskResults(source: TaskResultSource): Promise<void> {
    this.taskResults = source;
    return this.reload('verification task results became available');
  }

  private requestVerification(): Promise<void> {
    this.runningVerification?.cancel();
    return this.enqueue('verifying the checklist', () => this.runVerification());
  }

  private async runVerification(): Promise<void> {
    const session = this.session;
    if (session === undefined || session.evaluator.pendingItems().length === 0) return;
    const cancellation = new vscode.CancellationTokenSource();
    this.runningVerification = cancellation;
    try {
      await vscode.window.withProgress({ location: { viewId: checklistViewId } }, async () => {
        const stats = await session.evaluator.verify({ isCancelled: () => cancellation.token.isCancellationRequested || this.disposed });
        this.log.trace(
          `Checklist: verified ${stats.itemsVerified} item${stats.itemsVerified === 1 ? '' : 's'} in ${stats.elapsedMs.toFixed(0)} ms ` +
            `(read ${stats.work.reads}, parsed ${stats.work.parses}, analysed ${stats.work.analyses} file${stats.work.analyses === 1 ? '' : 's'})${stats.cancelled ? '; superseded by a newer run' : ''}.`,
        );
      });
    } finally {
      if (this.runningVerification === cancellation) this.runningVerification = undefined;
      cancellation.dispose();
    }
    this.notify();
  }

  /** The progress file changed on disk (a pull, another window): read it again, never write it. */
  progressFileChanged(): Promise<void> {
    return this.enqueue('reading the progress file', async () => {
      this.progressState = await new (loadChecklistEngine().ProgressStore)(this.progressFilePath).read();
      this.log.info(`Checklist: reloaded ${this.progressFilePath} (${this.progressState.kind}).`);
      this.notify();
    });
  }

  /** Ticks a manual item; throws ProgressNotSavedError with the reason when the file cannot be written. */
  async markDone(itemId: string): Promise<void> {
    this.requireManual(itemId);
    let by: string | undefined;
    if (this.settings().recordAuthor) {
      const name = await loadChecklistEngine().gitUserName(this.folder.uri.fsPath);
      if (name.name === undefined) this.log.info(`Checklist: the tick of ${itemId} is recorded without a name: ${name.reason}.`);
      by = name.name;
    }
    const at = new Date().toISOString();
    await this.changeProgress(`tick ${itemId}`, (store) => store.tick(itemId, by === undefined ? { at } : { at, by }));
  }

  async reopen(itemId: string): Promise<void> {
    this.requireManual(itemId);
    await this.changeProgress(`reopen ${itemId}`, (store) => store.reopen(itemId));
  }

  private requireManual(itemId: string): void {
    const item = this.project?.steps.flatMap((step) => step.items).find((candidate) => candidate.id === itemId);
    if (item === undefined) throw new ProgressNotSavedError(`There is no checklist item "${itemId}".`);
    if (!loadChecklistEngine().canBeTicked(item)) throw new ProgressNotSavedError(`"${item.title}" verifies itself from the code; only manual items can be ticked or reopened.`);
  }

  private async changeProgress(description: string, change: (store: ProgressStore) => Promise<ProgressChange>): Promise<void> {
    const result = await this.run(description, async () => {
      const outcome = await change(new (loadChecklistEngine().ProgressStore)(this.progressFilePath));
      this.progressState = outcome.state;
      this.notify();
      return outcome;
    });
    if (!result.ok) throw new ProgressNotSavedError(result.reason);
    this.log.info(`Checklist: ${description}: ${result.written ? `wrote ${this.progressFilePath}` : 'already so, nothing written'}.`);
  }

  dispose(): void {
    this.disposed = true;
    this.runningVerification?.cancel();
    this.changed.dispose();
  }
}
