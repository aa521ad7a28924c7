// The palette commands: "Run Verification…" (a quick pick showing each task's last result), "Run Focused Test at
// Cursor", "Verify All" and "Terminate Verification Run". Each run shows progress that can be cancelled (which
// terminates the task), and ends with a message that says what happened and where to look.
import * as vscode from 'vscode';
import type { PythonParser } from '../../core/python/pythonParser';
import type { VerificationRequest } from '../../core/verification/verificationPlanner';
import type { VerificationResult } from '../../core/verification/verificationResult';
import type { VerificationResultStore } from '../../core/verification/verificationResultStore';
import type { VerificationTaskId } from '../../core/verification/verificationTaskCatalogue';
import type { FoundTest } from './focusedTestFinder';
import { testAtCursor, testsUnderTestsFolder } from './focusedTestFinder';
import { loadVerificationEngine } from './lazyVerificationEngine';
import type { VerificationRunTracker } from './verificationRunTracker';
import type { VerificationRunOutcome, VerificationService } from './verificationService';

export const verificationCommandIds = {
  runVerification: 'refactorRunbook.runVerification',
  runFocusedTest: 'refactorRunbook.runFocusedTest',
  verifyAll: 'refactorRunbook.verifyAll',
  terminate: 'refactorRunbook.terminateVerification',
} as const;

export interface VerificationCommandDependencies {
  readonly service: VerificationService;
  readonly tracker: VerificationRunTracker;
  /** The result store, loaded on first use. */
  readonly store: () => VerificationResultStore;
  readonly isTrusted: () => boolean;
  readonly loadParser: () => Promise<PythonParser>;
  readonly rememberFocusedTest: (folder: vscode.WorkspaceFolder, testId: string) => Thenable<void>;
}

const taskIcons: Record<VerificationTaskId, string> = {
  'syntax-check': '$(symbol-keyword)',
  lint: '$(checklist)',
  tests: '$(beaker)',
  'focused-test': '$(target)',
  'type-check': '$(symbol-class)',
  'verify-all': '$(check-all)',
};

/** False (after telling the user why and how to trust) in an untrusted workspace. */
function allowedToRun(isTrusted: () => boolean): boolean {
  const { manageTrustCommand, verificationTrustDecision } = loadVerificationEngine();
  const decision = verificationTrustDecision(isTrusted());
  if (decision.allowed) return true;
  void vscode.window.showWarningMessage(decision.message, 'Manage Workspace Trust').then((choice) => {
    if (choice !== undefined) void vscode.commands.executeCommand(manageTrustCommand);
  });
  return false;
}

async function pickFolder(service: VerificationService): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) {
    const folder = service.folderFor();
    if (folder === undefined) void vscode.window.showWarningMessage('Refactor Runbook needs an open folder to run verification in; open the project folder first.');
    return folder;
  }
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Run the verification in which folder?' });
}

function verifyAllSummary(result: VerificationResult): string {
  const { formatDuration, verificationTasks } = loadVerificationEngine();
  const steps = result.steps ?? [];
  const label = (taskId: VerificationTaskId): string => verificationTasks[taskId].label;
  const passed = steps.filter((step) => step.outcome === 'passed').map((step) => label(step.taskId));
  const notRun = steps.filter((step) => step.outcome === 'not-run').map((step) => label(step.taskId));
  const stopped = steps.find((step) => step.outcome === 'failed' || step.outcome === 'cancelled');
  if (result.outcome === 'passed') return `Verify all passed in ${formatDuration(result.durationMs)}: ${passed.join(', ')}.`;
  const stop =
    stopped === undefined
      ? `Verify all ${result.outcome === 'cancelled' ? 'was terminated' : 'failed'}`
      : `Verify all stopped at ${label(stopped.taskId)} (${stopped.outcome === 'cancelled' ? 'terminated' : stopped.problem !== undefined ? 'it could not run' : `exit code ${stopped.exitCode ?? '?'}`})`;
  return `${stop}. Passed: ${passed.length > 0 ? passed.join(', ') : 'none'}. Not run: ${notRun.length > 0 ? notRun.join(', ') : 'none'}.`;
}

function reportOutcome(outcome: VerificationRunOutcome | undefined): void {
  if (outcome === undefined) return;
  if (outcome.kind === 'refused') {
    void vscode.window.showWarningMessage(outcome.message);
    return;
  }
  const { result, plan } = outcome;
  const { formatDuration } = loadVerificationEngine();
  if (result.taskId === 'verify-all') {
    const summary = verifyAllSummary(result);
    if (result.outcome === 'passed') void vscode.window.showInformationMessage(summary);
    else void vscode.window.showWarningMessage(`${summary} See the terminal and the Problems view.`);
    return;
  }
  switch (result.outcome) {
    case 'passed':
      vscode.window.setStatusBarMessage(`$(pass) Refactor Runbook: ${plan.name} passed in ${formatDuration(result.durationMs)}`, 10_000);
      return;
    case 'cancelled':
      void vscode.window.showInformationMessage(`Refactor Runbook: ${plan.name} was terminated; it counts as not passed.`);
      return;
    case 'failed':
      if (result.problem !== undefined) void vscode.window.showErrorMessage(`Refactor Runbook: ${plan.name} did not run. ${result.problem.replaceAll('\n', ' ')}`);
      else void vscode.window.showWarningMessage(`Refactor Runbook: ${plan.name} failed with exit code ${result.exitCode ?? '?'} after ${formatDuration(result.durationMs)}. See the terminal and the Problems view.`);
  }
}

