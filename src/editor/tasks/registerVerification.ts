// Wires the verification runs into VS Code: the `refactor-runbook` task provider, the run tracker that records
// results in the workspace state, and the palette commands. Returns the API other components (the checklist) and the
// integration tests use: the latest results with a change event, and a way to run a task and await its result.
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { PythonParser } from '../../core/python/pythonParser';
import type { VerificationRequest } from '../../core/verification/verificationPlanner';
import type { VerificationResult } from '../../core/verification/verificationResult';
import type { VerificationResultStore } from '../../core/verification/verificationResultStore';
import type { VerificationHost } from './folderVerificationInputs';
import { loadVerificationEngine, verificationTaskType } from './lazyVerificationEngine';
import { pythonExtensionSelection } from './pythonExtensionInterpreter';
import { registerVerificationCommands } from './verificationCommands';
import { VerificationProblems } from './verificationProblems';
import { VerificationRunTracker } from './verificationRunTracker';
import type { RunOptions, VerificationRunOutcome } from './verificationService';
import { VerificationService } from './verificationService';
import type { PlannedTask } from './verificationTaskProvider';
import { VerificationTaskProvider } from './verificationTaskProvider';

export interface VerificationResults {
  /** The latest result of a task ("tests", "lint", ...) in a folder (its URI), or in any folder when none is given. */
  latestResult(taskId: string, folder?: string): VerificationResult | undefined;
  all(): readonly VerificationResult[];
  /** Fires for every recorded result; a verify-all run fires for itself and for each step that ran. */
  readonly onDidRecord: vscode.Event<VerificationResult>;
}

export interface VerificationApi {
  readonly results: VerificationResults;
  /** Runs a task (refused, starting nothing, in an untrusted workspace) and resolves with its recorded result. */
  run(request: VerificationRequest, options?: RunOptions): Promise<VerificationRunOutcome>;
  /** The task VS Code would run for a request, with its plan (interpreter, arguments, problem matchers). */
  createTask(request: VerificationRequest, folder: vscode.WorkspaceFolder): Promise<PlannedTask>;
  /** Verification tasks running now. */
  runningExecutions(): readonly vscode.TaskExecution[];
}

const lastFocusedTestKey = 'refactorRunbook.lastFocusedTest';

/** A local folder under the workspace's storage (or the global one), or under the temporary folder. */
function localStorageFolder(storage: vscode.Uri, name: string): string {
  return storage.scheme === 'file' ? path.join(storage.fsPath, name) : path.join(os.tmpdir(), `refactor-runbook-${name}`);
}

export function registerVerification(context: vscode.ExtensionContext): VerificationApi {
  const problems = new VerificationProblems();
  context.subscriptions.push(problems);
  const host: VerificationHost = {
    isTrusted: () => vscode.workspace.isTrusted,
    reportFolder: localStorageFolder(context.storageUri ?? context.globalStorageUri, 'verification-reports'),
    onToolFinished: (step) => problems.record(step),
    pythonExtensionSelection,
  };
  const reportProblem = (message: string): void => {
    void vscode.window.showErrorMessage(message);
  };
  const recorded = new vscode.EventEmitter<VerificationResult>();
  // The store (and with it the core) is loaded on first use: the first result read or recorded.
  let loadedStore: VerificationResultStore | undefined;
  const store = (): VerificationResultStore => {
    if (loadedStore === undefined) {
      const created = new (loadVerificationEngine().VerificationResultStore)(context.workspaceState, reportProblem);
      context.subscriptions.push(created.onDidRecord((result) => recorded.fire(result)));
      if (created.droppedOnLoad > 0) {
        void vscode.window.showWarningMessage(`Refactor Runbook dropped ${created.droppedOnLoad} stored verification result(s) it could not read (saved by another version?); run the verification again to refresh them.`);
      }
      loadedStore = created;
    }
    return loadedStore;
  };
  const tracker = new VerificationRunTracker(store, host.reportFolder, reportProblem);
  const service = new VerificationService(host, tracker);

  const focusedTests = (): Record<string, string> => context.workspaceState.get<Record<string, string>>(lastFocusedTestKey) ?? {};
  const provider = new VerificationTaskProvider(host, (folder) => focusedTests()[folder.uri.toString()], reportProblem);

  let parser: Promise<PythonParser> | undefined;
  const loadParser = (): Promise<PythonParser> => {
    const { PythonParser: Parser, wasmLocationIn } = loadVerificationEngine();
    parser ??= Parser.load(wasmLocationIn(vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath)).catch((error: unknown) => {
      parser = undefined; // try again next time rather than keep a failure
      throw error;
    });
    return parser;
  };

  context.subscriptions.push(recorded, tracker, vscode.tasks.registerTaskProvider(verificationTaskType, provider));
  registerVerificationCommands(context, {
    service,
    tracker,
    store,
    isTrusted: host.isTrusted,
    loadParser,
    rememberFocusedTest: (folder, testId) => context.workspaceState.update(lastFocusedTestKey, { ...focusedTests(), [folder.uri.toString()]: testId }),
  });

  return {
    results: {
      latestResult: (taskId, folder) => store().latestResult(taskId, folder),
      all: () => store().all(),
      onDidRecord: recorded.event,
    },
    run: (request, options) => service.run(request, options),
    createTask: (request, folder) => service.createTask(request, folder),
    runningExecutions: () => tracker.runningExecutions(),
  };
}
