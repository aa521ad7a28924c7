// "Refactor Runbook: Open Project File": opens the folder's refactor-runbook.json, creating it with the runbook's
// layout when there is none (the walkthrough's last step). An existing file is opened as it is, never rewritten.
import * as vscode from 'vscode';
import { projectFileName } from '../../core/config/projectFileName';
import { defaultLayoutSettings } from '../../core/layout/layoutGrammar';

export const openProjectFileCommand = 'refactorRunbook.openProjectFile';

export function registerOpenProjectFile(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(openProjectFileCommand, async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (folder === undefined) {
        void vscode.window.showErrorMessage(`Refactor Runbook: open the repository's folder first; ${projectFileName} goes at its root.`);
        return undefined;
      }
      const file = vscode.Uri.joinPath(folder.uri, projectFileName);
      const exists = await vscode.workspace.fs.stat(file).then(
        () => true,
        () => false,
      );
      if (!exists) {
        const { experimentRoot, segments, legacyRoots } = defaultLayoutSettings;
        const starter = { layout: { experimentRoot, segments, legacyRoots } };
        await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${JSON.stringify(starter, null, 2)}\n`));
      }
      await vscode.window.showTextDocument(file);
      return file;
    }),
  );
}