export function registerVerificationCommands(context: vscode.ExtensionContext, dependencies: VerificationCommandDependencies): void {
  const { service, tracker } = dependencies;

  const runWithProgress = (request: VerificationRequest, folder: vscode.WorkspaceFolder): Thenable<void> => {
    const { verificationTasks } = loadVerificationEngine();
    const name = request.taskId === 'focused-test' ? `focused test ${request.testId ?? ''}` : verificationTasks[request.taskId].label;
    return vscode.window
      .withProgress({ location: vscode.ProgressLocation.Notification, title: `Refactor Runbook: ${name}`, cancellable: true }, (progress, token) => {
        progress.report({ message: 'running in the terminal (Cancel terminates it)…' });
        return service.run(request, { folder, token });
      })
      .then(reportOutcome, (error: unknown) => {
        void vscode.window.showErrorMessage(`Refactor Runbook could not run ${name}: ${error instanceof Error ? error.message : String(error)}`);
      });
  };

  const runFocusedTest = async (testIdArgument?: unknown): Promise<void> => {
    if (!allowedToRun(dependencies.isTrusted)) return;
    const editor = vscode.window.activeTextEditor;
    const editorFolder = editor === undefined ? undefined : vscode.workspace.getWorkspaceFolder(editor.document.uri);
    const folder = editorFolder ?? (await pickFolder(service));
    if (folder === undefined) return;
    let testId: string | undefined = typeof testIdArgument === 'string' ? testIdArgument : undefined;
    if (testId === undefined) {
      const parser = await dependencies.loadParser();
      const atCursor = editor !== undefined && editorFolder !== undefined && editor.document.languageId === 'python' ? testAtCursor(parser, folder, editor) : undefined;
      testId = atCursor?.nodeId ?? (await pickTest(parser, folder, editor !== undefined))?.nodeId;
    }
    if (testId === undefined) return;
    const problem = loadVerificationEngine().testIdProblem(testId);
    if (problem !== undefined) {
      void vscode.window.showErrorMessage(`Refactor Runbook: ${problem}.`);
      return;
    }
    await dependencies.rememberFocusedTest(folder, testId);
    await runWithProgress({ taskId: 'focused-test', testId }, folder);
  };

  const pickTest = async (parser: PythonParser, folder: vscode.WorkspaceFolder, hadEditor: boolean): Promise<FoundTest | undefined> => {
    const tests = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Finding tests under tests/', cancellable: true }, (_progress, token) =>
      testsUnderTestsFolder(parser, folder, token),
    );
    if (tests.length === 0) {
      void vscode.window.showWarningMessage(`Refactor Runbook found no pytest tests under tests/ in ${folder.name} (files named test_*.py or *_test.py with test* functions or Test* classes). Open a test file and put the cursor in a test, or add tests.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      tests.map((test) => ({ label: test.nodeId, description: test.kind === 'class' ? 'class' : '', test })),
      { placeHolder: hadEditor ? 'The cursor is not inside a test: pick the test to run' : 'Pick the test to run', matchOnDescription: true },
    );
    return picked?.test;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(verificationCommandIds.runVerification, async () => {
      if (!allowedToRun(dependencies.isTrusted)) return;
      const folder = await pickFolder(service);
      if (folder === undefined) return;
      const { describeResult, verificationTasks } = loadVerificationEngine();
      const store = dependencies.store();
      const now = Date.now();
      const ids: VerificationTaskId[] = ['syntax-check', 'lint', 'tests', 'focused-test', 'type-check', 'verify-all'];
      const picked = await vscode.window.showQuickPick(
        ids.map((id) => {
          const last = store.latestResult(id, folder.uri.toString());
          const label = id === 'focused-test' ? 'focused test at the cursor' : verificationTasks[id].label;
          return { label: `${taskIcons[id]} ${label}`, description: last === undefined ? 'not run yet' : `last: ${describeResult(last, now)}`, detail: verificationTasks[id].description, id };
        }),
        { placeHolder: `Run which verification in ${folder.name}?`, matchOnDetail: true },
      );
      if (picked === undefined) return;
      if (picked.id === 'focused-test') await runFocusedTest();
      else await runWithProgress({ taskId: picked.id }, folder);
    }),
    vscode.commands.registerCommand(verificationCommandIds.runFocusedTest, runFocusedTest),
    vscode.commands.registerCommand(verificationCommandIds.verifyAll, async () => {
      if (!allowedToRun(dependencies.isTrusted)) return;
      const folder = await pickFolder(service);
      if (folder !== undefined) await runWithProgress({ taskId: 'verify-all' }, folder);
    }),
    vscode.commands.registerCommand(verificationCommandIds.terminate, async () => {
      const running = tracker.runningExecutions();
      if (running.length === 0) {
        void vscode.window.showInformationMessage('Refactor Runbook: no verification is running.');
        return;
      }
      const chosen =
        running.length === 1
          ? running[0]
          : (
              await vscode.window.showQuickPick(
                running.map((execution) => ({ label: execution.task.name, description: typeof execution.task.scope === 'object' ? execution.task.scope.name : '', execution })),
                { placeHolder: 'Terminate which verification run?' },
              )
            )?.execution;
      if (chosen !== undefined) tracker.terminate(chosen);
    }),
  );
}
