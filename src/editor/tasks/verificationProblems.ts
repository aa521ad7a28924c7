// The Problems entries of the verification tasks, in the extension's own diagnostic collection: what the core's
// problem book (verificationProblemBook.ts) says is current after each tool that ran to its end. A run that stops
// early, a focused test and a narrower syntax check change only what they ran over.
import * as vscode from 'vscode';
import type { ProblemSeverity } from '../../core/verification/problemMatchers';
import type { FinishedStep, VerificationProblem, VerificationProblemBook } from '../../core/verification/verificationProblemBook';
import { loadVerificationEngine } from './lazyVerificationEngine';

const severities: Readonly<Record<ProblemSeverity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

// VS Code's task problems mark a whole line, or a file's first line, up to its end.
const lineEnd = 2 ** 31 - 1;

function diagnosticOf(problem: VerificationProblem): vscode.Diagnostic {
  const line = Math.max(0, problem.line - 1);
  const range =
    problem.column === undefined || problem.wholeFile
      ? new vscode.Range(line, 0, line, lineEnd)
      : new vscode.Range(line, Math.max(0, problem.column - 1), line, Math.max(0, problem.column - 1));
  const diagnostic = new vscode.Diagnostic(range, problem.message, severities[problem.severity]);
  diagnostic.source = problem.source;
  if (problem.code !== undefined) diagnostic.code = problem.code;
  return diagnostic;
}

export class VerificationProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('refactor-runbook-verification');
  private book: VerificationProblemBook | undefined;

  /** Takes in a step whose tool ran to its end, and shows what is current. */
  record(step: FinishedStep): void {
    this.book ??= new (loadVerificationEngine().VerificationProblemBook)();
    if (!this.book.recordFinishedStep(step)) return;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const problem of this.book.problems()) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), diagnosticOf(problem)]);
    this.collection.clear();
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
