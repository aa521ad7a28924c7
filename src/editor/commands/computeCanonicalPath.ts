// "Refactor Runbook: Compute Canonical Experiment Path": asks for each field of the layout template in order (one per
// folder by default; several for a folder such as `{model_type}_{scale}_{stage}[_{aux}]`), in a quick pick that offers
// the project file's allowed values (only those, when it lists some) or the values the workspace's presets, job
// scripts and docs already use plus whatever is typed. Each value is checked at the step that takes it as the template
// requires (one folder name; no separator of its folder inside it); an optional part can be left out. The folders
// are then composed through the template, and the path is copied or inserted at the cursor.
import * as vscode from 'vscode';
import { createLayoutModel } from '../../core/layout/layoutGrammar';
import type { LayoutModel } from '../../core/layout/layoutModel';
import type { WizardField } from '../../core/layout/segmentValues';
import { loadEngine } from '../lazyEngine';
import type { AnalysisController } from '../analysis/analysisController';

export const computeCanonicalPathCommand = 'refactorRunbook.computeCanonicalPath';

/** Files read for the values the workspace already uses; enough for any research repo's presets and scripts. */
const maxFilesForKnownValues = 2000;

interface ValueItem extends vscode.QuickPickItem {
  /** The value this item enters, or undefined for an item that only explains why the typed text cannot be used. */
  readonly value: string | undefined;
  /** The item that leaves an optional part out. */
  readonly skip?: true;
}

/** The open field step, for the integration tests (they type into it and read its items). */
export interface SegmentStep {
  /** The template field asked for. */
  readonly segment: string;
  /** True when the field may be left out. */
  readonly optional: boolean;
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

function itemsFor(layout: LayoutModel, field: WizardField, skippable: boolean, known: readonly string[], typed: string): ValueItem[] {
  const allowed = layout.settings.allowedValues[field.name] ?? [];
  const offered: ValueItem[] = (allowed.length > 0 ? allowed : known).map((value) => ({
    label: value,
    value,
    description: allowed.length > 0 ? 'allowed value' : 'used in this workspace',
  }));
  const optionalPart = field.optionalPart.map((name) => `{${name}}`).join(', ');
  const skip: ValueItem[] = skippable ? [{ label: `$(debug-step-over) Leave out ${optionalPart}`, value: undefined, skip: true, description: 'optional', detail: `The folder ${field.folder} is written without this optional part.` }] : [];
  const text = typed.trim();
  if (text === '' || offered.some((item) => item.label === text)) return [...offered, ...skip];
  const problem = loadEngine().fieldValueProblem(layout, field.name, text);
  if (problem !== undefined) return [{ label: `$(error) ${text}`, value: undefined, description: 'cannot be used', detail: problem, alwaysShow: true }, ...offered, ...skip];
  return [{ label: text, value: text, description: 'typed value', alwaysShow: true }, ...offered, ...skip];
}

type FieldAnswer = { readonly kind: 'value'; readonly value: string } | { readonly kind: 'skip' };

interface FieldQuestion {
  readonly field: WizardField;
  readonly index: number;
  readonly count: number;
  readonly skippable: boolean;
  /** The path so far, e.g. `experimentruns/cifar10/resnet18_{scale}_{stage}[_{aux}]`. */
  readonly preview: string;
}

function askField(layout: LayoutModel, question: FieldQuestion, known: readonly string[]): Promise<FieldAnswer | undefined> {
  const { field } = question;
  const picker = vscode.window.createQuickPick<ValueItem>();
  const allowed = (layout.settings.allowedValues[field.name] ?? []).length > 0;
  picker.title = `Canonical experiment path (${question.index + 1}/${question.count}): ${field.name}${question.skippable ? ' (optional)' : ''}`;
  picker.placeholder = `${question.preview}: pick${allowed ? '' : ' or type'} ${field.wholeFolder ? 'one folder name' : `the ${field.name} part of ${field.folder}`}${question.skippable ? ', or leave it out' : ''}`;
  picker.ignoreFocusOut = true;
  picker.matchOnDescription = false;
  picker.items = itemsFor(layout, field, question.skippable, known, '');
  currentStep = { segment: field.name, optional: question.skippable, picker: picker as unknown as vscode.QuickPick<vscode.QuickPickItem> };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: FieldAnswer | undefined): void => {
      if (settled) return;
      settled = true;
      currentStep = undefined;
      picker.dispose();
      resolve(answer);
    };
    picker.onDidChangeValue((typed) => {
      picker.items = itemsFor(layout, field, question.skippable, known, typed);
    });
    picker.onDidAccept(() => {
      const chosen = picker.activeItems[0] ?? picker.selectedItems[0];
      if (chosen?.skip === true) return finish({ kind: 'skip' });
      // An explanation is not a value: the step stays open until a usable one is picked or typed.
      if (chosen?.value === undefined) return;
      finish({ kind: 'value', value: chosen.value });
    });
    picker.onDidHide(() => finish(undefined));
    picker.show();
  });
}

/** Asks for every field of the template in order; an optional part is left out as a whole or given as a whole. */
async function askFields(layout: LayoutModel, folder: vscode.Uri | undefined): Promise<Record<string, string> | undefined> {
  const cancel = new vscode.CancellationTokenSource();
  let used: Map<string, Set<string>>;
  try {
    used = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Refactor Runbook: reading the values the workspace uses' }, () => valuesUsedInWorkspace(layout, folder, cancel.token));
  } finally {
    cancel.dispose();
  }
  const { pathPreview, wizardFields } = loadEngine();
  const fields = wizardFields(layout.template);
  const values: Record<string, string> = {};
  const skipped = new Set<string>();
  for (const [index, field] of fields.entries()) {
    // The rest of an optional part follows its first field: left out with it, or then required.
    if (field.optionalPart.some((name) => skipped.has(name))) {
      skipped.add(field.name);
      continue;
    }
    const skippable = field.optional && field.optionalPart.every((name) => values[name] === undefined);
    const answer = await askField(layout, { field, index, count: fields.length, skippable, preview: pathPreview(layout.template, values, skipped) }, [...(used.get(field.name) ?? [])].sort());
    if (answer === undefined) return undefined;
    if (answer.kind === 'skip') skipped.add(field.name);
    else values[field.name] = answer.value;
  }
  return values;
}

export function registerComputeCanonicalPath(context: vscode.ExtensionContext, controller: AnalysisController): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(computeCanonicalPathCommand, async () => {
      const editor = vscode.window.activeTextEditor;
      const folderUri = (editor && vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
      const folder = folderUri === undefined ? undefined : await controller.folderFor(folderUri);
      const layout = createLayoutModel(folder?.project.settings.layout);
      const values = await askFields(layout, folderUri);
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
