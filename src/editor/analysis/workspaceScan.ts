// "Refactor Runbook: Scan Workspace": finds the files the CLI would check (same walker: include/exclude, .gitignore,
// no virtualenvs) in every workspace folder and analyses those that are not open, with a cancellable progress
// notification. Unchanged files reuse their cached results, so a rescan costs little.
import * as vscode from 'vscode';
import { loadEngine } from '../lazyEngine';
import type { ExtensionLog } from '../log';
import type { AnalysisController } from './analysisController';

export interface ScanSummary {
  readonly files: number;
  readonly findings: number;
  /** Findings per rule id, over every file with published findings. */
  readonly findingsByRule: Readonly<Record<string, number>>;
  readonly skipped: number;
  readonly cancelled: boolean;
  readonly milliseconds: number;
}

// Yield to the extension host this often so typing, hovers and other extensions stay responsive during a scan.
const sliceMilliseconds = 15;

export async function scanWorkspace(controller: AnalysisController, log: ExtensionLog, progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken): Promise<ScanSummary> {
  const started = performance.now();
  const openDocuments = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
  const targets: vscode.Uri[] = [];
  let skipped = 0;
  for (const workspaceFolder of vscode.workspace.workspaceFolders ?? []) {
    const folder = await controller.folderFor(workspaceFolder.uri);
    if (folder === undefined) continue;
    const settings = folder.project.settings;
    const walked = loadEngine().walkWorkspace({ rootDirectory: folder.folderPath, targets: [folder.folderPath], include: settings.include, exclude: settings.exclude });
    for (const skip of walked.skipped) log.trace(`scan: skipped ${skip.relativePath} (${skip.kind}: ${skip.detail})`);
    skipped += walked.skipped.length;
    for (const file of walked.files) {
      const uri = vscode.Uri.file(file.absolutePath);
      if (!openDocuments.has(uri.toString())) targets.push(uri);
    }
  }
  controller.workspaceScanned = true;
  progress.report({ message: `0 of ${targets.length} files` });

  let done = 0;
  let reportedPercent = 0;
  let sliceStart = performance.now();
  for (const uri of targets) {
    if (token.isCancellationRequested) break;
    await controller.analyzeDiskFile(uri, true);
    done++;
    if (performance.now() - sliceStart > sliceMilliseconds) {
      const percent = (100 * done) / targets.length;
      progress.report({ message: `${done} of ${targets.length} files`, increment: percent - reportedPercent });
      reportedPercent = percent;
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  if (!token.isCancellationRequested) {
    // A complete scan is the truth for files that are not open: drop what it no longer reaches (now excluded,
    // ignored, or in a folder that went away).
    const reached = new Set([...targets, ...vscode.workspace.textDocuments.map((document) => document.uri)].map((uri) => uri.toString()));
    for (const published of [...controller.allPublished()]) {
      if (!reached.has(published.uri.toString())) controller.clear(published.uri);
    }
  }
  let findings = 0;
  const findingsByRule: Record<string, number> = {};
  for (const published of controller.allPublished()) {
    findings += published.findings.length;
    for (const finding of published.findings) findingsByRule[finding.rule] = (findingsByRule[finding.rule] ?? 0) + 1;
  }
  const summary: ScanSummary = { files: done, findings, findingsByRule, skipped, cancelled: token.isCancellationRequested, milliseconds: Math.round(performance.now() - started) };
  log.info(`scan: ${summary.cancelled ? 'cancelled after' : 'analysed'} ${done} of ${targets.length} files in ${summary.milliseconds} ms; ${findings} findings; ${skipped} paths skipped by the walker`);
  return summary;
}

export function runWorkspaceScanWithProgress(controller: AnalysisController, log: ExtensionLog, token?: vscode.CancellationToken): Thenable<ScanSummary> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Refactor Runbook: scanning the workspace', cancellable: true },
    (progress, progressToken): Promise<ScanSummary> => {
      const linked = new vscode.CancellationTokenSource();
      const subscriptions = [progressToken.onCancellationRequested(() => linked.cancel()), token?.onCancellationRequested(() => linked.cancel())];
      return controller.track(() => scanWorkspace(controller, log, progress, linked.token)).finally(() => {
        for (const subscription of subscriptions) subscription?.dispose();
        linked.dispose();
      });
    },
  );
}

/** The notification a finished Scan Workspace ends with: what was read and what was found, per rule. */
export function scanSummaryMessage(summary: ScanSummary): string {
  const rules = Object.entries(summary.findingsByRule)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, count]) => `${rule} ×${count}`);
  const what = summary.cancelled ? `Refactor Runbook: scan cancelled after ${summary.files} file${summary.files === 1 ? '' : 's'}` : `Refactor Runbook: scanned ${summary.files} file${summary.files === 1 ? '' : 's'}`;
  return `${what}; ${summary.findings === 0 ? 'no findings' : `${summary.findings} finding${summary.findings === 1 ? '' : 's'} (${rules.join(', ')})`}.`;
}

export const showProblemsAction = 'Show Problems';

/** Shows the summary; "Show Problems" opens the Problems view. Resolves when the notification is shown, not closed. */
export function announceScan(summary: ScanSummary): void {
  const message = scanSummaryMessage(summary);
  const shown = summary.findings > 0 ? vscode.window.showInformationMessage(message, showProblemsAction) : vscode.window.showInformationMessage(message);
  void shown.then((choice) => {
    if (choice === showProblemsAction) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}
