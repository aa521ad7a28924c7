// A status bar count of Refactor Runbook findings (open files and, after a scan, the whole workspace); clicking it
// opens the Problems view. Updates are coalesced so a scan of thousands of files does not redraw it thousands of times.
import * as vscode from 'vscode';
import type { AnalysisController } from '../analysis/analysisController';
import type { FolderProject } from '../analysis/folderProject';

const refreshDelayMs = 100;

export function registerFindingsStatusBar(context: vscode.ExtensionContext, controller: AnalysisController): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('refactorRunbook.findings', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Refactor Runbook Findings';
  item.command = 'workbench.actions.view.problems';
  const invalidProjects = new Map<string, FolderProject>();
  let timer: NodeJS.Timeout | undefined;

  const render = (): void => {
    timer = undefined;
    let findings = 0;
    let files = 0;
    for (const published of controller.allPublished()) {
      if (published.findings.length > 0) files++;
      findings += published.findings.length;
    }
    const invalid = [...invalidProjects.values()];
    // Its own icons: the checklist's item beside it keeps $(checklist).
    item.text = `${invalid.length > 0 ? '$(error)' : findings > 0 ? '$(warning)' : '$(pass)'} ${findings} finding${findings === 1 ? '' : 's'}`;
    item.backgroundColor = invalid.length > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const scope = controller.workspaceScanned ? 'in the workspace' : 'in open files (run "Refactor Runbook: Scan Workspace" for the rest)';
    const lines = [`Refactor Runbook: ${findings} finding${findings === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} ${scope}.`, 'Click to open the Problems view.'];
    for (const project of invalid) lines.push(`⚠ ${project.description}`);
    item.tooltip = lines.join('\n');
    item.show();
  };
  const scheduleRender = (): void => {
    timer ??= setTimeout(render, refreshDelayMs);
  };

  context.subscriptions.push(
    item,
    controller.onDidChangeFindings(scheduleRender),
    controller.onDidLoadProject((project) => {
      if (project.problems === undefined) invalidProjects.delete(project.projectFilePath);
      else invalidProjects.set(project.projectFilePath, project);
      scheduleRender();
    }),
    { dispose: () => clearTimeout(timer) },
  );
  render();
  return item;
}
