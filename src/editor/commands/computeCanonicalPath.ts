// "Refactor Runbook: Compute Canonical Experiment Path": asks for each segment of the grammar in order (a quick pick
// where the project file lists allowed values, an input box checked against the grammar otherwise), then copies the
// path or inserts it at the cursor.
import * as vscode from 'vscode';
import { createLayoutModel } from '../../core/layout/layoutGrammar';
import type { LayoutModel } from '../../core/layout/layoutModel';
import type { AnalysisController } from '../analysis/analysisController';

export const computeCanonicalPathCommand = 'refactorRunbook.computeCanonicalPath';

/** The grammar's verdict on `value` as segment number `index`, or undefined when it is acceptable. */
export function segmentProblem(layout: LayoutModel, values: readonly string[], value: string): string | undefined {
  if (value.trim() === '') return 'Enter a value for this segment.';
  const parsed = layout.parse([layout.settings.experimentRoot, ...values, value].join('/'));
  return parsed.segments[values.length]?.problem;
}

async function askSegments(layout: LayoutModel): Promise<Record<string, string> | undefined> {
  const values: string[] = [];
  const segments = layout.settings.segments;
  for (const [index, segment] of segments.entries()) {
    const title = `Canonical experiment path (${index + 1}/${segments.length}): ${segment}`;
    const sofar = `${[layout.settings.experimentRoot, ...values].join('/')}/`;
    const allowed = layout.settings.allowedValues[segment];
    const value = allowed !== undefined && allowed.length > 0
      ? await vscode.window.showQuickPick([...allowed], { title, placeHolder: `${sofar}{${segment}}`, ignoreFocusOut: true })
      : await vscode.window.showInputBox({ title, prompt: `${sofar}{${segment}}`, placeHolder: segment, ignoreFocusOut: true, validateInput: (input) => segmentProblem(layout, values, input.trim()) });
    if (value === undefined) return undefined;
    values.push(value.trim());
  }
  return Object.fromEntries(segments.map((segment, index) => [segment, values[index] ?? '']));
}

export function registerComputeCanonicalPath(context: vscode.ExtensionContext, controller: AnalysisController): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(computeCanonicalPathCommand, async () => {
      const editor = vscode.window.activeTextEditor;
      const folderUri = (editor && vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
      const folder = folderUri === undefined ? undefined : await controller.folderFor(folderUri);
      const layout = createLayoutModel(folder?.project.settings.layout);
      const values = await askSegments(layout);
      if (values === undefined) return undefined;
      const canonicalPath = layout.format(values);
      const actions = editor === undefined ? ['Copy'] : ['Copy', 'Insert at Cursor'];
      const choice = await vscode.window.showInformationMessage(`Canonical experiment path: ${canonicalPath}`, ...actions);
      if (choice === 'Copy') await vscode.env.clipboard.writeText(canonicalPath);
      if (choice === 'Insert at Cursor' && editor !== undefined) {
        await editor.edit((builder) => editor.selections.forEach((selection) => builder.replace(selection, canonicalPath)));
      }
      return canonicalPath;
    }),
  );
}
