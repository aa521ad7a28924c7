// "Refactor Runbook: Show Migration Plan" (a Markdown preview of the plan: source -> target, conflicts, unmapped
// files with their reasons, counts and sizes) and "Write Migration Script" / "Write Checkpoint Converter" (the same
// generators as `refactor-runbook migrate script|converter`). The project file is read as the CLI reads it: an
// invalid one stops the command with its problems instead of planning with the defaults.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MigrationPlan } from '../../core/migration/migrationPlan';
import type { ProjectSettings } from '../../core/config/projectSettings';
import { loadCore } from '../lazyCore';

export const showMigrationPlanCommand = 'refactorRunbook.migration.showPlan';
export const writeMigrationScriptCommand = 'refactorRunbook.migration.writeScript';
export const writeConverterCommand = 'refactorRunbook.migration.writeConverter';
const planScheme = 'refactor-runbook-migration';

/** What the commands return (for tests and other extensions). */
export interface MigrationCommandResult {
  readonly folder: string;
  readonly plan: MigrationPlan;
  readonly previewUri?: string;
  readonly written?: string;
}

function toolVersion(context: vscode.ExtensionContext): string {
  const version = (context.extension.packageJSON as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

async function chooseFolder(argument: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  if (argument instanceof vscode.Uri) return vscode.workspace.getWorkspaceFolder(argument);
  const folders = vscode.workspace.workspaceFolders ?? [];
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active === undefined ? undefined : vscode.workspace.getWorkspaceFolder(active);
  if (fromEditor !== undefined || folders.length <= 1) return fromEditor ?? folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Migrate the legacy artifacts of which folder?' });
}

function loadSettings(folder: vscode.WorkspaceFolder): { settings: ProjectSettings; root: string } | undefined {
  const { migrationEngine } = loadCore();
  const loaded = migrationEngine.loadProjectFile(path.join(folder.uri.fsPath, 'refactor-runbook.json'), folder.uri.fsPath);
  if (!loaded.ok) {
    void vscode.window.showErrorMessage(`Refactor Runbook: cannot plan the migration: ${migrationEngine.describeProjectProblems(loaded.filePath, loaded.problems)}`, { modal: false });
    return undefined;
  }
  return { settings: loaded.project.settings, root: loaded.project.rootDirectory };
}

async function planWithProgress(folder: vscode.WorkspaceFolder): Promise<{ plan: MigrationPlan; settings: ProjectSettings; root: string } | undefined> {
  const loaded = loadSettings(folder);
  if (loaded === undefined) return undefined;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Refactor Runbook: planning the migration of ${folder.name}`, cancellable: true }, async (_progress, token) => {
    // Let the notification show before the walk of the legacy roots starts.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (token.isCancellationRequested) return undefined;
    const plan = loadCore().migrationEngine.buildMigrationPlan(loaded.root, loaded.settings);
    return token.isCancellationRequested ? undefined : { plan, ...loaded };
  });
}

export function registerMigrationCommands(context: vscode.ExtensionContext): void {
  const previews = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(changed);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(planScheme, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => previews.get(uri.toString()) ?? '# Migration plan\n\nRun **Refactor Runbook: Show Migration Plan** again.\n',
    }),
  );

  const write = async (argument: unknown, kind: 'script' | 'converter'): Promise<MigrationCommandResult | undefined> => {
    const folder = await chooseFolder(argument);
    if (folder === undefined) return undefined;
    const planned = await planWithProgress(folder);
    if (planned === undefined) return undefined;
    const { plan, settings, root } = planned;
    const { migrationEngine } = loadCore();
    const migration = settings.migration ?? migrationEngine.defaultMigrationSettings;
    if (kind === 'script' && plan.summary.conflict.files > 0) {
      void vscode.window.showErrorMessage(`Refactor Runbook: the migration plan has ${plan.summary.conflict.files} conflict(s); resolve them first (Show Migration Plan lists them). No script was written.`);
      return { folder: root, plan };
    }
    const relative = kind === 'script' ? migration.script : migration.converter;
    const command = kind === 'script' ? 'Refactor Runbook: Write Migration Script' : 'Refactor Runbook: Write Checkpoint Converter';
    const text = kind === 'script'
      ? migrationEngine.migrationScriptText(plan, { scriptPath: relative, toolVersion: toolVersion(context), command, converterPath: migration.converter })
      : migrationEngine.converterScriptText(plan, { scriptPath: relative, toolVersion: toolVersion(context), command });
    const absolute = path.join(root, relative);
    try {
      mkdirSync(path.dirname(absolute), { recursive: true });
      writeFileSync(absolute, text, { mode: 0o755 });
    } catch (error) {
      void vscode.window.showErrorMessage(`Refactor Runbook: cannot write ${absolute}: ${error instanceof Error ? error.message : String(error)}`);
      return { folder: root, plan };
    }
    await vscode.window.showTextDocument(vscode.Uri.file(absolute), { preview: false });
    void vscode.window.showInformationMessage(kind === 'script'
      ? `Wrote ${relative}: ${plan.summary.move.files} file(s) to move. Run \`sh ${relative}\` for a dry run, then with --apply.`
      : `Wrote ${relative}: ${plan.summary.convert.files} checkpoint(s) to convert. Run \`python ${relative}\` for a dry run, then with --apply.`);
    return { folder: root, plan, written: relative };
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(showMigrationPlanCommand, async (argument: unknown): Promise<MigrationCommandResult | undefined> => {
      const folder = await chooseFolder(argument);
      if (folder === undefined) {
        void vscode.window.showInformationMessage('Refactor Runbook: open a folder to plan its migration.');
        return undefined;
      }
      const planned = await planWithProgress(folder);
      if (planned === undefined) return undefined;
      const { plan, root } = planned;
      const uri = vscode.Uri.from({ scheme: planScheme, path: `/${folder.name}/migration-plan.md` });
      previews.set(uri.toString(), loadCore().migrationEngine.planAsMarkdown(plan));
      changed.fire(uri);
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      const writeScript = 'Write Migration Script';
      const writeConverter = 'Write Checkpoint Converter';
      const actions = [...(plan.summary.conflict.files === 0 && plan.summary.move.files > 0 ? [writeScript] : []), ...(plan.summary.convert.files > 0 ? [writeConverter] : [])];
      const { move, convert, conflict, unmapped } = plan.summary;
      void vscode.window.showInformationMessage(`Migration plan: ${move.files} to move, ${convert.files} to convert, ${conflict.files} conflict(s), ${unmapped.files} unmapped.`, ...actions).then((chosen) => {
        if (chosen === writeScript) void vscode.commands.executeCommand(writeMigrationScriptCommand, folder.uri);
        if (chosen === writeConverter) void vscode.commands.executeCommand(writeConverterCommand, folder.uri);
      });
      return { folder: root, plan, previewUri: uri.toString() };
    }),
    vscode.commands.registerCommand(writeMigrationScriptCommand, (argument: unknown) => write(argument, 'script')),
    vscode.commands.registerCommand(writeConverterCommand, (argument: unknown) => write(argument, 'converter')),
  );
}
