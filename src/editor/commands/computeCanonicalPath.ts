// "Refactor Runbook: Compute Canonical Experiment Path": asks for each segment of the grammar in order, in a quick pick
// that offers the project file's allowed values (only those, when it lists some) or the values the workspace's
// presets, job scripts and docs already use plus whatever is typed. Each value is checked as one folder name at the
// step that takes it; then the path is copied or inserted at the cursor.
import * as vscode from 'vscode';
import { createLayoutModel } from '../../core/layout/layoutGrammar';
import type { LayoutModel } from '../../core/layout/layoutModel';
import { loadEngine } from '../lazyEngine';
import type { AnalysisController } from '../analysis/analysisController';

export const computeCanonicalPathCommand = 'refactorRunbook.computeCanonicalPath';

/** Files read for the values the workspace already uses; enough for any research repo's presets and scripts. */
const maxFilesForKnownValues = 2000;

interface ValueItem extends vscode.QuickPickItem {
  /** The value this item enters, or undefined for an item that only explains why the typed text cannot be used. */
  readonly value: string | undefined;
}

/** The open segment step, for the integration tests (they type into it and read its items). */
export interface SegmentStep {
  readonly segment: string;
  readonly picker: vscode.QuickPick<vscode.QuickPickItem>;
}

let currentStep: SegmentStep | undefined;

export function currentSegmentStep(): SegmentStep | undefined {
  return currentStep;
}

async function valuesUsedInWorkspace(layout: LayoutModel, folder: vscode.Uri | undefined, token: vscode.CancellationToken): Promise<Map<string, Set<string>>> {
  const seen = new Map<string, Set<string>>();
  if (folder === undefined) return seen;
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.{py,sh,slurm,sbatch,md,yaml,yml,json}'), '**/{node_modules,.git,.venv,venv,__pycache__}/**', maxFilesForKnownValues, token);
  const { segmentValuesIn } = loadEngine();
  for (const file of files) {
    if (token.isCancellationRequested) break;
    try {
      segmentValuesIn(layout, new TextDecoder().decode(await vscode.workspace.fs.readFile(file)), seen);
    } catch {
      // An unreadable file offers no values; the wizard still takes typed ones.
    }
  }
  return seen;
}

function itemsFor(layout: LayoutModel, values: readonly string[], segment: string, known: readonly string[], typed: string): ValueItem[] {
  const allowed = layout.settings.allowedValues[segment] ?? [];
  const offered: ValueItem[] = (allowed.length > 0 ? allowed : known).map((value) => ({
    label: value,
    value,
    description: allowed.length > 0 ? 'allowed value' : 'used in this workspace',
  }));
  const text = typed.trim();
  if (text === '' || offered.some((item) => item.label === text)) return offered;
  const problem = loadEngine().segmentValueProblem(layout, values, text);
  if (problem !== undefined) return [{ label: `$(error) ${text}`, value: undefined, description: 'cannot be used', detail: problem, alwaysShow: true }, ...offered];
  return [{ label: text, value: text, description: 'typed value', alwaysShow: true }, ...offered];
}

function askSegment(layout: LayoutModel, values: readonly string[], known: readonly string[]): Promise<string | undefined> {
  const segments = layout.settings.segments;
  const segment = segments[values.length] ?? '';
  const picker = vscode.window.createQuickPick<ValueItem>();
  picker.title = `Canonical experiment path (${values.length + 1}/${segments.length}): ${segment}`;
  picker.placeholder = `${[layout.settings.experimentRoot, ...values].join('/')}/{${segment}}: pick${(layout.settings.allowedValues[segment] ?? []).length > 0 ? '' : ' or type'} one folder name`;
  picker.ignoreFocusOut = true;
  picker.matchOnDescription = false;
  picker.items = itemsFor(layout, values, segment, known, '');
  currentStep = { segment, picker: picker as unknown as vscode.QuickPick<vscode.QuickPickItem> };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: string | undefined): void => {
      if (settled) return;
      settled = true;
      currentStep = undefined;
      picker.dispose();
      resolve(value);
    };
    picker.onDidChangeValue((typed) => {
      picker.items = itemsFor(layout, values, segment, known, typed);
    });
    picker.onDidAccept(() => {
      const chosen = picker.activeItems[0] ?? picker.selectedItems[0];
      // An explanation is not a value: the step stays open until a usable one is picked or typed.
      if (chosen?.value === undefined) return;
      finish(chosen.value);
    });
    picker.onDidHide(() => finish(undefined));
    picker.show();
  });
}

async function askSegments(layout: LayoutModel, folder: vscode.Uri | undefined): Promise<Record<string, string> | undefined> {
  const cancel = new vscode.CancellationTokenSource();
  let used: Map<string, Set<string>>;
  try {
    used = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Refactor Runbook: reading the values the workspace uses' }, () => valuesUsedInWorkspace(layout, folder, cancel.token));
  } finally {
    cancel.dispose();
  }
  const values: string[] = [];
  for (const segment of layout.settings.segments) {
    const value = await askSegment(layout, values, [...(used.get(segment) ?? [])].sort());
    if (value === undefined) return undefined;
    values.push(value);
  }
  return Object.fromEntries(layout.settings.segments.map((segment, index) => [segment, values[index] ?? '']));
}

export function registerComputeCanonicalPath(context: vscode.ExtensionContext, controller: AnalysisController): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(computeCanonicalPathCommand, async () => {
      const editor = vscode.window.activeTextEditor;
      const folderUri = (editor && vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
      const folder = folderUri === undefined ? undefined : await controller.folderFor(folderUri);
      const layout = createLayoutModel(folder?.project.settings.layout);
      const values = await askSegments(layout, folderUri);
      if (values === undefined) return undefined;
      const canonicalPath = layout.format(values);
      const actions = editor === undefined ? ['Copy'] : ['Copy', 'Insert at Cursor'];
      void vscode.window.showInformationMessage(`Canonical experiment path: ${canonicalPath}`, ...actions).then(async (choice) => {
        if (choice === 'Copy') await vscode.env.clipboard.writeText(canonicalPath);
        if (choice === 'Insert at Cursor' && editor !== undefined) {
          await editor.edit((builder) => editor.selections.forEach((selection) => builder.replace(selection, canonicalPath)));
        }
      });
      return canonicalPath;
    }),
  );
}
