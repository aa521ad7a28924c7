// Inline warnings: diagnostics for open files and (after a scan) the whole workspace, quick fixes, the layout hover,
// the canonical path command, project-file problems and the status bar count. Nothing here loads the parser during
// activation: the analyzer is created on the first analysis.
import * as vscode from 'vscode';
import { AnalysisController } from './analysis/analysisController';
import type { PublishedFindings } from './analysis/analysisController';
import { trackOpenDocuments } from './analysis/documentTracking';
import { watchWorkspaceFiles } from './analysis/fileWatching';
import type { ScanSummary } from './analysis/workspaceScan';
import { announceScan, runWorkspaceScanWithProgress, scanSummaryMessage } from './analysis/workspaceScan';
import { FindingCodeActionProvider } from './codeActions/findingCodeActions';
import { currentSegmentStep, registerComputeCanonicalPath } from './commands/computeCanonicalPath';
import type { SegmentStep } from './commands/computeCanonicalPath';
import { LayoutPathHoverProvider } from './hover/layoutPathHover';
import type { ExtensionLog } from './log';
import { watchProjectFileProblems } from './projectFile/projectFileDiagnostics';
import type { InlineWarningSettings } from '../core/config/inlineWarningSettings';
import { settingsSection } from '../core/config/settingsSection';
import { loadEngine } from './lazyEngine';
import { reportSettingProblems } from './settingProblems';
import { registerFindingsStatusBar } from './statusBar/findingsStatusBar';

export const scanWorkspaceCommand = 'refactorRunbook.scanWorkspace';
const inlineWarningSettingKeys: readonly (keyof InlineWarningSettings)[] = ['enable', 'scanOnStartup', 'debounceMs', 'severityOverrides', 'maxFileSizeBytes'];

export interface InlineWarningsApi {
  /** Resolves when no analysis is pending (debounced edits included). */
  whenIdle(): Promise<void>;
  scanWorkspace(): Thenable<ScanSummary>;
  findingsFor(uri: vscode.Uri): PublishedFindings | undefined;
  /**
   * Durations (ms) of recent open-document analyses, newest last: the rules and publishing after the debounce (and
   * the parse, unless the keystroke-time parse already did it).
   */
  readonly recentDocumentAnalysisMs: readonly number[];
  /** The path wizard's open step, if any (tests type into its quick pick). */
  readonly pathWizardStep: () => SegmentStep | undefined;
}

const analysedFiles: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.py' },
  { scheme: 'file', pattern: '**/*.{sh,sbatch,slurm}' },
  { scheme: 'file', pattern: '**/*.md' },
];

function readSettings(log: ExtensionLog): InlineWarningSettings {
  const configuration = vscode.workspace.getConfiguration(settingsSection);
  const read = loadEngine().readInlineWarningSettings((key) => configuration.get(key));
  reportSettingProblems(read.problems, log);
  return read.settings;
}

export function registerInlineWarnings(context: vscode.ExtensionContext, log: ExtensionLog): InlineWarningsApi {
  const diagnostics = vscode.languages.createDiagnosticCollection('refactor-runbook');
  const controller = new AnalysisController(context.extensionUri, diagnostics, log, () => readSettings(log));
  context.subscriptions.push(diagnostics, controller);

  // A new scan (settings or project file changed, or the user asked again) supersedes one still running.
  let runningScan: vscode.CancellationTokenSource | undefined;
  const scan = async (): Promise<ScanSummary> => {
    runningScan?.cancel();
    const cancellation = new vscode.CancellationTokenSource();
    runningScan = cancellation;
    try {
      return await runWorkspaceScanWithProgress(controller, log, cancellation.token);
    } finally {
      if (runningScan === cancellation) runningScan = undefined;
      cancellation.dispose();
    }
  };
  const reanalyzeEverything = async (): Promise<void> => {
    controller.clearAll();
    if (!controller.currentSettings.enable) return;
    for (const document of vscode.workspace.textDocuments) void controller.analyzeDocument(document);
    if (controller.workspaceScanned) await scan();
  };
  const reloadAndReanalyze = (settings?: InlineWarningSettings): void => {
    void controller.track(() => controller.reloadProjects(settings).then(reanalyzeEverything));
  };

  watchProjectFileProblems(context, controller, log);
  registerFindingsStatusBar(context, controller);
  registerComputeCanonicalPath(context, controller);
  trackOpenDocuments(context, controller);
  watchWorkspaceFiles(context, controller, {
    onProjectFileChanged: () => reloadAndReanalyze(),
    // Cached results make this cheap: only files whose scope or content changed are analysed again.
    onScopeChanged: () => {
      if (!controller.currentSettings.enable) return;
      for (const document of vscode.workspace.textDocuments) void controller.analyzeDocument(document);
      if (controller.workspaceScanned) void scan();
    },
  });
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(analysedFiles, new FindingCodeActionProvider(controller, context.extensionUri), {
      providedCodeActionKinds: FindingCodeActionProvider.providedCodeActionKinds,
    }),
    vscode.languages.registerHoverProvider(analysedFiles, new LayoutPathHoverProvider(controller, context.extensionUri)),
    vscode.commands.registerCommand(scanWorkspaceCommand, async () => {
      const summary = await scan();
      announceScan(summary);
      return { ...summary, message: scanSummaryMessage(summary) };
    }),
    { dispose: () => runningScan?.cancel() },
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Only this feature's settings: the tasks' interpreter or the checklist's options do not change findings.
      if (inlineWarningSettingKeys.some((key) => event.affectsConfiguration(`${settingsSection}.${key}`))) reloadAndReanalyze(readSettings(log));
    }),
  );
  // After activation returns: reading settings and the first scan load the core, which activation must not wait for.
  const release = controller.holdIdle();
  setTimeout(() => {
    const settings = controller.currentSettings;
    if (settings.enable && settings.scanOnStartup) void scan().finally(release);
    else release();
  }, 0);
  return { whenIdle: () => controller.whenIdle(), scanWorkspace: scan, findingsFor: (uri) => controller.findingsFor(uri), recentDocumentAnalysisMs: controller.recentDocumentAnalysisMs, pathWizardStep: currentSegmentStep };
}
