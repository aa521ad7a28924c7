// Problems the checklist finds in the files it reads, shown where they are: a malformed progress file (an error at
// the bad spot; ticks are not saved until it is fixed), ticks the checklist ignores (warnings), and mistakes in the
// project file's `checklist` overrides. The rest of the project file is reported by the project-file diagnostics.
import * as vscode from 'vscode';
import type { ChecklistController } from './checklistController';
import { loadChecklistEngine } from './lazyChecklistEngine';

const source = 'Refactor Runbook';

function rangeAt(line: number, column: number): vscode.Range {
  const start = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  return new vscode.Range(start, start.translate(0, 1));
}

export class ChecklistDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('refactor-runbook-checklist');

  update(controller: ChecklistController | undefined): void {
    this.collection.clear();
    if (controller === undefined) return;
    const progressUri = vscode.Uri.file(controller.progressFilePath);
    const progress = controller.progress;
    if (progress.kind === 'malformed') {
      this.collection.set(
        progressUri,
        progress.problems.map((problem) => {
          const diagnostic = new vscode.Diagnostic(rangeAt(problem.line, problem.column), `${problem.keyPath}: ${problem.message}. ${problem.fix}. Ticks are not saved until this is fixed; the file is left exactly as it is.`, vscode.DiagnosticSeverity.Error);
          diagnostic.source = source;
          diagnostic.code = 'progress-file';
          return diagnostic;
        }),
      );
    } else if (progress.kind === 'unreadable') {
      const diagnostic = new vscode.Diagnostic(rangeAt(1, 1), `${progress.detail}; ticks cannot be read or saved`, vscode.DiagnosticSeverity.Error);
      diagnostic.source = source;
      this.collection.set(progressUri, [diagnostic]);
    } else if (progress.kind === 'valid' && controller.checklistProject !== undefined) {
      const warnings = loadChecklistEngine().progressWarnings(progress.text, progress.content, controller.checklistProject.steps);
      this.collection.set(
        progressUri,
        warnings.map((warning) => {
          const diagnostic = new vscode.Diagnostic(rangeAt(warning.line, warning.column), warning.message, vscode.DiagnosticSeverity.Warning);
          diagnostic.source = source;
          diagnostic.code = 'ignored-tick';
          return diagnostic;
        }),
      );
    }
    const status = controller.status;
    if (status.kind === 'project-invalid') {
      const checklistProblems = status.problems.filter((problem) => problem.keyPath === 'checklist' || problem.keyPath.startsWith('checklist.') || problem.keyPath.startsWith('checklist['));
      if (checklistProblems.length > 0) {
        this.collection.set(
          vscode.Uri.file(status.filePath),
          checklistProblems.map((problem) => {
            const diagnostic = new vscode.Diagnostic(rangeAt(problem.line ?? 1, problem.column ?? 1), `${problem.keyPath}: ${problem.message}. Fix: ${problem.fix}`, vscode.DiagnosticSeverity.Error);
            diagnostic.source = source;
            diagnostic.code = 'checklist-overrides';
            return diagnostic;
          }),
        );
      }
    }
  }

  dispose(): void {
    this.collection.dispose();
  }
}
