// Problems in `refactor-runbook.json` (invalid JSON, unknown keys or rule ids, allowed values that contradict the
// grammar) as error diagnostics on the file itself, updated as the user types, plus one notification when the
// analysis has to run on defaults because the saved file is invalid.
import * as vscode from 'vscode';
import type { ProjectFileProblem } from '../../core/config/projectFile';
import { projectFileName } from '../../core/config/projectFileName';
import type { AnalysisController } from '../analysis/analysisController';
import type { FolderProject } from '../analysis/folderProject';
import { loadEngine } from '../lazyEngine';
import type { ExtensionLog } from '../log';
import { diagnosticSource } from '../diagnostics/findingDiagnostics';

function rangeOfProblem(text: string, problem: ProjectFileProblem): vscode.Range {
  if (problem.line === undefined) return new vscode.Range(0, 0, 0, 0);
  const line = problem.line - 1;
  const start = (problem.column ?? 1) - 1;
  const lineText = text.split(/\r?\n/)[line] ?? '';
  // Underline the key or value token that starts at the reported column.
  const token = /^("(?:[^"\\]|\\.)*"|[^\s,}\]]+)/.exec(lineText.slice(start));
  return new vscode.Range(line, start, line, start + Math.max(token?.[0].length ?? 1, 1));
}

export function diagnosticsOfProjectProblems(text: string, problems: readonly ProjectFileProblem[]): vscode.Diagnostic[] {
  return problems.map((problem) => {
    const diagnostic = new vscode.Diagnostic(rangeOfProblem(text, problem), `${problem.keyPath}: ${problem.message}. Fix: ${problem.fix}`, vscode.DiagnosticSeverity.Error);
    diagnostic.source = diagnosticSource;
    diagnostic.code = 'project-file';
    return diagnostic;
  });
}

export function watchProjectFileProblems(context: vscode.ExtensionContext, controller: AnalysisController, log: ExtensionLog): void {
  const collection = vscode.languages.createDiagnosticCollection('refactor-runbook-project');
  const notified = new Set<string>();

  const isProjectFile = (uri: vscode.Uri): boolean => uri.scheme === 'file' && uri.path.endsWith(`/${projectFileName}`);
  const validateBuffer = (document: vscode.TextDocument): void => {
    if (!isProjectFile(document.uri)) return;
    const text = document.getText();
    const result = loadEngine().parseProjectFileText(document.uri.fsPath, text);
    collection.set(document.uri, result.ok ? [] : diagnosticsOfProjectProblems(text, result.problems));
  };
  const onProjectLoaded = (project: FolderProject): void => {
    const uri = vscode.Uri.file(project.projectFilePath);
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open !== undefined) {
      validateBuffer(open);
    } else if (project.problems === undefined) {
      collection.delete(uri);
    } else {
      void vscode.workspace.fs.readFile(uri).then(
        (bytes) => collection.set(uri, diagnosticsOfProjectProblems(new TextDecoder().decode(bytes), project.problems ?? [])),
        () => collection.set(uri, diagnosticsOfProjectProblems('', project.problems ?? [])),
      );
    }
    if (project.problems === undefined) {
      notified.delete(project.projectFilePath);
      return;
    }
    const key = project.projectFilePath;
    if (notified.has(key)) return;
    notified.add(key);
    void vscode.window
      .showErrorMessage(`Refactor Runbook: ${project.description}. ${project.problems[0]?.keyPath}: ${project.problems[0]?.message}.`, 'Open File', 'Show Log')
      .then((choice) => {
        if (choice === 'Open File') void vscode.window.showTextDocument(uri);
        if (choice === 'Show Log') log.show();
      });
  };

  context.subscriptions.push(
    collection,
    controller.onDidLoadProject(onProjectLoaded),
    vscode.workspace.onDidOpenTextDocument(validateBuffer),
    vscode.workspace.onDidChangeTextDocument((event) => validateBuffer(event.document)),
  );
}
